// The server: a listening socket and every connection registered one-shot with one epoll reactor,
// a small pool of worker threads that each take the next ready socket and serve it, and an
// overseer thread that enforces deadlines and adds workers when slow handlers hold them all.
//
// Why this shape: handlers are synchronous and may block (database, exports), so they run on
// plain threads; a pool the size of the machine keeps both cores busy without a thread per
// connection (64 clients no longer mean 64 runnable threads on 2 cores). A connection waiting for
// its next request holds no thread. One slow handler holds one worker; when all are held and no
// request has finished for a moment, the overseer starts another, so nothing waits behind it.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server (RFC 9112) calling one `Handler` (usually `Router.handler`).
///
///     TerminationSignals.blockInCurrentThread()      // first thing in main, before any thread
///     let metrics = ServerMetrics()
///     let router = Router()
///     router.use(Middlewares.requestID())
///     router.use(Middlewares.accessLog(StandardError.sink))
///     router.use(Middlewares.metrics(metrics))
///     router.use(Middlewares.errorMapping())
///     router.use(Middlewares.authentication(isPublic: { ... }, authenticate: { ... }))
///     router.add("GET", "/healthz") { _ in Response.text("ok") }
///     let server = HTTPServer(configuration: config, handler: router.handler, log: StandardError.sink, metrics: metrics)
///     let port = try server.start()
///     _ = TerminationSignals.wait()
///     server.stop()                                   // finishes in-flight requests
///
/// Do not call `stop()` from inside a handler: it waits for that handler's connection.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let handler: Handler
    let log: @Sendable (String) -> Void
    let metrics: ServerMetrics?

    private enum Phase { case idle, running, stopping, stopped }
    private struct Lifecycle {
        var phase = Phase.idle
        var listenFD: Int32 = -1
        var reactor: Reactor?
    }

    private let lifecycle = ThreadLock(Lifecycle())
    private let stopping = Atomic<Bool>(false)
    private let open = Atomic<Int>(0)
    /// Every connection object made, those free for the next accepted socket, and the count of
    /// open ones per client address. Objects live until the server stops, so a reactor token can
    /// name one by its address without a lookup. Sockets are opened into and closed out of objects
    /// under this lock, so that `stop()` can shut sockets down without racing a close and a reuse
    /// of the descriptor.
    let slots = ThreadLock(Slots())
    let pool: WorkerPool
    /// Entered by every worker and the overseer.
    let threads = DispatchGroup()
    private let life = DispatchGroup()

    /// - Parameters:
    ///   - handler: called on a worker thread for every request that parsed.
    ///   - log: receives server events (refused requests, failures) as logfmt lines.
    ///   - metrics: if given, its `http_open_connections` gauge follows this server.
    public init(configuration: ServerConfiguration, handler: @escaping Handler,
                log: @escaping @Sendable (String) -> Void, metrics: ServerMetrics? = nil) {
        self.configuration = configuration
        self.handler = handler
        self.log = log
        self.metrics = metrics
        let base = configuration.workerThreads > 0
            ? configuration.workerThreads : max(2, ProcessInfo.processInfo.activeProcessorCount)
        self.pool = WorkerPool(base: base, maximum: max(base, configuration.maxWorkerThreads))
    }

    /// Calls the handler. A closure called from a method of the object that holds it is not
    /// retained for the call; loaded from outside, it would be, and both workers would move its
    /// count's cache line between the cores on every request.
    func handle(_ request: consuming Request) throws -> Response { try handler(request) }

    /// Connections currently open.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Workers serving a connection right now (connections waiting for a request hold none).
    var servingThreads: Int { pool.busy }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Binds, listens and starts the workers. Returns the bound port.
    public func start() throws -> Int {
        signal(SIGPIPE, SIG_IGN)
        return try lifecycle.withLock { state in
            guard state.phase == .idle else { throw HTTPError(500, "The server was already started.") }
            let reactor = try Reactor()
            let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            guard reactor.add(fd, token: Reactor.listenerToken) else {
                let e = errno
                close(fd)
                throw Socket.Failure(call: "epoll_ctl", code: e)
            }
            state.listenFD = fd
            state.reactor = reactor
            state.phase = .running
            life.enter()
            for _ in 0..<pool.base { startWorker(reactor, listenFD: fd, extra: false) }
            threads.enter()
            spawn { [self] in
                oversee(reactor, listenFD: fd)
                threads.leave()
            }
            log("time=\(HTTPDate.nowRFC3339()) level=info msg=\"listening\" host=\(configuration.host) port=\(port)")
            return port
        }
    }

    func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            TerminationSignals.blockInCurrentThread()
            body()
        }
        thread.stackSize = 4 << 20  // virtual; only touched pages cost memory
        thread.start()
    }

    func startWorker(_ reactor: Reactor, listenFD: Int32, extra: Bool) {
        pool.started()
        threads.enter()
        spawn { [self] in
            work(reactor, listenFD: listenFD, extra: extra)
            threads.leave()
        }
    }

    // MARK: Connections

    /// Accepts every pending connection (up to a batch), then asks for the next ones.
    func acceptPending(_ listenFD: Int32, _ reactor: Reactor) {
        for _ in 0..<64 {
            if isStopping { return }
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listenFD, $0, &len) }
            }
            if fd < 0 {
                let e = errno
                if e == EAGAIN || e == EWOULDBLOCK || isStopping { break }
                if e == EINTR || e == ECONNABORTED || e == EPROTO { continue }
                if e != EMFILE, e != ENFILE, e != ENOBUFS, e != ENOMEM {
                    log("time=\(HTTPDate.nowRFC3339()) level=error msg=\"accept failed\" error=\(Logfmt.value(String(cString: strerror(e))))")
                }
                usleep(20_000)  // out of descriptors or memory: let some close
                break
            }
            admit(fd, storage, reactor)
        }
        if !isStopping { _ = reactor.rearm(listenFD, token: Reactor.listenerToken) }
    }

    private func admit(_ fd: Int32, _ storage: sockaddr_storage, _ reactor: Reactor) {
        Socket.setNoDelay(fd)
        Socket.setSendTimeout(fd, seconds: configuration.writeTimeout)
        let remote = Socket.address(storage)
        let address = ClientAddress(storage)
        var admission = Admission.stopping
        // At a limit, reusable connections make room and the admission is tried again (a third
        // time when the address's cap and the server's limit are both reached).
        trying: for _ in 0..<3 {
            admission = slots.withLock { slots in
                if isStopping { return .stopping }
                if configuration.maxConnectionsPerClient > 0, slots.count(of: address) >= configuration.maxConnectionsPerClient {
                    return .clientFull
                }
                if slots.inUse >= configuration.maxConnections { return .full }
                return .admitted(slots.take(fd: fd, remote: remote, address: address, server: self))
            }
            switch admission {
            case .full:
                if reclaim(among: nil, reactor: reactor) == 0 { break trying }
            case .clientFull:
                if reclaim(among: address, remote: remote, reactor: reactor) == 0 { break trying }
            case .admitted, .stopping:
                break trying
            }
        }
        switch admission {
        case .admitted(let connection):
            open.add(1, ordering: .relaxed)
            metrics?.connectionOpened()
            if !connection.release(to: reactor) { finish(connection) }
        case .stopping:
            close(fd)
        case .full:
            refuseOverCapacity(fd, remote: remote, reason: .maxConnections)
        case .clientFull:
            refuseOverCapacity(fd, remote: remote, reason: .maxConnectionsPerClient)
        }
    }

    /// Closes a connection's socket for good (called by the thread that has claimed it).
    func finish(_ connection: Connection) {
        let closed: Bool = slots.withLock { slots in
            guard connection.fd >= 0 else { return false }
            close(connection.fd)
            slots.left(connection.address)
            connection.closed()
            slots.free.append(connection)
            return true
        }
        guard closed else { return }
        open.subtract(1, ordering: .relaxed)
        metrics?.connectionClosed()
    }

    /// Connection objects made so far (open or free for reuse).
    var connectionObjects: Int { slots.withLock { $0.all.count } }

    /// Connections whose deadline has passed.
    func expired(now: Double) -> [Connection] {
        slots.withLock { $0.all.filter { $0.deadline <= now } }
    }

    /// Beyond a limit with nothing to reclaim: a 503 without waiting for the request, then close.
    private func refuseOverCapacity(_ fd: Int32, remote: String, reason: ConnectionLimit) {
        log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"connection refused\" remote=\(remote) status=503 reason=\(reason.rawValue)")
        metrics?.connectionRefused(reason)
        var response = Problem.response(status: 503, title: "Service Unavailable", detail: "连接过多，请稍后再试 (Too many connections; try again later.)")
        response.headers.add("Retry-After", "1")
        ResponseWriter.sendFinal(response, to: fd)
        // Discard what already arrived so that close does not reset the connection.
        var scratch = [UInt8](repeating: 0, count: 4096)
        while scratch.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) > 0 {}
        close(fd)
    }

    // MARK: Stopping

    /// Graceful stop: stop accepting, let in-flight requests finish (up to `shutdownGracePeriod`),
    /// close idle connections, and return when every thread has ended. Safe to call more than once.
    public func stop() {
        let started: (listenFD: Int32, reactor: Reactor)? = lifecycle.withLock { state in
            guard state.phase == .running, let reactor = state.reactor else { return nil }
            state.phase = .stopping
            stopping.store(true, ordering: .relaxed)
            // Only shut the listening socket down: it is closed once no worker can be accepting on it.
            shutdown(state.listenFD, Int32(SHUT_RDWR))
            return (state.listenFD, reactor)
        }
        guard let started else {
            life.wait()
            return
        }
        // Connections waiting in the reactor close now; claimed ones close when their turn ends.
        for connection in slots.withLock({ $0.all }) where connection.claim() {
            finish(connection)
        }
        started.reactor.wakeAll()
        if threads.wait(timeout: .now() + configuration.shutdownGracePeriod) == .timedOut {
            slots.withLock { slots in
                for connection in slots.all where connection.fd >= 0 { shutdown(connection.fd, Int32(SHUT_RDWR)) }
            }
            threads.wait()
        }
        slots.withLock { $0 = Slots() }  // connections refer to the server: let both go
        lifecycle.withLock { state in
            close(state.listenFD)
            state.listenFD = -1
            state.reactor = nil
            state.phase = .stopped
        }
        log("time=\(HTTPDate.nowRFC3339()) level=info msg=\"stopped\"")
        life.leave()
    }

    /// Blocks until `stop()` has finished (returns at once if the server never started).
    public func waitUntilStopped() {
        life.wait()
    }
}
