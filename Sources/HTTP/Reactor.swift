// Readiness notification with Linux epoll. Every socket is registered one-shot: an event is
// delivered to exactly one waiting worker, and the socket stays silent until that worker re-arms
// it. So a connection is never served by two threads at once, and any idle worker may take any
// connection. An eventfd that is never read wakes every waiter at once when the server stops.
import CEpoll
#if canImport(Glibc)
import Glibc
#endif

final class Reactor: Sendable {
    /// The server's own descriptors; a connection's token is its object's address (never 0 or 1).
    static let listenerToken: UInt64 = 0
    static let wakeToken: UInt64 = 1

    let epollFD: Int32
    let wakeFD: Int32

    init() throws {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw Socket.Failure(call: "epoll_create1", code: errno) }
        wakeFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wakeFD >= 0 else {
            let e = errno
            close(epollFD)
            throw Socket.Failure(call: "eventfd", code: e)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue  // level-triggered and never read: once written, it wakes everyone
        event.data.u64 = Reactor.wakeToken
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0 else {
            let e = errno
            close(wakeFD)
            close(epollFD)
            throw Socket.Failure(call: "epoll_ctl", code: e)
        }
    }

    /// Registers `fd` for one readiness event.
    func add(_ fd: Int32, token: UInt64) -> Bool { control(EPOLL_CTL_ADD, fd, token) }

    /// Asks for the next readiness event of `fd` (already registered).
    func rearm(_ fd: Int32, token: UInt64) -> Bool { control(EPOLL_CTL_MOD, fd, token) }

    private func control(_ operation: Int32, _ fd: Int32, _ token: UInt64) -> Bool {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLONESHOT.rawValue
        event.data.u64 = token
        return epoll_ctl(epollFD, operation, fd, &event) == 0
    }

    /// The token of the next ready descriptor, or nil after `timeoutMilliseconds` (-1: no limit).
    func next(timeoutMilliseconds: Int32) -> UInt64? {
        var event = epoll_event()
        while true {
            let n = epoll_wait(epollFD, &event, 1, timeoutMilliseconds)
            if n == 1 { return event.data.u64 }
            if n < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// Wakes every worker waiting in `next`, now and from now on.
    func wakeAll() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    deinit {
        close(wakeFD)
        close(epollFD)
    }
}
