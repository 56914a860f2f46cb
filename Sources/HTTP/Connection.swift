// One client connection while it is served on a thread: read a request, call the handler, write
// the response, repeat while requests keep coming. Sequential service keeps pipelined answers in order.
// Between bursts of requests the connection is parked with the poller and holds no thread.
#if canImport(Glibc)
import Glibc
#endif

/// A connection waiting, without a thread, for its next request head (see `Poller.swift`).
struct ParkedConnection: Sendable {
    enum Phase: Sendable {
        case fresh     // accepted, nothing received: closed silently at the deadline
        case idle      // between requests: closed silently at the deadline
        case partial   // a head has begun: 408 at the deadline
        case draining  // refused: reading and discarding until EOF or the deadline
    }

    let fd: Int32
    let remote: String
    var buffer: [UInt8]  // received, not yet consumed
    var phase: Phase
    var deadline: Double
}

/// How long a serving thread waits for the next request on its connection before parking it.
let keepWarmSeconds = 0.05

final class Connection {
    private enum ReadStop: Error { case eof, timeout, stopped, park }
    enum Outcome { case next, close, park }

    private let fd: Int32
    private let remote: String
    private let server: HTTPServer
    private let config: ServerConfiguration
    private let limits: ParserLimits
    private var buffer: [UInt8] = []
    private var start = 0  // buffer[start...] is unread
    private var dates = DateCache()
    private let scratch: UnsafeMutableRawBufferPointer
    private var headDeadline: Double

    init(_ parked: ParkedConnection, server: HTTPServer) {
        self.fd = parked.fd
        self.remote = parked.remote
        self.server = server
        self.buffer = parked.buffer
        self.headDeadline = parked.phase == .partial ? parked.deadline : Clock.now() + server.configuration.readTimeout
        self.config = server.configuration
        self.limits = ParserLimits(server.configuration)
        self.scratch = .allocate(byteCount: 65536, alignment: 16)
        buffer.reserveCapacity(65536)
    }

    deinit { scratch.deallocate() }

    private var unread: Int { buffer.count - start }

    /// Reads what is available into the buffer, waiting until `deadline`.
    private func fill(deadline: Double, watchStop: Bool) throws {
        switch Socket.wait(fd, wake: watchStop ? server.wakeFD : nil, deadline: deadline) {
        case .timeout: throw ReadStop.timeout
        case .other: throw ReadStop.stopped
        case .readable: break
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 65536 {
            buffer.removeFirst(start)
            start = 0
        }
        var n: Int
        repeat { n = recv(fd, scratch.baseAddress, scratch.count, 0) } while n < 0 && errno == EINTR
        guard n > 0 else { throw ReadStop.eof }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
    }

    /// Serves requests while they keep coming; returns the connection to park, or nil once it must close.
    func run() -> ParkedConnection? {
        while true {
            if unread == 0 {
                if server.isStopping { return nil }
                do {
                    try fill(deadline: Clock.now() + keepWarmSeconds, watchStop: true)
                } catch ReadStop.timeout {
                    let idle = max(config.idleTimeout - keepWarmSeconds, 0)
                    return ParkedConnection(fd: fd, remote: remote, buffer: [], phase: .idle, deadline: Clock.now() + idle)
                } catch {
                    return nil  // client gone, or stopping
                }
                headDeadline = Clock.now() + config.readTimeout
            }
            switch serveOne() {
            case .next:
                headDeadline = Clock.now() + config.readTimeout
            case .close:
                return nil
            case .park:
                return ParkedConnection(fd: fd, remote: remote, buffer: Array(buffer[start...]), phase: .partial, deadline: headDeadline)
            }
        }
    }

    /// Serves the request whose first bytes are buffered.
    private func serveOne() -> Outcome {
        var method = "GET"
        do {
            let head = try readHead(deadline: headDeadline, parkAt: min(headDeadline, Clock.now() + keepWarmSeconds))
            method = head.method
            try Framing.checkHost(head)
            if head.method == "CONNECT" { throw HTTPError(501, "CONNECT is not supported.") }
            let (path, query) = try Target.parse(head.target, method: head.method)
            let framing = try Framing.bodyFraming(head, maxBodyBytes: limits.maxBodyBytes)
            if try Framing.expectsContinue(head), framing != .none, unread == 0 {
                guard Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .close }
            }
            let body = try readBody(framing)
            let request = Request(method: head.method, target: head.target, path: path, queryItems: query,
                                  headers: head.headers, body: body, remoteAddress: remote)
            var keepAlive = Framing.keepAlive(head)
            let response = invoke(request)
            if let connection = response.headers["Connection"], connection.lowercased().contains("close") { keepAlive = false }
            if server.isStopping { keepAlive = false }
            guard write(response, method: head.method, close: !keepAlive,
                        keepAliveHeader: head.minorVersion == 0 && keepAlive) else { return .close }
            if !keepAlive { Socket.lingeringClose(fd, seconds: 0.5) }
            return keepAlive ? .next : .close
        } catch ReadStop.park {
            return .park
        } catch ReadStop.timeout {
            refuse(HTTPError(408, "The request was not received in time."), method: method)
        } catch is ReadStop {
        } catch let error as HTTPError {
            refuse(error, method: method)
        } catch {
            refuse(HTTPError(400, "Bad request."), method: method)
        }
        return .close
    }

    private func invoke(_ request: Request) -> Response {
        do {
            return try server.handler(request)
        } catch let error as HTTPError {
            return error.response
        } catch {
            server.log("time=\(HTTPDate.nowRFC3339()) level=error msg=\"handler failed\" method=\(request.method) path=\(Logfmt.value(request.path)) error=\(Logfmt.value(String(describing: type(of: error))))")
            return Problem.response(status: 500, title: "Internal Server Error", detail: "The server could not complete the request.")
        }
    }

    /// Answers a request the server refuses itself, then closes.
    private func refuse(_ error: HTTPError, method: String) {
        server.log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"request refused\" remote=\(remote) status=\(error.status) detail=\(Logfmt.value(error.detail))")
        if write(error.response, method: method, close: true, keepAliveHeader: false) {
            Socket.lingeringClose(fd, seconds: 0.5)
        }
    }

    private func write(_ response: Response, method: String, close: Bool, keepAliveHeader: Bool) -> Bool {
        var bytes = ResponseWriter.head(response, method: method, close: close, keepAliveHeader: keepAliveHeader, date: dates.current())
        guard !ResponseWriter.bodyless(status: response.status, method: method), !response.body.isEmpty else {
            return Socket.sendAll(fd, bytes)
        }
        if response.body.count <= 65536 {
            bytes.append(contentsOf: response.body)
            return Socket.sendAll(fd, bytes)
        }
        return Socket.sendAll(fd, bytes) && Socket.sendAll(fd, response.body)
    }

    // MARK: Reading

    /// The next request head. Throws `park` when it is still incomplete at `parkAt` (before `deadline`):
    /// a slow client then waits in the poller rather than on this thread.
    private func readHead(deadline: Double, parkAt: Double) throws -> RequestHead {
        var parse = true
        while true {
            if parse {
                let result = try buffer.withUnsafeBufferPointer { all in
                    try HeadParser.parse(UnsafeBufferPointer(rebasing: all[start...]), limits: limits)
                }
                if case let .complete(head, consumed) = result {
                    start += consumed
                    return head
                }
            }
            let before = unread
            do {
                try fill(deadline: parkAt, watchStop: false)
            } catch ReadStop.timeout where parkAt < deadline {
                throw ReadStop.park
            }
            parse = HeadParser.worthParsing(newBytes: buffer[(buffer.count - (unread - before))...], unread: unread, limits: limits)
        }
    }

    private func progressDeadline() -> Double { Clock.now() + config.readTimeout }

    private func readBody(_ framing: BodyFraming) throws -> [UInt8] {
        switch framing {
        case .none:
            return []
        case .length(let n):
            while unread < n { try fill(deadline: progressDeadline(), watchStop: false) }
            defer { start += n }
            return Array(buffer[start..<(start + n)])
        case .chunked:
            return try readChunked()
        }
    }

    /// One line (without its CR LF); throws `tooLong` when no LF comes within `max` bytes.
    private func readLine(max: Int, tooLong: HTTPError) throws -> ArraySlice<UInt8> {
        var scanned = start
        while true {
            if let lf = buffer[scanned...].firstIndex(of: 10) {
                var end = lf
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                if end - start > max { throw tooLong }
                let line = buffer[start..<end]
                start = lf + 1
                return line
            }
            if unread > max + 1 { throw tooLong }
            scanned = buffer.count
            let offset = scanned - start
            try fill(deadline: progressDeadline(), watchStop: false)
            scanned = start + offset  // fill may compact the buffer
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine(max: 4096, tooLong: HTTPError(400, "Chunk size line too long."))
            let size = try Chunked.size(ofLine: line)
            if size == 0 { break }
            if size > limits.maxBodyBytes - body.count {
                throw HTTPError(413, "The request body is larger than \(limits.maxBodyBytes) bytes.")
            }
            while unread < size { try fill(deadline: progressDeadline(), watchStop: false) }
            body.append(contentsOf: buffer[start..<(start + size)])
            start += size
            let end = try readLine(max: 0, tooLong: HTTPError(400, "Chunk data is not followed by CRLF."))
            if !end.isEmpty { throw HTTPError(400, "Chunk data is not followed by CRLF.") }
        }
        // Trailer section: validated, then discarded.
        var trailerBytes = 0
        var count = 0
        let tooLarge = HTTPError(431, "The trailer section is larger than \(limits.maxHeaderBytes) bytes.")
        while true {
            let line = try readLine(max: max(0, limits.maxHeaderBytes - trailerBytes), tooLong: tooLarge)
            if line.isEmpty { break }
            trailerBytes += line.count + 2
            count += 1
            if count > limits.maxHeaderCount { throw HTTPError(431, "Too many trailer fields.") }
            _ = try Array(line).withUnsafeBufferPointer { try HeadParser.parseFieldLine($0, 0, $0.count) }
        }
        return body
    }
}

/// logfmt value quoting for log lines.
enum Logfmt {
    static func value(_ s: String) -> String {
        if !s.isEmpty, s.utf8.allSatisfy({ $0 > 32 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "=") && $0 != 127 && $0 != UInt8(ascii: "\\") }) {
            return s
        }
        return JSONText.quote(s)
    }
}
