// Values a connection derives from what it read (the holder of a token, the names of a table's
// rows), kept while the database is unchanged. They are kept by table and key: a table is one kind
// of value, made once; each connection holds its values at the table's index, so a lookup hashes
// only its key and takes the value back without a cast.
import Synchronization

private let memoTablesMade = Atomic<Int>(0)

/// One kind of memoized value, e.g. "who holds a token". Make each table once (a `static let`).
public final class MemoTable<Key: Hashable, Value>: Sendable {
    /// Where every connection keeps this table's values.
    let index: Int

    public init() {
        index = memoTablesMade.add(1, ordering: .relaxed).oldValue
    }
}

/// One connection's values of one table.
final class MemoValues<Key: Hashable, Value> {
    var values: [Key: Value] = [:]
}

/// One connection's memo: its tables' values, and the state of the database they were read in.
struct Memo {
    private var tables: [AnyObject?] = []
    /// `PRAGMA data_version` and this connection's own changes when the values were read.
    var stamp: (dataVersion: Int64, ownChanges: Int64) = (-1, -1)
    /// At most this many values per table (a table that grows past it starts afresh).
    static let limit = 1_000

    /// The values of `table`, made empty the first time.
    mutating func values<Key, Value>(_ table: MemoTable<Key, Value>) -> MemoValues<Key, Value> {
        if table.index < tables.count, let existing = tables[table.index] {
            // Only this table's values are ever kept at its index.
            return unsafeDowncast(existing, to: MemoValues<Key, Value>.self)
        }
        if table.index >= tables.count { tables += repeatElement(nil, count: table.index + 1 - tables.count) }
        let made = MemoValues<Key, Value>()
        tables[table.index] = made
        return made
    }

    /// Forgets every value (the database changed).
    mutating func removeAll() {
        for index in tables.indices { tables[index] = nil }
    }
}
