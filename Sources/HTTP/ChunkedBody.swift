// The chunked transfer coding (RFC 9112 7.1): chunk-size lines, parsed without overflow.

enum Chunked {
    /// The size in a chunk-size line (`1a;ext=val`). Throws 400 for a missing, non-hex or
    /// overflowing size, or for control bytes in the extensions.
    static func size(ofLine line: ArraySlice<UInt8>) throws -> Int {
        var value = 0
        var digits = 0
        var i = line.startIndex
        while i < line.endIndex, let d = Target.hexValue(line[i]) {
            if value > (Int.max >> 4) { throw HTTPError(400, "Chunk size too large.") }
            value = value << 4 | Int(d)
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw HTTPError(400, "Invalid chunk size.") }
        while i < line.endIndex, line[i] == 32 || line[i] == 9 { i += 1 }
        if i < line.endIndex {
            guard line[i] == UInt8(ascii: ";") else { throw HTTPError(400, "Invalid chunk size.") }
            for b in line[i...] where b != 9 && (b < 0x20 || b == 0x7F) {
                throw HTTPError(400, "Invalid chunk extension.")
            }
        }
        return value
    }
}
