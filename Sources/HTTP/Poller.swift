// The poller: one thread that watches every connection waiting for a request head — new, idle
// between requests, or receiving a head slowly — with poll(). A connection gets a serving thread
// only once a complete head (or a refusable one) has arrived, so idle keep-alive connections and
// slowloris clients cost a buffer, not a thread. Heads still incomplete at `readTimeout` get 408.
#if canImport(Glibc)
import Glibc
#endif

/// Connections handed to the poller by other threads.
struct Inbox: Sendable {
    var items: [ParkedConnection] = []
    var closed = false
    var wakeWrite: Int32 = -1
}

extension HTTPServer {
    /// Hands `connection` to the poller, or closes it if the poller has already stopped.
    func park(_ connection: ParkedConnection) {
        let wake: Int32? = inbox.withLock { box in
            if box.closed { return nil }
            box.items.append(connection)
            return box.wakeWrite
        }
        guard let wake else { return connectionFinished(connection.fd) }
        var byte: UInt8 = 1
        _ = Glibc.write(wake, &byte, 1)  // non-blocking: a full pipe already means "wake up"
    }

    /// Wakes the poller (to notice `stop()`).
    func pokePoller() {
        inbox.withLock { box in
            var byte: UInt8 = 1
            _ = Glibc.write(box.wakeWrite, &byte, 1)
        }
    }

    func pollLoop(wakeRead: Int32) {
        let limits = ParserLimits(configuration)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        defer { scratch.deallocate() }
        var parked: [ParkedConnection] = []
        var fds: [pollfd] = []
        while true {
            parked += inbox.withLock { box in
                defer { box.items.removeAll() }
                return box.items
            }
            if isStopping {
                let late: [ParkedConnection] = inbox.withLock { box in
                    box.closed = true
                    defer { box.items.removeAll() }
                    return box.items
                }
                for connection in parked + late { connectionFinished(connection.fd) }
                return
            }
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            for connection in parked { fds.append(pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)) }
            let now = Clock.now()
            let next = parked.lazy.map(\.deadline).min() ?? now + 3600
            let ms = Int32(max(0, min((next - now) * 1000, 3_600_000)).rounded(.up))
            if poll(&fds, nfds_t(fds.count), ms) < 0, errno != EINTR { usleep(1000) }
            if fds[0].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 256)
                while Glibc.read(wakeRead, &sink, sink.count) > 0 {}
            }
            let after = Clock.now()
            var keep: [ParkedConnection] = []
            keep.reserveCapacity(parked.count)
            for (index, var connection) in parked.enumerated() {
                if fds[index + 1].revents != 0 {
                    switch receive(&connection, scratch, limits, now: after) {
                    case .keep: break
                    case .serve:
                        serve(connection)
                        continue
                    case .close:
                        connectionFinished(connection.fd)
                        continue
                    }
                }
                if after >= connection.deadline {
                    switch connection.phase {
                    case .fresh, .idle, .draining:
                        connectionFinished(connection.fd)
                        continue
                    case .partial:
                        refuseSlowClient(connection.fd, remote: connection.remote)
                        connection.phase = .draining
                        connection.buffer = []
                        connection.deadline = after + 0.5
                    }
                }
                keep.append(connection)
            }
            parked = keep
        }
    }

    private enum Next { case keep, serve, close }

    /// Reads what arrived for a parked connection and decides whether it now needs a thread.
    private func receive(_ c: inout ParkedConnection, _ scratch: UnsafeMutableRawBufferPointer,
                         _ limits: ParserLimits, now: Double) -> Next {
        let n = recv(c.fd, scratch.baseAddress, scratch.count, Int32(MSG_DONTWAIT))
        if n < 0 { return errno == EAGAIN || errno == EINTR ? .keep : .close }
        if n == 0 { return .close }
        if c.phase == .draining { return .keep }
        let new = UnsafeRawBufferPointer(rebasing: scratch[0..<n])
        c.buffer.append(contentsOf: new)
        if c.phase != .partial {
            c.phase = .partial
            c.deadline = now + configuration.readTimeout
        }
        guard HeadParser.worthParsing(newBytes: ArraySlice(new), unread: c.buffer.count, limits: limits) else { return .keep }
        do {
            let result = try c.buffer.withUnsafeBufferPointer { try HeadParser.parse($0, limits: limits) }
            if case .incomplete = result { return .keep }
        } catch {
            // The serving thread parses again and answers with the error's status.
        }
        return .serve
    }

    /// 408 for a head that did not arrive in time, sent without blocking; the poller then drains
    /// the connection briefly so that closing it does not reset the answer away.
    private func refuseSlowClient(_ fd: Int32, remote: String) {
        log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"request refused\" remote=\(remote) status=408 detail=\"head not received in time\"")
        let response = Problem.response(status: 408, title: "Request Timeout", detail: "The request was not received in time.")
        var bytes = ResponseWriter.head(response, method: "GET", close: true, keepAliveHeader: false,
                                        date: HTTPDate.imfFixdate(Clock.wall().seconds))
        bytes += response.body
        _ = Socket.sendAll(fd, bytes, flags: Int32(MSG_DONTWAIT))
        shutdown(fd, Int32(SHUT_WR))
    }
}
