// Which database reader (if any) the current thread is reading with, so that a read nested in
// another read of the same database joins it. Kept in POSIX thread-specific storage: one slot per
// thread, no lock.
#if canImport(Glibc)
import Glibc
#endif

enum ThreadReader {
    /// The reader and the database it belongs to, for the thread that stored it, over the reads
    /// it is nested in (a read of another database inside a read).
    private final class Slot {
        unowned let database: Database
        let connection: Connection
        let outer: Slot?
        init(_ database: Database, _ connection: Connection, outer: Slot?) {
            self.database = database
            self.connection = connection
            self.outer = outer
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific storage left")
        return key
    }()

    /// The connection this thread is reading `database` with, if it is inside a read of it.
    static func current(of database: Database) -> Connection? {
        guard let raw = pthread_getspecific(key) else { return nil }
        var slot: Slot? = Unmanaged<Slot>.fromOpaque(raw).takeUnretainedValue()
        while let current = slot {
            if current.database === database { return current.connection }
            slot = current.outer
        }
        return nil
    }

    /// Marks this thread as reading `database` with `connection`, until the matching `leave`.
    static func enter(_ database: Database, _ connection: Connection) {
        let outer = pthread_getspecific(key).map { Unmanaged<Slot>.fromOpaque($0).takeUnretainedValue() }
        pthread_setspecific(key, Unmanaged.passRetained(Slot(database, connection, outer: outer)).toOpaque())
    }

    /// Ends the innermost read; the read it was nested in (if any) is current again.
    static func leave() {
        guard let raw = pthread_getspecific(key) else { return }
        let slot = Unmanaged<Slot>.fromOpaque(raw)
        let outer = slot.takeUnretainedValue().outer
        pthread_setspecific(key, outer.map { Unmanaged.passUnretained($0).toOpaque() })
        slot.release()
    }
}
