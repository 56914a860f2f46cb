// One client connection, served in turns. Whenever bytes arrive, a worker claims the connection,
// reads what is there without waiting, answers every complete request in order (so pipelined
// answers keep their order), and hands the connection back to the reactor. Between turns it holds
// no thread: an idle keep-alive client or a client trickling its head costs a buffer, not a worker.
// Deadlines (a head that takes too long, a stalled body, an idle connection) are enforced by the
// server's overseer, which claims an expired connection the same way a worker does.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a worker thread lends each connection it serves: a receive buffer and a Date header cache.
final class WorkerScratch {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
    var dates = DateCache()
    deinit { bytes.deallocate() }
}

final class Connection: @unchecked Sendable {
    // @unchecked: everything mutable below `ownership` is touched only by the one thread that has
    // claimed the connection; claiming and releasing happen under `ownership`'s lock.

    enum Phase {
        case fresh     // accepted, nothing received: closed silently at the deadline
        case idle      // between requests: closed silently at the deadline
        case head      // a head has begun: 408 at the deadline, fixed when the head began
        case body      // head read, body arriving: 408 after `readTimeout` without progress
        case draining  // answered and closing: received bytes are discarded until EOF or the deadline
    }

    /// What the thread that served a turn does next with the connection.
    enum Next { case rearm, close }

    private enum Step { case needMore, next, closing, gone }

    /// How the request whose head has been read continues: its body still arriving.
    private struct Pending {
        let framing: BodyFraming
        let keepAlive: Bool
        let minorVersion: Int
    }

    // The state below is used by one thread at a time, the one that has claimed the connection
    // (claims are ordered by `ownership`'s lock), so no two accesses can overlap: the run-time
    // exclusivity checks (a dozen a request) are left out.

    // Set when a socket is given to this object (objects are reused: see `HTTPServer.slots`).
    @exclusivity(unchecked) private(set) var fd: Int32 = -1
    @exclusivity(unchecked) private(set) var remote = ""
    /// The peer's address, to count connections per client (set under `HTTPServer.slots`' lock).
    @exclusivity(unchecked) private(set) var address = ClientAddress(sockaddr_storage())
    /// The reactor's token for this object's current socket: its address and a generation.
    @exclusivity(unchecked) private(set) var token: UInt64 = 0
    @exclusivity(unchecked) private var generation: UInt64 = 0
    private let server: HTTPServer
    private let config: ServerConfiguration
    private let limits: ParserLimits

    /// `armed`: the connection waits in the reactor (no thread has it); `generation` names the
    /// socket it is serving, so an event for a socket closed meanwhile claims nothing.
    private let ownership = ThreadLock<(armed: Bool, registered: Bool, generation: UInt64)>((false, false, 0))
    /// The current deadline (monotonic seconds, as bits), read by the overseer without claiming.
    private let deadlineBits = Atomic<UInt64>(0)
    /// Since when the connection has waited for a request (monotonic seconds, as bits): since it was
    /// accepted, or since its last answer; infinity while a request is under way or after closing.
    /// Read without claiming, to find the longest-waiting connections when room is needed.
    private let reusableBits = Atomic<UInt64>(Double.infinity.bitPattern)

    @exclusivity(unchecked) private(set) var phase = Phase.fresh
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    @exclusivity(unchecked) private var start = 0  // buffer[start...] is unread
    @exclusivity(unchecked) private var pending: Pending?
    /// The request of `pending`, built without its body (kept apart so that it moves, not copies, to the handler).
    @exclusivity(unchecked) private var pendingRequest: Request?
    @exclusivity(unchecked) private var chunked: ChunkedDecoder?
    @exclusivity(unchecked) private var drained = 0

    init(server: HTTPServer) {
        self.server = server
        self.config = server.configuration
        self.limits = ParserLimits(server.configuration)
        setDeadline(.infinity)
    }

    /// Low bits of a token: the object's address (user-space addresses fit in 48 bits).
    static let addressMask: UInt64 = (1 << 48) - 1

    /// Takes a just-accepted socket; the calling thread holds the claim until `release`.
    func open(fd: Int32, remote: String, address: ClientAddress) {
        generation = (generation + 1) & 0xFFFF
        let location = UInt64(UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque()))
        precondition(location & ~Connection.addressMask == 0, "a user-space address wider than 48 bits")
        self.fd = fd
        self.remote = remote
        self.address = address
        self.token = generation << 48 | location
        phase = .fresh
        buffer = []
        start = 0
        pending = nil
        pendingRequest = nil
        chunked = nil
        drained = 0
        let current = generation
        ownership.withLock { $0 = (armed: false, registered: false, generation: current) }
        let now = Clock.now()
        setDeadline(now + config.readTimeout)
        setReusable(since: now)
    }

    /// The connection a reactor token names, unretained. Connection objects are never freed while
    /// the server runs (`HTTPServer.slots` holds every one until all workers have ended), so the
    /// address stays valid; `claim` checks the generation.
    static func named(by token: UInt64) -> Unmanaged<Connection>? {
        guard let pointer = UnsafeRawPointer(bitPattern: UInt(token & addressMask)) else { return nil }
        return Unmanaged<Connection>.fromOpaque(pointer)
    }

    /// After the socket is closed: no deadline, nothing to claim, no buffers held.
    func closed() {
        setDeadline(.infinity)
        setReusable(since: .infinity)
        buffer = []
        start = 0
        pending = nil
        pendingRequest = nil
        chunked = nil
        fd = -1
    }

    var deadline: Double { Double(bitPattern: deadlineBits.load(ordering: .relaxed)) }
    private func setDeadline(_ value: Double) { deadlineBits.store(value.bitPattern, ordering: .relaxed) }

    /// Since when the connection has waited for a request (infinity: it is not waiting, or closed).
    var reusableSince: Double { Double(bitPattern: reusableBits.load(ordering: .relaxed)) }
    private func setReusable(since value: Double) { reusableBits.store(value.bitPattern, ordering: .relaxed) }

    /// Waiting for its first request or idle between requests: it may be closed to make room for a
    /// new connection. Only meaningful to the thread that has claimed the connection.
    var isReusable: Bool { phase == .fresh || phase == .idle }

    private var unread: Int { buffer.count - start }

    // MARK: Ownership

    /// Takes the connection for the calling thread; false when another thread already has it or
    /// (with `token`) when the event was for a socket that has been closed since.
    func claim(token: UInt64? = nil) -> Bool {
        ownership.withLock { state in
            guard state.armed else { return false }
            if let token, token >> 48 != state.generation { return false }
            state.armed = false
            return true
        }
    }

    /// Gives the connection back to the reactor for its next event. False when the server is
    /// stopping (or the reactor refused it): the caller then closes the connection.
    func release(to reactor: Reactor) -> Bool {
        ownership.withLock { state in
            if server.isStopping { return false }
            let ok = state.registered ? reactor.rearm(fd, token: token) : reactor.add(fd, token: token)
            state.registered = state.registered || ok
            state.armed = ok
            return ok
        }
    }

    // MARK: A turn

    /// Reads what has arrived and serves every complete request in it.
    func turn(_ scratch: WorkerScratch) -> Next {
        if phase == .draining { return drain(scratch) }
        var received = 0
        var eof = false
        reading: while received < 1 << 20 {
            compact()
            let n = recv(fd, scratch.bytes.baseAddress, scratch.bytes.count, Int32(MSG_DONTWAIT))
            if n > 0 {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch.bytes[0..<n]))
                received += n
                if n < scratch.bytes.count { break reading }
            } else if n == 0 {
                eof = true
                break reading
            } else {
                switch errno {
                case EINTR: continue reading
                case EAGAIN, EWOULDBLOCK: break reading
                default: return .close
                }
            }
        }
        if phase == .body, received > 0 { setDeadline(Clock.now() + config.readTimeout) }
        var fresh = received  // bytes not yet seen by the head parser
        while true {
            switch step(scratch, newBytes: fresh) {
            case .needMore:
                if eof { return .close }
                releaseLargeBuffer()
                return .rearm
            case .next:
                fresh = unread
            case .closing:
                return linger(scratch, eof: eof)
            case .gone:
                return .close
            }
        }
    }

    /// The deadline has passed and the overseer has claimed the connection.
    func expire() -> Next {
        switch phase {
        case .fresh, .idle, .draining:
            return .close
        case .head, .body:
            server.log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"request refused\" remote=\(remote) status=408 detail=\"request not received in time\"")
            let response = Problem.response(status: 408, title: "Request Timeout", detail: "未在规定时间内收到完整的请求 (The request was not received in time.)")
            ResponseWriter.sendFinal(response, to: fd)
            startDraining()
            return .rearm
        }
    }

    /// Most bytes of receive buffer a connection keeps between requests: a waiting connection holds
    /// little (a request line and a few headers fit), and what a large request needed is given back.
    static let keptBufferCapacity = 4096

    /// Between requests, with nothing unread: lets go of a buffer grown past `keptBufferCapacity`.
    private func releaseLargeBuffer() {
        if start == buffer.count, buffer.capacity > Connection.keptBufferCapacity {
            buffer = []
            start = 0
        }
    }

    private func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 65536)
            start = 0
        } else if start > 65536 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// Advances the request in the buffer by one stage: its head, its body, or its answer.
    private func step(_ scratch: WorkerScratch, newBytes: Int) -> Step {
        var method = pendingRequest?.method ?? "GET"
        do {
            if pending == nil {
                if unread == 0 { return .needMore }
                if phase == .head,
                   !HeadParser.worthParsing(newBytes: buffer[(buffer.count - min(newBytes, unread))...], unread: unread, limits: limits) {
                    return .needMore
                }
                let result = try buffer.withUnsafeBufferPointer { all in
                    try HeadParser.parse(UnsafeBufferPointer(rebasing: all[start...]), limits: limits)
                }
                guard case let .complete(head, consumed) = consume result else {
                    if phase != .head {
                        phase = .head
                        setDeadline(Clock.now() + config.readTimeout)
                        setReusable(since: .infinity)
                    }
                    return .needMore
                }
                start += consumed
                method = head.method
                setReusable(since: .infinity)  // a request is under way
                try Framing.checkHost(head)
                if head.method == "CONNECT" { throw HTTPError(501, "不支持 CONNECT 方法 (CONNECT is not supported.)") }
                let (path, query) = try Target.parse(head.target, method: head.method)
                let framing = try Framing.bodyFraming(head, maxBodyBytes: limits.maxBodyBytes)
                let continues = try Framing.expectsContinue(head)
                pending = Pending(framing: framing, keepAlive: Framing.keepAlive(head), minorVersion: head.minorVersion)
                pendingRequest = Request(method: head.method, target: head.target, path: path, queryItems: query,
                                         headers: head.headers,
                                         remoteAddress: config.trustedProxies.isEmpty ? remote : config.trustedProxies.client(peer: remote, forwardedFor: head.headers.values("X-Forwarded-For")))
                chunked = framing == .chunked ? ChunkedDecoder(limits: limits) : nil
                // A request without a body is answered now, by this thread, which holds the claim
                // (the overseer cannot expire it meanwhile): its deadline is the idle one set after the answer.
                if framing != .none {
                    phase = .body
                    setDeadline(Clock.now() + config.readTimeout)
                }
                if continues, framing != .none, unread == 0 {
                    guard Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .gone }
                }
            }
            guard let framing = pending?.framing, let body = try takeBody(framing) else { return .needMore }
            chunked = nil
            return respond(pendingRequest.take()!, pending.take()!, body: body, scratch)
        } catch let error as HTTPError {
            return refuse(error, method: method, scratch) ? .closing : .gone
        } catch {
            return refuse(HTTPError(400, "请求格式有误 (Bad request.)"), method: method, scratch) ? .closing : .gone
        }
    }

    /// The whole body once it has arrived, nil while more is to come.
    private func takeBody(_ framing: BodyFraming) throws -> [UInt8]? {
        switch framing {
        case .none:
            return []
        case .length(let n):
            guard unread >= n else { return nil }
            defer { start += n }
            return Array(buffer[start..<(start + n)])
        case .chunked:
            guard var decoder = chunked else { return nil }
            let done = try decoder.consume(buffer, start: &start)
            chunked = decoder
            return done ? decoder.body : nil
        }
    }

    private func respond(_ request: consuming Request, _ pending: Pending, body: [UInt8], _ scratch: WorkerScratch) -> Step {
        if !body.isEmpty { request.body = body }
        let method = request.method
        var keepAlive = pending.keepAlive
        let response = invoke(request)
        if response.headers.value("Connection", containsIgnoringCase: "close") { keepAlive = false }
        if server.isStopping { keepAlive = false }
        guard write(response, method: method, close: !keepAlive,
                    keepAliveHeader: pending.minorVersion == 0 && keepAlive, scratch) else { return .gone }
        phase = .idle
        let now = Clock.now()
        setDeadline(now + config.idleTimeout)
        setReusable(since: now)
        return keepAlive ? .next : .closing
    }

    private func invoke(_ request: consuming Request) -> Response {
        let (method, path) = (request.method, request.path)
        do {
            return try server.handle(request)
        } catch let error as HTTPError {
            return error.response
        } catch {
            server.log("time=\(HTTPDate.nowRFC3339()) level=error msg=\"handler failed\" method=\(method) path=\(Logfmt.value(path)) error=\(Logfmt.value(String(describing: type(of: error))))")
            return Problem.response(status: 500, title: "Internal Server Error", detail: "服务器未能完成此请求 (The server could not complete the request.)")
        }
    }

    /// Answers a request the server refuses itself; the connection then closes.
    private func refuse(_ error: HTTPError, method: String, _ scratch: WorkerScratch) -> Bool {
        server.log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"request refused\" remote=\(remote) status=\(error.status) detail=\(Logfmt.value(error.detail))")
        return write(error.response, method: method, close: true, keepAliveHeader: false, scratch)
    }

    private func write(_ response: Response, method: String, close: Bool, keepAliveHeader: Bool, _ scratch: WorkerScratch) -> Bool {
        let head = ResponseWriter.head(response, method: method, close: close, keepAliveHeader: keepAliveHeader,
                                       date: scratch.dates.current())
        return Socket.sendAll(fd, head, ResponseWriter.bodyless(status: response.status, method: method) ? [] : response.body)
    }

    // MARK: Closing

    /// After a final answer: stop sending, then read and discard what the client still sends for a
    /// moment, so that closing does not reset the connection before the client has read the answer.
    private func linger(_ scratch: WorkerScratch, eof: Bool) -> Next {
        shutdown(fd, Int32(SHUT_WR))
        if eof { return .close }
        startDraining()
        return drain(scratch)
    }

    private func startDraining() {
        phase = .draining
        setReusable(since: .infinity)
        pending = nil
        pendingRequest = nil
        chunked = nil
        buffer = []
        start = 0
        setDeadline(Clock.now() + 0.5)
    }

    private func drain(_ scratch: WorkerScratch) -> Next {
        while drained < 1 << 20 {
            let n = recv(fd, scratch.bytes.baseAddress, scratch.bytes.count, Int32(MSG_DONTWAIT))
            if n > 0 {
                drained += n
            } else if n < 0, errno == EINTR {
                continue
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                return .rearm
            } else {
                return .close
            }
        }
        return .close
    }
}
