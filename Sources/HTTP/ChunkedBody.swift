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

/// Decodes a chunked body as its bytes arrive: it consumes what it can from the connection's
/// buffer and keeps its place, so a body that comes in many pieces is read once, never re-parsed.
struct ChunkedDecoder {
    private enum State { case sizeLine, data(remaining: Int), dataEnd, trailer }
    private var state = State.sizeLine
    private(set) var body: [UInt8] = []
    private var trailerBytes = 0
    private var trailerCount = 0
    let limits: ParserLimits

    init(limits: ParserLimits) { self.limits = limits }

    /// Consumes from `buffer[start...]`; true once the last chunk and the trailer section are read.
    /// Throws 400 for malformed framing, 413 past the body limit, 431 for an oversized trailer section.
    mutating func consume(_ buffer: [UInt8], start: inout Int) throws -> Bool {
        while true {
            switch state {
            case .sizeLine:
                guard let line = try Self.line(buffer, &start, max: 4096, tooLong: HTTPError(400, "Chunk size line too long.")) else { return false }
                let size = try Chunked.size(ofLine: line)
                if size == 0 {
                    state = .trailer
                } else if size > limits.maxBodyBytes - body.count {
                    throw HTTPError(413, "The request body is larger than \(limits.maxBodyBytes) bytes.")
                } else {
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let available = min(remaining, buffer.count - start)
                if available == 0 { return false }
                body.append(contentsOf: buffer[start..<(start + available)])
                start += available
                state = available == remaining ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                let malformed = HTTPError(400, "Chunk data is not followed by CRLF.")
                guard let line = try Self.line(buffer, &start, max: 0, tooLong: malformed) else { return false }
                if !line.isEmpty { throw malformed }
                state = .sizeLine
            case .trailer:
                let tooLarge = HTTPError(431, "The trailer section is larger than \(limits.maxHeaderBytes) bytes.")
                guard let line = try Self.line(buffer, &start, max: max(0, limits.maxHeaderBytes - trailerBytes), tooLong: tooLarge) else { return false }
                if line.isEmpty { return true }
                trailerBytes += line.count + 2
                trailerCount += 1
                if trailerCount > limits.maxHeaderCount { throw HTTPError(431, "Too many trailer fields.") }
                // Validated, then discarded.
                _ = try Array(line).withUnsafeBufferPointer { try HeadParser.fieldLine($0, 0, $0.count) }
            }
        }
    }

    /// The next complete line (without its CR LF), or nil while its end has not arrived; throws
    /// `tooLong` once more than `max` bytes precede the line's end.
    static func line(_ buffer: [UInt8], _ start: inout Int, max: Int, tooLong: HTTPError) throws -> ArraySlice<UInt8>? {
        if let lf = buffer[start...].firstIndex(of: 10) {
            var end = lf
            if end > start, buffer[end - 1] == 13 { end -= 1 }
            if end - start > max { throw tooLong }
            let line = buffer[start..<end]
            start = lf + 1
            return line
        }
        if buffer.count - start > max + 1 { throw tooLong }
        return nil
    }
}
