// The segments of an FTS5 index, level by level, read from its structure record (the row with id
// 10 of `<table>_data`: a 4-byte cookie, then varints: levels, segments, write counter, and per
// level its merge count, its segment count and three varints per segment). For tests of the index
// upkeep (issue 23): FTS5 shows this only in debug builds of SQLite.
import Kernel

public enum FullTextSegments {
    /// The number of segments on each level, from level 0.
    public static func perLevel(_ table: String, _ db: Connection) throws -> [Int] {
        guard let row = try db.queryOne("SELECT block FROM \(table)_data WHERE id = 10"), let block = row.blob("block") else { return [] }
        var reader = Varints(bytes: block, at: 4)
        let levels = reader.next()
        _ = reader.next()  // segments in all
        _ = reader.next()  // write counter
        return (0..<levels).map { _ in
            _ = reader.next()  // merge in progress
            let segments = reader.next()
            for _ in 0..<(3 * segments) { _ = reader.next() }
            return segments
        }
    }

    /// SQLite's varints (big-endian, 7 bits a byte, the ninth byte whole).
    struct Varints {
        let bytes: [UInt8]
        var at: Int

        mutating func next() -> Int {
            var value: UInt64 = 0
            for index in 0..<9 {
                guard at < bytes.count else { return Int(value) }
                let byte = bytes[at]
                at += 1
                if index == 8 { return Int(truncatingIfNeeded: value << 8 | UInt64(byte)) }
                value = value << 7 | UInt64(byte & 0x7f)
                if byte & 0x80 == 0 { break }
            }
            return Int(truncatingIfNeeded: value)
        }
    }
}
