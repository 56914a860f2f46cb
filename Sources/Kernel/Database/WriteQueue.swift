// Whose turn it is on the writer connection, and which writes wait for the commit of one group.
//
// Group commit (issue 23): with `synchronous = FULL` every COMMIT waits for an fsync, and one
// writer connection means the writes take turns. Committing each write alone made 32 clients
// queue for the disk one by one. Instead the writes that queue up while one runs join one
// transaction: each takes its turn on the writer in a SAVEPOINT of its own, and the last of the
// queue commits them all (one fsync) before any of them returns. `Database.write` does the SQL;
// this type only keeps the turn and the group's members.
//
// Every write runs its body on its own thread: the turn passes from thread to thread and no body
// is handed to another thread. So a body sees its thread as before (a read it is nested in, the
// thread's last reader), and no closure that is not Sendable crosses threads.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

final class WriteQueue: @unchecked Sendable {
    /// A write whose changes are in the open group, waiting for it to end.
    final class Member: @unchecked Sendable {
        /// Set once by the thread that ends the group, before it signals `ended`.
        fileprivate var outcome: Outcome = .pending
        /// Each member is woken by a signal of its own: one broadcast woke all of a group's
        /// threads at once onto the queue's mutex, which each had to take again in turn.
        fileprivate let ended = DispatchSemaphore(value: 0)
    }

    enum Outcome {
        case pending
        case committed
        /// The group was not committed: nothing of it is on disk.
        case failed(any Error)
        /// The group was rolled back because a later write of it failed with no savepoint of its
        /// own (`Database.write(rerunnable:)`): nothing of it is on disk; the write runs again.
        case runAgain
    }

    /// What a thread that has finished its body does with the turn.
    enum Next {
        /// It handed the turn on to a waiting write: it waits for the group's end (`wait`).
        case handedOn
        /// Nobody waits (or the group is full): it ends the group itself (`endGroup`).
        case endGroup
    }

    /// Whether a group's transaction is open on the writer. Read and written only by the thread
    /// whose turn it is (the turn passes under `mutex`, which orders those accesses).
    var groupOpen = false
    /// Whether every write in the open group so far may run again (`Database.write(rerunnable:)`),
    /// so that a rerunnable write may join it without a savepoint. Same access as `groupOpen`.
    var groupRerunnable = false

    // Everything below is guarded by `mutex` (the pthread objects live at fixed addresses).
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when the turn is free and a write waits for it.
    private let turnFree = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Whether a write has the turn: written under `mutex`, and read under it except by the
    /// successor, which watches it while it spins (`spinWhileTaken`).
    private let turnTaken = Atomic<Bool>(false)
    /// Whether one waiting write spins for the turn instead of sleeping (`takeTurn`).
    private var successorSpins = false
    private var holder: pthread_t?
    /// How many enclosing writes (`Database.writeEnclosing`) the turn's holder is inside: a write
    /// it begins in one nests in it instead of waiting for itself.
    private var enclosing = 0
    private var waiting = 0
    private var members: [Member] = []
    private var groupStarted = 0.0

    /// A group takes at most this many writes and stays open at most this long (seconds) before
    /// one of them commits it, so that a steady stream of writes cannot keep the first one waiting.
    /// (Set before the first write; tests widen them.)
    var maximumMembers: Int
    var maximumOpen: Double
    /// Groups committed, and the writes they held (for tests and figures).
    private var groupsCommitted = 0
    private var writesCommitted = 0

    /// The limits by default: 64 writes, 25 ms; for measuring others, `ANWEI_WRITE_GROUP_MEMBERS`
    /// and `ANWEI_WRITE_GROUP_MS` in the environment (bench/hazards/README.md, issue 23).
    static var defaultLimits: (members: Int, open: Double) {
        let environment = ProcessInfo.processInfo.environment
        let members = environment["ANWEI_WRITE_GROUP_MEMBERS"].flatMap { Int($0) }.map { max(1, $0) } ?? 64
        let milliseconds = environment["ANWEI_WRITE_GROUP_MS"].flatMap { Double($0) }.map { max(0, $0) } ?? 25
        return (members, milliseconds / 1000)
    }

    convenience init() {
        let limits = Self.defaultLimits
        self.init(maximumMembers: limits.members, maximumOpen: limits.open)
    }

    init(maximumMembers: Int, maximumOpen: Double) {
        self.maximumMembers = maximumMembers
        self.maximumOpen = maximumOpen
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(turnFree, nil)
    }

    deinit {
        pthread_cond_destroy(turnFree)
        pthread_mutex_destroy(mutex)
        turnFree.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Waits until this thread has the writer connection; true when it already had it, in an
    /// enclosing write (the new write nests in it).
    @discardableResult
    func takeTurn() -> Bool {
        locked {
            if turnTaken.load(ordering: .relaxed), let holder, pthread_equal(holder, pthread_self()) != 0 {
                if enclosing > 0 { return true }
                // The body of a write called `write` again: it would wait for itself forever.
                preconditionFailure("Database.write called inside a write on the same thread")
            }
            waiting += 1
            var maySpin = true
            while turnTaken.load(ordering: .relaxed) {
                if maySpin && !successorSpins {
                    maySpin = spinWhileTaken()
                } else {
                    pthread_cond_wait(turnFree, mutex)
                }
            }
            waiting -= 1
            turnTaken.store(true, ordering: .releasing)
            holder = pthread_self()
            // The next write to wait spins for the turn while this one runs: its wake-up is then
            // not in the turn (a thread woken when the turn is handed on took ~23 µs to run on
            // this machine, about a tenth of the writer's time per hazard create; issue 23).
            if waiting > 0 && !successorSpins { pthread_cond_signal(turnFree) }
            return false
        }
    }

    /// The successor: waits for the turn by watching `turnTaken` instead of sleeping on
    /// `turnFree`, yielding the core between looks, for at most `successorSpin` seconds (a long
    /// write, a migration or a slow fsync: then it sleeps like the others). Called and returns
    /// with `mutex` held; false when it gave up.
    private func spinWhileTaken() -> Bool {
        successorSpins = true
        pthread_mutex_unlock(mutex)
        let deadline = ProcessInfo.processInfo.systemUptime + WriteQueue.successorSpin
        var looks = 0
        var gaveUp = false
        while turnTaken.load(ordering: .acquiring) {
            looks += 1
            if looks % 16 == 0 && ProcessInfo.processInfo.systemUptime > deadline {
                gaveUp = true
                break
            }
            sched_yield()
        }
        pthread_mutex_lock(mutex)
        successorSpins = false
        return !gaveUp
    }

    /// How long the successor spins for the turn before it sleeps (seconds).
    static let successorSpin = 0.002

    /// The turn's holder enters (+1) or leaves (-1) an enclosing write.
    func enclose(_ step: Int) {
        locked { enclosing += step }
    }

    /// Notes that the turn's holder began a group's transaction (for `maximumOpen`).
    func groupBegan() {
        let now = ProcessInfo.processInfo.systemUptime
        locked { groupStarted = now }
    }

    /// Called by the turn's holder after its body: adds `member` (nil when its write failed and was
    /// rolled back) to the open group and either hands the turn on to a waiting write or says that
    /// this thread must end the group.
    func finishTurn(_ member: Member?) -> Next {
        let now = ProcessInfo.processInfo.systemUptime
        return locked {
            if let member { members.append(member) }
            guard waiting > 0, members.count < maximumMembers, now - groupStarted < maximumOpen else { return .endGroup }
            releaseTurn()
            return .handedOn
        }
    }

    /// Sets the outcome of every member of the group and wakes them. Called by the turn's holder
    /// once the group's transaction has committed or is gone.
    func endGroup(_ outcome: Outcome) {
        wake(closeGroup(outcome))
    }

    /// Sets the outcome of every member of the group, which is over, and returns them for `wake`.
    /// Called by the turn's holder once the group's transaction has committed or is gone; it may
    /// give the turn back before it wakes them, so that the next write does not wait for a wake
    /// per member (a futex call each).
    func closeGroup(_ outcome: Outcome) -> [Member] {
        let ended: [Member] = locked {
            if case .committed = outcome, !members.isEmpty {
                groupsCommitted += 1
                writesCommitted += members.count
            }
            defer { members = [] }
            return members
        }
        for member in ended { member.outcome = outcome }
        return ended
    }

    /// Wakes the members of a group that `closeGroup` ended.
    func wake(_ ended: [Member]) {
        for member in ended { member.ended.signal() }
    }

    /// Gives the writer connection up: the next waiting write (if any) takes it.
    func giveTurnBack() {
        locked { releaseTurn() }
    }

    /// The turn is free: the spinning successor takes it, or a sleeping write is woken. `mutex` held.
    private func releaseTurn() {
        turnTaken.store(false, ordering: .releasing)
        holder = nil
        if waiting > 0 && !successorSpins { pthread_cond_signal(turnFree) }
    }

    /// Waits until the group `member` joined has ended, and says how.
    func wait(for member: Member) -> Outcome {
        member.ended.wait()
        return member.outcome
    }

    /// Writes waiting for their turn now.
    var waitingWrites: Int { locked { waiting } }

    /// Writes waiting now, for their turn or for the end of the group they are in.
    var blockedWrites: Int { locked { waiting + members.count } }

    /// Groups committed so far and the writes they held.
    var committed: (groups: Int, writes: Int) { locked { (groupsCommitted, writesCommitted) } }
}
