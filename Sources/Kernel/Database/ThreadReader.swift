// Which database reader (if any) the current thread is reading with, so that a read nested in
// another read of the same database joins it; and which reader the thread had last, so that it
// takes the same one again (`ReaderPool`). Kept in POSIX thread-specific storage: one record per
// thread, made on the thread's first read and freed when the thread ends; no lock, and no
// allocation or reference counting per read.
#if canImport(Glibc)
import Glibc
#endif

enum ThreadReader {
    /// One thread's reads, innermost last (a read of another database may run inside a read).
    private final class Reads {
        struct Entry {
            let database: ObjectIdentifier
            /// Held by `Database.read`, which outlives the entry.
            let connection: Unmanaged<Connection>
        }
        var entries = UnsafeMutableBufferPointer<Entry>.allocate(capacity: 4)
        var count = 0
        /// The database this thread last read and the index of the reader it used (a hint only:
        /// the pool checks it is free).
        var lastDatabase: ObjectIdentifier?
        var lastReader = -1

        deinit { entries.deallocate() }

        func push(_ entry: Entry) {
            if count == entries.count {
                let grown = UnsafeMutableBufferPointer<Entry>.allocate(capacity: 2 * entries.count)
                _ = grown.initialize(fromContentsOf: entries)
                entries.deallocate()
                entries = grown
            }
            entries.initializeElement(at: count, to: entry)
            count += 1
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        // Frees a thread's record when the thread ends.
        precondition(pthread_key_create(&key, { raw in
            if let raw { Unmanaged<Reads>.fromOpaque(raw).release() }
        }) == 0, "no thread-specific storage left")
        return key
    }()

    /// This thread's record, if it has read before. Unretained: thread-specific storage holds it
    /// until the thread ends, and only this thread uses it.
    @inline(__always)
    private static var existing: Unmanaged<Reads>? {
        pthread_getspecific(key).map { Unmanaged<Reads>.fromOpaque($0) }
    }

    /// This thread's record, made on first use.
    @inline(__always)
    private static var reads: Unmanaged<Reads> {
        if let existing { return existing }
        let made = Unmanaged.passRetained(Reads())
        pthread_setspecific(key, made.toOpaque())
        return made
    }

    /// The connection this thread is reading `database` with, if it is inside a read of it;
    /// unretained: the read that began it holds it until it ends.
    static func current(of database: Database) -> Unmanaged<Connection>? {
        guard let reads = existing else { return nil }
        let id = ObjectIdentifier(database)
        return reads._withUnsafeGuaranteedRef { reads in
            var index = reads.count - 1
            while index >= 0 {
                if reads.entries[index].database == id { return reads.entries[index].connection }
                index -= 1
            }
            return nil
        }
    }

    /// The reader this thread last used for `database` (-1: none), for the pool to try first.
    static func lastReader(of database: Database) -> Int {
        guard let reads = existing else { return -1 }
        let id = ObjectIdentifier(database)
        return reads._withUnsafeGuaranteedRef { $0.lastDatabase == id ? $0.lastReader : -1 }
    }

    /// Marks this thread as reading `database` with `connection` (reader `index` of its pool), until
    /// the matching `leave`. The caller keeps `connection` alive until then.
    static func enter(_ database: Database, _ connection: Unmanaged<Connection>, reader index: Int) {
        let id = ObjectIdentifier(database)
        reads._withUnsafeGuaranteedRef { reads in
            reads.push(Reads.Entry(database: id, connection: connection))
            reads.lastDatabase = id
            reads.lastReader = index
        }
    }

    /// Marks this thread as reading `database` with its writer `connection` (inside an enclosing
    /// write, `Database.writeEnclosing`), until the matching `leave`; the reader hint is kept.
    static func enterWriter(_ database: Database, _ connection: Unmanaged<Connection>) {
        reads._withUnsafeGuaranteedRef { $0.push(Reads.Entry(database: ObjectIdentifier(database), connection: connection)) }
    }

    /// Ends the innermost read; the read it was nested in (if any) is current again.
    static func leave() {
        existing?._withUnsafeGuaranteedRef { reads in
            if reads.count > 0 { reads.count -= 1 }
        }
    }
}
