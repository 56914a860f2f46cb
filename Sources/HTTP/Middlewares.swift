// Standard middleware: request ids, the access log, authentication, metrics, error mapping.
import Synchronization

public enum Middlewares {
    /// The standard layers in one: a request id (outermost), the access log, metrics, and error
    /// mapping (innermost). The same as `requestID()`, `accessLog(_:)`, `metrics(_:)` and
    /// `errorMapping(report:)` added in that order, without a closure and a copy of the request
    /// per layer: this runs around every request.
    public static func standard(accessLog sink: @escaping @Sendable (String) -> Void, metrics: ServerMetrics?,
                                report: (@Sendable (Request, any Error) -> Void)? = nil) -> Middleware {
        { (request: consuming Request, next) in
            request.requestID = requestID(for: request)
            let started = Clock.now()
            let time = Clock.wall()
            var response: Response
            do {
                response = try next(copy request)  // a copy: the log and `report` read it afterwards
            } catch {
                response = errorResponse(error, request, report: report)
            }
            let duration = Clock.now() - started
            metrics?.record(route: request.route ?? "unmatched", method: request.method, status: response.status, duration: duration)
            sink(AccessLogLine.make(time: time, requestID: request.requestID, method: request.method, path: request.path,
                                    status: response.status, bytes: response.body.count,
                                    micros: Int((duration * 1_000_000).rounded()), user: response.user ?? request.user))
            response.headers.set("X-Request-Id", request.requestID)
            return response
        }
    }

    /// Echoes a sane client `X-Request-Id` (1–64 of `[A-Za-z0-9-_]`) or generates one; sets
    /// `request.requestID` and the response's `X-Request-Id`.
    public static func requestID() -> Middleware {
        { request, next in
            var request = request
            request.requestID = requestID(for: request)
            var response = try next(request)
            response.headers.set("X-Request-Id", request.requestID)
            return response
        }
    }

    /// The id a request goes by: the client's `X-Request-Id` when it is sane, else a new one.
    static func requestID(for request: Request) -> String {
        if let given = request.headers["X-Request-Id"], isSane(given) { return given }
        return generateID()
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
        return String(unsafeUninitializedCapacity: 16) { digits in
            for i in 0..<16 { digits[i] = hexDigits[Int(truncatingIfNeeded: (z >> UInt64(60 - 4 * i)) & 0xF)] }
            return 16
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let requestIDSeed = UInt64.random(in: .min ... .max)
    private static let requestCounter = Atomic<UInt64>(0)

    /// One logfmt line per request: `time id method path status bytes duration_ms user`.
    /// A thrown error is logged with its status (500 unless an `HTTPError`) and rethrown.
    public static func accessLog(_ sink: @escaping @Sendable (String) -> Void) -> Middleware {
        { request, next in
            let started = Clock.now()
            let time = Clock.wall()
            func line(_ status: Int, _ bytes: Int, _ user: String?) -> String {
                AccessLogLine.make(time: time, requestID: request.requestID, method: request.method, path: request.path,
                                   status: status, bytes: bytes, micros: Int(((Clock.now() - started) * 1_000_000).rounded()), user: user)
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
            } catch {
                return errorResponse(error, request, report: report)
            }
        }
    }

    /// The answer to a thrown error: an `HTTPError`'s own, anything else a 500 that says nothing of it.
    static func errorResponse(_ error: any Error, _ request: Request, report: (@Sendable (Request, any Error) -> Void)?) -> Response {
        if let error = error as? HTTPError { return error.response }
        report?(request, error)
        return Problem.response(status: 500, title: "Internal Server Error", detail: "服务器未能完成此请求 (The server could not complete the request.)")
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
                throw HTTPError(401, "须先登录 (Authentication is required.)", headers: [("WWW-Authenticate", "Bearer")])
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

    /// The token of an `Authorization: Bearer <token>` header: "Bearer" in any case, one or more
    /// spaces, the token (optional whitespace around it ignored). Read on bytes: it is on every request.
    public static func bearerToken(_ request: Request) -> String? {
        request.headers.withValue("Authorization") { bytes -> String? in
            let scheme: StaticString = "bearer"
            let n = scheme.utf8CodeUnitCount
            guard bytes.count > n + 1, bytes[n] == UInt8(ascii: " "), ASCIIBytes.hasPrefix(bytes, ignoringCase: scheme) else { return nil }
            // The token, without the optional whitespace around it.
            var start = n + 1, end = bytes.count
            while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
            while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
            return start < end ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) : nil
        } ?? nil
    }
}
