// The server: a listening socket, an accepting thread, a poller thread for connections waiting for
// a request, and a thread per connection while it is being served.
//
// Why threads for serving: handlers are synchronous and may block (database, exports), so a thread is
// the natural place to wait; a slow handler blocks only its own connection, and both cores serve.
// Why a poller for waiting: an idle keep-alive connection or a client trickling its head would
// otherwise hold a thread; parked with the poller it holds a buffer. A serving thread keeps its
// connection for `keepWarmSeconds` after a response, so back-to-back requests skip the poller.
// (epoll is not reachable from Glibc without a C shim; poll() is, and is fine at `maxConnections`.)
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
        var wakePipe: (read: Int32, write: Int32) = (-1, -1)
        var pollerPipe: (read: Int32, write: Int32) = (-1, -1)
    }

    private let lifecycle = Mutex(Lifecycle())
    private let stopping = Atomic<Bool>(false)
    private let wake = Atomic<Int32>(-1)
    private let open = Atomic<Int>(0)
    private let serving = Atomic<Int>(0)
    /// File descriptors of open connections; closed only under this lock so `stop()` can shut them down safely.
    private let connections = Mutex<Set<Int32>>([])
    /// Connections waiting for the poller to take them.
    let inbox = Mutex(Inbox())
    /// Entered by the accept thread, the poller thread and every open connection.
    private let threads = DispatchGroup()
    private let life = DispatchGroup()

    /// - Parameters:
    ///   - handler: called on the connection's thread for every request that parsed.
    ///   - log: receives server events (refused requests, failures) as logfmt lines.
    ///   - metrics: if given, its `http_open_connections` gauge follows this server.
    public init(configuration: ServerConfiguration, handler: @escaping Handler,
                log: @escaping @Sendable (String) -> Void, metrics: ServerMetrics? = nil) {
        self.configuration = configuration
        self.handler = handler
        self.log = log
        self.metrics = metrics
    }

    /// Connections currently open.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Threads currently serving a connection (connections parked with the poller hold none).
    var servingThreads: Int { serving.load(ordering: .relaxed) }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }
    var wakeFD: Int32 { wake.load(ordering: .relaxed) }

    /// Binds, listens and starts the accepting thread. Returns the bound port.
    public func start() throws -> Int {
        signal(SIGPIPE, SIG_IGN)
        return try lifecycle.withLock { state in
            guard state.phase == .idle else { throw HTTPError(500, "The server was already started.") }
            let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
            var fds: [Int32] = [-1, -1]
            var pollerPipe: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { close(fd); throw Socket.Failure(call: "pipe", code: errno) }
            guard pipe(&pollerPipe) == 0 else {
                close(fd); close(fds[0]); close(fds[1])
                throw Socket.Failure(call: "pipe", code: errno)
            }
            for end in pollerPipe { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
            state.listenFD = fd
            state.wakePipe = (fds[0], fds[1])
            state.pollerPipe = (pollerPipe[0], pollerPipe[1])
            state.phase = .running
            wake.store(fds[0], ordering: .relaxed)
            inbox.withLock { $0.wakeWrite = pollerPipe[1] }
            life.enter()
            threads.enter()
            spawn { [self] in acceptLoop(fd) }
            threads.enter()
            let pollerRead = pollerPipe[0]
            spawn { [self] in
                pollLoop(wakeRead: pollerRead)
                threads.leave()
            }
            log("time=\(HTTPDate.nowRFC3339()) level=info msg=\"listening\" host=\(configuration.host) port=\(port)")
            return port
        }
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            TerminationSignals.blockInCurrentThread()
            body()
        }
        thread.stackSize = 4 << 20  // virtual; only touched pages cost memory
        thread.start()
    }

    private func acceptLoop(_ listenFD: Int32) {
        defer {
            close(listenFD)
            threads.leave()
        }
        while !isStopping {
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listenFD, $0, &len) }
            }
            if fd < 0 {
                let e = errno
                if isStopping { return }
                if e == EINTR || e == ECONNABORTED || e == EAGAIN { continue }
                if e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM {
                    usleep(20_000)
                    continue
                }
                log("time=\(HTTPDate.nowRFC3339()) level=error msg=\"accept failed\" error=\(Logfmt.value(String(cString: strerror(e))))")
                usleep(20_000)
                continue
            }
            if isStopping {
                close(fd)
                return
            }
            Socket.setNoDelay(fd)
            Socket.setSendTimeout(fd, seconds: configuration.writeTimeout)
            if open.load(ordering: .relaxed) >= configuration.maxConnections {
                refuseOverCapacity(fd)
                continue
            }
            open.add(1, ordering: .relaxed)
            metrics?.connectionOpened()
            connections.withLock { _ = $0.insert(fd) }
            let remote = Socket.address(storage)
            threads.enter()
            park(ParkedConnection(fd: fd, remote: remote, buffer: [], phase: .fresh,
                                  deadline: Clock.now() + configuration.readTimeout))
        }
    }

    /// Serves a connection whose request head has arrived, on a thread of its own.
    func serve(_ parked: ParkedConnection) {
        serving.add(1, ordering: .relaxed)
        spawn { [self] in
            let again = Connection(parked, server: self).run()
            serving.subtract(1, ordering: .relaxed)
            if let again {
                park(again)
            } else {
                connectionFinished(parked.fd)
            }
        }
    }

    /// Beyond `maxConnections`: a 503 without waiting for the request, then close.
    private func refuseOverCapacity(_ fd: Int32) {
        log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"connection refused\" status=503 reason=max_connections")
        var response = Problem.response(status: 503, title: "Service Unavailable", detail: "Too many connections; try again later.")
        response.headers.add("Retry-After", "1")
        var bytes = ResponseWriter.head(response, method: "GET", close: true, keepAliveHeader: false, date: HTTPDate.imfFixdate(Clock.wall().seconds))
        bytes += response.body
        _ = Socket.sendAll(fd, bytes, flags: Int32(MSG_DONTWAIT))
        shutdown(fd, Int32(SHUT_WR))
        // Discard what already arrived so that close does not reset the connection.
        var scratch = [UInt8](repeating: 0, count: 4096)
        while scratch.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) > 0 {}
        close(fd)
    }

    /// Closes a connection for good (under the lock that `stop()` uses to shut connections down).
    func connectionFinished(_ fd: Int32) {
        connections.withLock {
            $0.remove(fd)
            close(fd)
        }
        open.subtract(1, ordering: .relaxed)
        metrics?.connectionClosed()
        threads.leave()
    }

    /// Graceful stop: stop accepting, let in-flight requests finish (up to `shutdownGracePeriod`),
    /// close idle connections, and return when every thread has ended. Safe to call more than once.
    public func stop() {
        let mine: Bool = lifecycle.withLock { state in
            guard state.phase == .running else { return false }
            state.phase = .stopping
            stopping.store(true, ordering: .relaxed)
            // Only shut the listening socket down: its owner (the accept thread) closes it.
            shutdown(state.listenFD, Int32(SHUT_RDWR))
            var byte: UInt8 = 1
            _ = Glibc.write(state.wakePipe.write, &byte, 1)
            return true
        }
        if mine { pokePoller() }
        guard mine else {
            life.wait()
            return
        }
        if threads.wait(timeout: .now() + configuration.shutdownGracePeriod) == .timedOut {
            connections.withLock { fds in
                for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
            }
            threads.wait()
        }
        lifecycle.withLock { state in
            close(state.wakePipe.read)
            close(state.wakePipe.write)
            inbox.withLock { box in
                close(state.pollerPipe.read)
                close(state.pollerPipe.write)
                box.wakeWrite = -1
            }
            wake.store(-1, ordering: .relaxed)
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
