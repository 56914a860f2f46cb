// A thread that runs a body now, then again each time it is woken or `interval` seconds pass,
// until stopped: the event dispatcher, the scheduler and the webhook sender each run on one.
import Foundation

public final class BackgroundLoop: Sendable {
    public let name: String
    public let interval: Double
    private let body: @Sendable () -> Void
    private let state = Locked((running: false, stopping: false))
    private let wakeUp = DispatchSemaphore(value: 0)
    /// A wake already waiting to be answered: further wakes until the body runs add nothing. (The
    /// dispatcher is woken by every commit; counted one by one, 10,000 commits under load ran its
    /// body 10,000 more times after the work was done.)
    private let woken = Locked(false)
    private let stopped = DispatchSemaphore(value: 0)

    public init(name: String, interval: Double, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.interval = interval
        self.body = body
    }

    /// Whether `stop()` was asked for: a long body checks it to end early.
    public var isStopping: Bool { state.current.stopping }

    /// Starts the thread (once; a second call does nothing).
    public func start() {
        let already = state.withLock { state -> Bool in
            if state.running { return true }
            state = (true, false)
            return false
        }
        if already { return }
        let thread = Thread { [self] in
            while !isStopping {
                // Wakes from here on are answered by this run of the body or the next.
                woken.withLock { $0 = false }
                body()
                _ = wakeUp.wait(timeout: .now() + interval)
            }
            stopped.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Runs the body again soon instead of waiting out the interval.
    public func wake() {
        let first = woken.withLock { woken -> Bool in
            defer { woken = true }
            return !woken
        }
        if first { wakeUp.signal() }
    }

    /// Asks the thread to stop and waits until its current body has returned.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            guard state.running else { return false }
            state = (false, true)
            return true
        }
        guard wasRunning else { return }
        wakeUp.signal()
        stopped.wait()
    }
}

/// The slot of a component's one background loop (the dispatcher's, the scheduler's, the webhook
/// sender's, the index keeper's): started once, stopped and emptied so that a later start makes a
/// new one.
extension Locked where Value == BackgroundLoop? {
    /// Starts the loop in the slot, made by `make` (under the slot's lock) when there is none.
    public func start(making make: () -> BackgroundLoop) {
        let started = withLock { loop -> BackgroundLoop in
            if let loop { return loop }
            let made = make()
            loop = made
            return made
        }
        started.start()
    }

    /// Stops the loop in the slot, if any (after its current run, `before` first), and empties it.
    /// False when there was none.
    @discardableResult
    public func stop(before: () -> Void = {}) -> Bool {
        guard let running = current else { return false }
        before()
        running.stop()
        withLock { if $0 === running { $0 = nil } }
        return true
    }
}
