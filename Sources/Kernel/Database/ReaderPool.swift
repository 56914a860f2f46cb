// The reader connections of one database, each with a flag saying whether a thread has it out.
//
// Two workers answer requests side by side, each taking a reader and giving it back once per
// request. A shared list under a lock made both threads write the same memory (the lock's word and
// the list) twice a request, so its cache line went back and forth between the cores. Here a
// thread first tries the reader it had last time (`ThreadReader` remembers it): that reader's flag
// is written by that thread alone while the others keep to their own, so nothing is shared on the
// way in or out. Only when every reader is out does a thread wait, on a condition as before.
import Foundation
import Synchronization

final class ReaderPool: Sendable {
    /// One reader and whether it is out. Kept alone on its cache line, so that one thread taking
    /// its reader does not disturb another thread's.
    final class Slot: Sendable {
        let connection: Connection
        private let out = Atomic<Bool>(false)
        private let padding: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)

        init(_ connection: Connection) { self.connection = connection }

        /// Takes the reader if no thread has it.
        func take() -> Bool {
            // A plain load first: a slot another thread holds is not written to.
            !out.load(ordering: .relaxed) && out.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        }

        /// Gives the reader back. Sequentially consistent, so that a thread returning a reader and
        /// a thread about to wait cannot both miss each other (see `ReaderPool.giveBack`).
        func giveBack() { out.store(false, ordering: .sequentiallyConsistent) }
    }

    /// The slots, retained once here for the pool's life and read without reference counting
    /// (a retain of a slot shared by two threads would bounce its count between the cores).
    /// Written only by `init`; the slots themselves are Sendable.
    nonisolated(unsafe) private let slots: UnsafeMutableBufferPointer<Unmanaged<Slot>>
    private let available = NSCondition()
    /// Threads waiting in `take` because every reader was out.
    private let waiters = Atomic<Int>(0)
    /// How many times a thread had to wait.
    let waits = Atomic<Int>(0)

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a pool needs a reader")
        slots = .allocate(capacity: connections.count)
        for (index, connection) in connections.enumerated() {
            slots.initializeElement(at: index, to: .passRetained(Slot(connection)))
        }
    }

    deinit {
        for slot in slots { slot.release() }
        slots.deallocate()
    }

    var count: Int { slots.count }

    /// The reader at `index` (one this thread has out), unretained: its slot holds it for the
    /// pool's life, so neither the slot's count nor the connection's is touched.
    @inline(__always)
    func connection(_ index: Int) -> Unmanaged<Connection> {
        slots[index]._withUnsafeGuaranteedRef { .passUnretained($0.connection) }
    }

    /// Takes a free reader, `preferred` first (the one this thread had last); waits when every
    /// reader is out. Returns its index.
    func take(preferred: Int) -> Int {
        if preferred >= 0, preferred < slots.count, slots[preferred]._withUnsafeGuaranteedRef({ $0.take() }) { return preferred }
        if let index = takeAny() { return index }
        available.lock()
        defer { available.unlock() }
        // Counted before looking again, so that a reader given back from now on sees the waiter.
        waiters.add(1, ordering: .sequentiallyConsistent)
        defer { waiters.subtract(1, ordering: .sequentiallyConsistent) }
        var waited = false
        while true {
            if let index = takeAny() {
                if waited { waits.add(1, ordering: .relaxed) }
                return index
            }
            waited = true
            available.wait()
        }
    }

    /// Runs `body` with the reader at `index` once no other thread has it (for counting what each
    /// reader holds; requests use `take`). It looks again every 0.2 ms rather than waiting on the
    /// condition, whose signals are meant for `take`'s waiters.
    func withReader<T>(_ index: Int, _ body: (Connection) throws -> T) rethrows -> T {
        let slot = slots[index]
        while !slot._withUnsafeGuaranteedRef({ $0.take() }) { usleep(200) }
        defer { giveBack(index) }
        return try body(slot._withUnsafeGuaranteedRef { $0.connection })
    }

    private func takeAny() -> Int? {
        for index in 0..<slots.count where slots[index]._withUnsafeGuaranteedRef({ $0.take() }) { return index }
        return nil
    }

    /// Gives back the reader at `index`; wakes a waiting thread if there is one. The slot is freed
    /// before the count of waiters is read, and a waiter counts itself before it looks at the slots
    /// (both sequentially consistent), so either the waiter finds the reader or this sees the waiter;
    /// the signal is sent under the condition's lock, which the waiter holds until it waits.
    func giveBack(_ index: Int) {
        slots[index]._withUnsafeGuaranteedRef { $0.giveBack() }
        guard waiters.load(ordering: .sequentiallyConsistent) > 0 else { return }
        available.lock()
        available.signal()
        available.unlock()
    }
}
