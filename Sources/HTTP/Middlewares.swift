// Standard middleware: request ids, the access log, authentication, metrics, error mapping.
import Synchronization

public enum Middlewares {
    /// Echoes a sane client `X-Request-Id` (1–64 of `[A-Za-z0-9-_]`) or generates one; sets
    /// `request.requestID` and the response's `X-Request-Id`.
    public static func requestID() -> Middleware {
        { request, next in
            var request = request
            if let given = request.headers["X-Request-Id"], isSane(given) {
                request.requestID = given
            } else {
                request.requestID = generateID()
            }
            var response = try next(request)
            response.headers.set("X-Request-Id", request.requestID)
            return response
        }
    }

    static func isSane(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95
        }
    }

    /// 16 hex digits, unique within the process and unguessable without its secret seed: a
    /// counter mixed with a seed drawn once (no system call per request).
    static func generateID() -> String {
        var z = requestIDSeed &+ requestCounter.add(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let hex = String(z, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static let requestIDSeed = UInt64.random(in: .min ... .max)
    private static let requestCounter = Atomic<UInt64>(0)

    /// One logfmt line per request: `time id method path status bytes duration_ms user`.
    /// A thrown error is logged with its status (500 unless an `HTTPError`) and rethrown.
    public static func accessLog(_ sink: @escaping @Sendable (String) -> Void) -> Middleware {
        { request, next in
            let started = Clock.now()
            let time = HTTPDate.nowRFC3339()
            func line(_ status: Int, _ bytes: Int, _ user: String?) -> String {
                let micros = Int(((Clock.now() - started) * 1_000_000).rounded())
                var fraction: [UInt8] = []
                HTTPDate.appendDigits(&fraction, micros % 1000, 3)
                var line = "time="
                line.reserveCapacity(160 + request.path.utf8.count)
                line += time
                line += " id=" + Logfmt.value(request.requestID.isEmpty ? "-" : request.requestID)
                line += " method=" + Logfmt.value(request.method)
                line += " path=" + Logfmt.value(request.path)
                line += " status=" + String(status)
                line += " bytes=" + String(bytes)
                line += " duration_ms=" + String(micros / 1000) + "." + String(decoding: fraction, as: UTF8.self)
                line += " user=" + Logfmt.value(user ?? "-")
                return line
            }
            do {
                let response = try next(request)
                sink(line(response.status, response.body.count, response.user ?? request.user))
                return response
            } catch {
                sink(line((error as? HTTPError)?.status ?? 500, 0, request.user))
                throw error
            }
        }
    }

    /// Maps `HTTPError` to its problem+json answer and any other error to a 500 problem whose
    /// detail says nothing of the error. `report` (if given) sees the other errors, for logs.
    public static func errorMapping(report: (@Sendable (Request, any Error) -> Void)? = nil) -> Middleware {
        { request, next in
            do {
                return try next(request)
            } catch let error as HTTPError {
                return error.response
            } catch {
                report?(request, error)
                return Problem.response(status: 500, title: "Internal Server Error",
                                        detail: "The server could not complete the request.")
            }
        }
    }

    /// Counts each request in `metrics` by route template (or `unmatched`), method and status.
    public static func metrics(_ metrics: ServerMetrics) -> Middleware {
        { request, next in
            let started = Clock.now()
            let route = request.route ?? "unmatched"
            do {
                let response = try next(request)
                metrics.record(route: route, method: request.method, status: response.status, duration: Clock.now() - started)
                return response
            } catch {
                metrics.record(route: route, method: request.method, status: (error as? HTTPError)?.status ?? 500,
                               duration: Clock.now() - started)
                throw error
            }
        }
    }

    /// Authentication: requests for which `isPublic` is false must be accepted by `authenticate`,
    /// which returns the user's name (or nil, or throws) — else 401 with `WWW-Authenticate: Bearer`.
    /// The user is set on `request.user` and `response.user` (for the access log); an `HTTPError`
    /// thrown further in is rendered here for the same reason.
    public static func authentication(isPublic: @escaping @Sendable (Request) -> Bool,
                                      authenticate: @escaping @Sendable (Request) throws -> String?) -> Middleware {
        { request, next in
            if isPublic(request) { return try next(request) }
            guard let user = try authenticate(request) else {
                throw HTTPError(401, "Authentication is required.", headers: [("WWW-Authenticate", "Bearer")])
            }
            var request = request
            request.user = user
            var response: Response
            do {
                response = try next(request)
            } catch let error as HTTPError {
                response = error.response  // rendered here so the access log still knows the user
            }
            if response.user == nil { response.user = user }
            return response
        }
    }

    /// The token of an `Authorization: Bearer <token>` header.
    public static func bearerToken(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        // "Bearer" (any case), one or more spaces, the token; read on bytes.
        let bytes = value.utf8
        guard bytes.count > 7, let space = bytes.firstIndex(of: UInt8(ascii: " ")),
              HTTPHeaders.sameName(String(value[..<space]), "Bearer") else { return nil }
        let token = value[space...].trimmingOWS()
        return token.isEmpty ? nil : String(token)
    }
}
