// The worker threads and their overseer.
//
// A worker waits in the reactor for the next ready socket (the listener or a connection), serves
// one turn of it and goes back. The overseer wakes every few milliseconds: it enforces deadlines
// (408 for a head or body that does not arrive, silent close of idle connections) and, when every
// worker is busy and none has finished a turn since its last look or some handlers are blocked
// (`ServerConfiguration.blockedHandlers`), starts one more worker, so a handful of slow or blocked
// handlers never leave ready connections unserved.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Counts of the worker threads, for the overseer's decisions. Each worker reports what it is
/// doing in a record of its own, so that the workers, which change state twice a request, do not
/// all write to one shared counter; the overseer adds the records up when it looks.
final class WorkerPool: Sendable {
    /// Workers that never retire.
    let base: Int
    let maximum: Int
    private let total = Atomic<Int>(0)
    private let records = ThreadLock<[WorkerRecord]>([])

    init(base: Int, maximum: Int) {
        self.base = base
        self.maximum = maximum
    }

    var threads: Int { total.load(ordering: .relaxed) }
    var idle: Int { records.withLock { $0.reduce(0) { $0 + ($1.isServing ? 0 : 1) } } }
    var busy: Int { records.withLock { $0.reduce(0) { $0 + ($1.isServing ? 1 : 0) } } }
    /// Turns finished by every worker so far (those that ended counted in `endedTurns`).
    var finishedTurns: Int { records.withLock { $0.reduce(endedTurns.load(ordering: .relaxed)) { $0 + $1.turns } } }
    private let endedTurns = Atomic<Int>(0)

    func started() { total.add(1, ordering: .relaxed) }

    /// The record of a worker that begins its loop (waiting).
    func join() -> WorkerRecord {
        let record = WorkerRecord()
        records.withLock { $0.append(record) }
        return record
    }

    /// A worker's record leaves with its thread.
    func leave(_ record: WorkerRecord) {
        records.withLock { records in
            records.removeAll { $0 === record }
            endedTurns.add(record.turns, ordering: .relaxed)
        }
    }

    /// Whether the overseer starts another worker: none is idle, the maximum is not reached, and
    /// either no turn finished since its last look (slow handlers hold every worker) or some
    /// handlers are blocked (`blocked()`, asked only then: writes waiting for their group's commit,
    /// which finishes them in bursts, so turns do finish while every worker is held).
    static func needsAnotherWorker(idle: Int, threads: Int, maximum: Int, turnFinished: Bool, blocked: () -> Int) -> Bool {
        guard idle == 0, threads < maximum else { return false }
        return !turnFinished || blocked() > 0
    }

    /// An extra worker that has been idle for a while may end, as long as the base stays.
    func retire() -> Bool {
        var current = total.load(ordering: .relaxed)
        while current > base {
            let (exchanged, original) = total.compareExchange(expected: current, desired: current - 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func ended() { total.subtract(1, ordering: .relaxed) }
}

/// What one worker is doing, written by that worker only (plain stores, no read-modify-write).
final class WorkerRecord: Sendable {
    private let serving = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)
    /// Keeps the next record's fields off this one's cache line.
    private let padding: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)

    var isServing: Bool { serving.load(ordering: .relaxed) }
    var turns: Int { finished.load(ordering: .relaxed) }

    func beginTurn() { serving.store(true, ordering: .relaxed) }
    func endTurn() {
        finished.store(finished.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
        serving.store(false, ordering: .relaxed)
    }
}

extension HTTPServer {
    /// Seconds an extra worker waits for work before it ends.
    static let extraWorkerIdleSeconds: Int32 = 3

    func work(_ reactor: Reactor, listenFD: Int32, extra: Bool) {
        let scratch = WorkerScratch()
        let record = pool.join()
        defer { pool.leave(record) }
        while true {
            let token = reactor.next(timeoutMilliseconds: extra ? HTTPServer.extraWorkerIdleSeconds * 1000 : -1)
            guard let token else {
                if extra, pool.retire() { return }
                continue
            }
            if token == Reactor.wakeToken {
                pool.ended()
                return
            }
            record.beginTurn()
            if token == Reactor.listenerToken {
                acceptPending(listenFD, reactor)
            } else if let connection = Connection.named(by: token) {
                // Borrowed, not retained (a retain per turn on an object that any worker may serve
                // moves its cache line between cores): `slots` holds every connection object until
                // `stop()` has seen every worker, this one included, end.
                connection._withUnsafeGuaranteedRef { connection in
                    if connection.claim(token: token) { serveTurn(connection, scratch, reactor) }
                }
            }
            record.endTurn()
        }
    }

    private func serveTurn(_ connection: Connection, _ scratch: WorkerScratch, _ reactor: Reactor) {
        switch connection.turn(scratch) {
        case .rearm:
            if !connection.release(to: reactor) { finish(connection) }
        case .close:
            finish(connection)
        }
    }

    /// The overseer's loop, until the server stops.
    func oversee(_ reactor: Reactor, listenFD: Int32) {
        var lastTurns = -1
        var nextDeadlineCheck = 0.0
        var trim = QuietTrim(afterSeconds: configuration.trimAfterIdleSeconds)
        while !isStopping {
            // Every 5 ms while any worker is busy; every 50 ms (the deadline checks' pace) when none is.
            usleep(pool.busy == 0 ? 50_000 : 5_000)
            let now = Clock.now()
            // Every worker busy, and no turn finished since the last look (slow handlers hold them
            // all) or some handlers are blocked, not working (writes waiting for their group).
            let turns = pool.finishedTurns
            if !isStopping, WorkerPool.needsAnotherWorker(idle: pool.idle, threads: pool.threads, maximum: pool.maximum,
                                                          turnFinished: turns != lastTurns, blocked: { configuration.blockedHandlers() }) {
                startWorker(reactor, listenFD: listenFD, extra: true)
            }
            lastTurns = turns
            if trim.due(now: now, turns: turns, threads: pool.threads) { Allocator.trim() }
            if now >= nextDeadlineCheck {
                nextDeadlineCheck = now + 0.05
                for connection in expired(now: now) where connection.claim() {
                    // Claimed: it was waiting, not being served. Its deadline may have moved meanwhile.
                    guard connection.deadline <= now else {
                        if !connection.release(to: reactor) { finish(connection) }
                        continue
                    }
                    switch connection.expire() {
                    case .rearm:
                        if !connection.release(to: reactor) { finish(connection) }
                    case .close:
                        finish(connection)
                    }
                }
            }
        }
    }
}

/// When the overseer gives freed memory back (`Allocator.trim`): once the server has finished no
/// turn for `afterSeconds` after a burst of turns, and again once extra workers have ended since
/// (their threads' memory is freed when they end, 3 s into the quiet). Never while turns go on.
struct QuietTrim {
    let afterSeconds: Double
    private var lastTurns = -1
    private var quietSince = 0.0
    private var turnsAtTrim = 0
    private var threadsAtTrim = Int.max

    init(afterSeconds: Double) { self.afterSeconds = afterSeconds }

    mutating func due(now: Double, turns: Int, threads: Int) -> Bool {
        guard afterSeconds > 0 else { return false }
        if turns != lastTurns {
            lastTurns = turns
            quietSince = now
            return false
        }
        guard now - quietSince >= afterSeconds, turns != turnsAtTrim || threads < threadsAtTrim else { return false }
        turnsAtTrim = turns
        threadsAtTrim = threads
        return true
    }
}
