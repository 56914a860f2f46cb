// The prepared statements of one connection, found by their SQL text.
//
// A request runs a handful of statements whose texts are the same String values every time (a
// literal, or the SQL a record layout built once). So before the texts are hashed and compared,
// a small table is asked by the String value itself: its 16 bytes hold a short text's bytes, or a
// long text's length and storage. The table keeps the String it was filled with, so that storage
// cannot be freed and reused for another text while the entry stands: equal bytes there mean the
// same text.

struct StatementCache {
    private var byText: [StatementKey: OpaquePointer] = [:]
    private var recent = [Recent?](repeating: nil, count: StatementCache.recentSlots)
    static let recentSlots = 64

    private struct Recent {
        let bits: StringBits
        /// Kept so that the storage `bits` names lives as long as the entry.
        let sql: String
        let statement: OpaquePointer
    }

    /// The 16 bytes of a String value.
    struct StringBits: Equatable {
        let low: UInt64
        let high: UInt64

        init(_ sql: String) {
            (low, high) = withUnsafeBytes(of: sql) { ($0.load(fromByteOffset: 0, as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
        }

        var slot: Int { Int(truncatingIfNeeded: ((low ^ high) &* 0x9E37_79B9_7F4A_7C15) >> 58) }
    }

    /// The statement prepared for `sql`, if any.
    mutating func statement(_ sql: String) -> OpaquePointer? {
        let bits = StringBits(sql)
        if let entry = recent[bits.slot], entry.bits == bits { return entry.statement }
        guard let statement = byText[StatementKey(sql)] else { return nil }
        recent[bits.slot] = Recent(bits: bits, sql: sql, statement: statement)
        return statement
    }

    mutating func insert(_ statement: OpaquePointer, for sql: String) {
        byText[StatementKey(sql)] = statement
        let bits = StringBits(sql)
        recent[bits.slot] = Recent(bits: bits, sql: sql, statement: statement)
    }

    var all: Dictionary<StatementKey, OpaquePointer>.Values { byText.values }

    mutating func removeAll() {
        byText.removeAll()
        recent = [Recent?](repeating: nil, count: Self.recentSlots)
    }
}

/// A statement cache key: the SQL text, hashed by its length and a few slices of its bytes rather
/// than all of them. A request looks up several statements of a few hundred bytes each; equal keys
/// still need equal texts, so two texts that share the sampled bytes only share a bucket.
struct StatementKey: Hashable {
    let sql: String

    init(_ sql: String) { self.sql = sql }

    static func == (a: StatementKey, b: StatementKey) -> Bool { a.sql == b.sql }

    func hash(into hasher: inout Hasher) {
        var sql = sql
        sql.withUTF8 { bytes in
            hasher.combine(bytes.count)
            let slice = 48
            guard bytes.count > 3 * slice else { return hasher.combine(bytes: UnsafeRawBufferPointer(bytes)) }
            func combine(from start: Int) {
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<(start + slice)])))
            }
            combine(from: 0)
            combine(from: bytes.count / 2 - slice / 2)
            combine(from: bytes.count - slice)
        }
    }
}
