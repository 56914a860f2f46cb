// A growable byte buffer for building response bodies: bytes are written through a raw pointer
// straight into an Array's free capacity (a `Room`), so room is made once for many bytes (one
// capacity check for a whole string, or a whole record, not one per byte) and the finished bytes
// are the Array itself (`finish()`: the response body, with no copy).
import Foundation

public struct ByteBuffer: ~Copyable {
    private var bytes: [UInt8] = []

    public init(capacity: Int) {
        bytes.reserveCapacity(max(64, capacity))
    }

    /// The bytes written so far, then room for `capacity` bytes in all.
    public init(_ start: [UInt8], capacity: Int) {
        bytes = start
        bytes.reserveCapacity(max(64, capacity))
    }

    public var count: Int { bytes.count }

    /// The bytes written: the buffer becomes them, without a copy.
    public consuming func finish() -> [UInt8] { bytes }

    /// Room for at most `size` bytes at the end of the buffer, to write into through a pointer; what
    /// `body` writes there (up to the room's `at`) is kept.
    @inline(__always)
    public mutating func write<E: Error>(room size: Int, _ body: (inout Room) throws(E) -> Void) throws(E) {
        try bytes.append(addingCapacity: size) { (span) throws(E) in
            try span.withUnsafeMutableBufferPointer { (free, written) throws(E) in
                let start = free.baseAddress.unsafelyUnwrapped
                var room = Room(at: start, end: start + size)
                defer { written = room.at - start }
                try body(&room)
            }
        }
    }

    /// All the room the buffer has left (at least `size` bytes), to write into through a pointer for
    /// as long as `body` runs, however much it writes: each write first asks for its room
    /// (`Region.reserve`), and what does not fit is written on into memory of the region's own,
    /// appended to the buffer when `body` returns. So a whole page is written with one check that
    /// the buffer is unshared, and one of room per write, not one call per record.
    @inline(__always)
    public mutating func write<E: Error>(region size: Int, _ body: (inout Region) throws(E) -> Void) throws(E) {
        var spilled: UnsafeMutableBufferPointer<UInt8>? = nil
        defer {
            if let spilled {
                bytes.append(contentsOf: spilled)
                spilled.deallocate()
            }
        }
        try bytes.append(addingCapacity: max(size, bytes.capacity &- bytes.count)) { (span) throws(E) in
            try span.withUnsafeMutableBufferPointer { (free, written) throws(E) in
                let start = free.baseAddress.unsafelyUnwrapped
                var region = Region(start: start, room: Room(at: start, end: start + free.count))
                defer {
                    if let spill = region.spill {
                        written = region.kept
                        spilled = UnsafeMutableBufferPointer(start: spill, count: region.room.at - spill)
                    } else {
                        written = region.room.at - start
                    }
                }
                try body(&region)
            }
        }
    }

    /// A `Room` that grows: asked for room before each write, it makes more when it has too little.
    public struct Region: ~Copyable {
        /// Where the region's bytes in the buffer begin.
        let start: UnsafeMutablePointer<UInt8>
        public var room: Room
        /// Once the buffer's room ran out: the memory written on into (from its start), and how many
        /// bytes of the buffer's room were written before.
        fileprivate(set) var spill: UnsafeMutablePointer<UInt8>? = nil
        fileprivate(set) var kept = 0

        init(start: UnsafeMutablePointer<UInt8>, room: Room) {
            self.start = start
            self.room = room
        }

        /// How many bytes the region holds so far.
        public var count: Int {
            if let spill { return kept + (room.at - spill) }
            return room.at - start
        }

        /// Makes sure `room` has `size` bytes.
        @inline(__always)
        public mutating func reserve(_ size: Int) {
            if room.end - room.at < size { grow(size) }
        }

        /// Writes `byte`.
        @inline(__always)
        public mutating func byte(_ byte: UInt8) {
            reserve(8)
            room.word(UInt64(byte), count: 1)
        }

        /// Room for at least `size` more bytes, in memory of the region's own (rare: the buffer was
        /// made too small for what is written), twice as large as what it replaces.
        @inline(never)
        mutating func grow(_ size: Int) {
            let capacity: Int, used: Int
            if let spill {
                used = room.at - spill
                capacity = max(2 * (room.end - spill), used + size)
            } else {
                kept = room.at - start
                used = 0
                capacity = max(2 * (room.end - start), size, 4096)
            }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            if let spill {
                grown.update(from: spill, count: used)
                spill.deallocate()
            }
            spill = grown
            room = Room(at: grown + used, end: grown + capacity)
        }
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    public mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        write(room: source.count) { $0.copy(source) }
    }

    public mutating func append(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { append($0) }
    }

    /// Appends everything written so far to `out`.
    public func append(to out: inout [UInt8]) {
        out.append(contentsOf: bytes)
    }

    /// An integer in decimal, as `JSON.int` writes it.
    public mutating func writeInteger(_ value: Int64) {
        write(room: Room.integerSize) { $0.integer(value) }
    }

    /// `text` as a JSON string: the same bytes as `JSON.string(text)`.
    public mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString(utf8: $0) }
    }

    /// `utf8` as a JSON string: the same bytes as `JSON.string(String(decoding: utf8, as: UTF8.self))`.
    public mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        write(room: Room.stringSize(utf8.count)) { $0.string(utf8) }
    }

    /// Free bytes at the end of a buffer, written through a pointer: `at` is where the next byte
    /// goes. Each write needs as much room as it says (the sizes below); nothing checks: the caller
    /// made the room (`write(room:)`) or asked for it (`Region.reserve`).
    public struct Room {
        public private(set) var at: UnsafeMutablePointer<UInt8>
        public let end: UnsafeMutablePointer<UInt8>

        /// The most bytes an integer takes (`-9223372036854775808`).
        public static let integerSize = 20

        /// The room `utf8.count` bytes need as a JSON string: every byte escaped as `\u00XX`, the
        /// quotes, and 16 bytes to spare, as the escaper stores whole words. (Repaired bytes take
        /// less: three for each byte that is not well-formed UTF-8.)
        @inline(__always)
        public static func stringSize(_ count: Int) -> Int { count * 6 + 2 + 16 }


        @inline(__always)
        public mutating func copy(_ source: UnsafeBufferPointer<UInt8>) {
            at += ByteBuffer.copy(source, to: at)
        }

        /// A literal (a key, `null`, `true`, `false`).
        @inline(__always)
        public mutating func copy(_ literal: StaticString) {
            copy(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }

        /// `value` in decimal, as `JSON.int` writes it.
        @inline(__always)
        public mutating func integer(_ value: Int64) {
            at += ByteBuffer.decimal(value, at: at)
        }

        /// `utf8` as a JSON string: the same bytes as `JSON.string(String(decoding: utf8, as: UTF8.self))`.
        /// A text that begins with ASCII is first tried as plain ASCII throughout (codes, dates, times:
        /// most of those that begin so), which takes much less than the escaper's checks.
        @inline(__always)
        public mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
            if utf8.count > 0, utf8.baseAddress.unsafelyUnwrapped.pointee < 0x80 {
                let written = ByteBuffer.plain(utf8, at: at)
                if written > 0 {
                    at += written
                    return
                }
            }
            escapedString(utf8)
        }

        /// `string(_:)` through the escaper.
        @inline(never)
        mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
            if let written = ByteBuffer.escaped(utf8, at: at) {
                at += written
            } else {
                repaired(utf8)
            }
        }

        /// Not well-formed UTF-8 (rare): repaired as String(decoding:) repairs it. Kept out of line,
        /// away from the escaper's fast path.
        @inline(never)
        mutating func repaired(_ utf8: UnsafeBufferPointer<UInt8>) {
            var repaired: [UInt8] = []
            JSON.writeString(String(decoding: utf8, as: UTF8.self), into: &repaired)
            repaired.withUnsafeBufferPointer { copy($0) }
        }

        /// Copies `count` bytes (at most 32) from `source`, which has 32 bytes to read: as two
        /// 16-byte words, stored whole, the room being that much larger than what it keeps.
        @inline(__always)
        mutating func copy32(_ source: UnsafePointer<UInt8>, count: Int) {
            let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(at)
            to.storeBytes(of: from.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
            (to + 16).storeBytes(of: (from + 16).loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
            at += count
        }

        /// Stores up to eight bytes given as a word (the first in its low byte), of which `count` are kept.
        @inline(__always)
        mutating func word(_ word: UInt64, count: Int) {
            UnsafeMutableRawPointer(at).storeBytes(of: word, as: UInt64.self)
            at += count
        }
    }

    // MARK: - Through a pointer

    /// Writes `value` in decimal at `out` (room for 20 bytes); returns how many bytes it wrote.
    @inline(__always)
    static func decimal(_ value: Int64, at out: UnsafeMutablePointer<UInt8>) -> Int {
        // Most are ids and versions of one or two digits: written without counting digits.
        if UInt64(bitPattern: value) < 100 {
            if value < 10 { out.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value); return 1 }
            let tens = value / 10
            out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: tens)
            out[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value &- tens &* 10)
            return 2
        }
        // Int64.min has no positive counterpart: its magnitude as an unsigned number.
        var v = value.magnitude
        var digits = 0
        var probe = v
        while probe > 0 { digits += 1; probe /= 10 }
        var start = out
        if value < 0 { out.pointee = UInt8(ascii: "-"); start += 1 }
        var position = digits - 1
        while v > 0 {
            start[position] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            position -= 1
        }
        return start - out + digits
    }

    /// Copies `source` to `out`; returns how many bytes it copied.
    @inline(__always)
    static func copy(_ source: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = source.count
        guard let start = source.baseAddress else { return 0 }
        // Keys and names are short: copied as two or four words that may overlap, not by a call.
        @inline(__always) func word(_ offset: Int) {
            UnsafeMutableRawPointer(out + offset).storeBytes(of: UnsafeRawPointer(start + offset).loadUnaligned(as: UInt64.self), as: UInt64.self)
        }
        switch count {
        case 4..<8:
            UnsafeMutableRawPointer(out).storeBytes(of: UnsafeRawPointer(start).loadUnaligned(as: UInt32.self), as: UInt32.self)
            UnsafeMutableRawPointer(out + (count &- 4)).storeBytes(of: UnsafeRawPointer(start + (count &- 4)).loadUnaligned(as: UInt32.self), as: UInt32.self)
        case 8...16:
            word(0); word(count &- 8)
        case 17...32:
            word(0); word(8); word(count &- 16); word(count &- 8)
        default:
            out.update(from: start, count: count)
        }
        return count
    }

    /// Writes `utf8` (not empty) as a JSON string at `out` (room for `Room.stringSize(utf8.count)`
    /// bytes) if it is plain ASCII throughout, nothing in it to escape; returns how many bytes it
    /// wrote, or 0 (having written part of it) when it is not. Sixteen bytes are checked and stored
    /// at a time, the last sixteen of a text of sixteen or more read where they end (overlapping the
    /// ones before), a shorter text's as `tail16` reads them (never past its end).
    @inline(never)
    static func plain(_ utf8: UnsafeBufferPointer<UInt8>, at out: UnsafeMutablePointer<UInt8>) -> Int {
        let source = utf8.baseAddress.unsafelyUnwrapped, count = utf8.count
        out.pointee = UInt8(ascii: "\"")
        let text = UnsafeMutableRawPointer(out + 1)
        if count >= 16 {
            var index = 0
            while index < count &- 16 {
                let chunk = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD16<UInt8>.self)
                let found = notPlain(chunk)
                if found[0] | found[1] != 0 { return 0 }
                (text + index).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
                index &+= 16
            }
            let chunk = UnsafeRawPointer(source + (count &- 16)).loadUnaligned(as: SIMD16<UInt8>.self)
            let found = notPlain(chunk)
            if found[0] | found[1] != 0 { return 0 }
            (text + (count &- 16)).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
        } else {
            let chunk = tail16(source, count)
            let found = notPlain(chunk)
            // Only the text's bytes: the lowest `count` of the sixteen.
            let bits = UInt64(truncatingIfNeeded: count) &* 8
            let low = count >= 8 ? found[0] : found[0] & ~(UInt64.max &<< bits)
            let high = count > 8 ? found[1] & ~(UInt64.max &<< (bits &- 64)) : 0
            if low | high != 0 { return 0 }
            text.storeBytes(of: chunk, as: SIMD16<UInt8>.self)
        }
        out[count &+ 1] = UInt8(ascii: "\"")
        return count &+ 2
    }

    /// Writes `utf8` as a JSON string at `out` (room for `Room.stringSize(utf8.count)` bytes),
    /// escaping quote, backslash and control characters while checking in the same pass that it is
    /// well-formed UTF-8; returns how many bytes it wrote, or nil (having written part of it) when it
    /// is not well-formed. Bytes are checked and copied many at a time: plain ASCII up to sixteen
    /// bytes, CJK four, two or one characters. What is read is stored whole and the output moved on
    /// by the bytes of it that count (the room has 16 bytes to spare), so short texts and tails, most
    /// of a page's strings, need no byte loop.
    @inline(__always)
    static func escaped(_ utf8: UnsafeBufferPointer<UInt8>, at start: UnsafeMutablePointer<UInt8>) -> Int? {
        var out = start
        out.pointee = UInt8(ascii: "\""); out += 1
        if let source = utf8.baseAddress {
            let count = utf8.count
            var index = 0
            while index < count {
                if source[index] < 0x80 {
                    // Plain ASCII sixteen bytes at a time; the chunk that ends the text is read and
                    // stored whole too, with only the text's bytes looked at and kept.
                    var stops: UInt64 = 0, highStops: UInt64 = 0
                    while true {
                        let remaining = count &- index
                        let chunk = remaining >= 16 ? UnsafeRawPointer(source + index).loadUnaligned(as: SIMD16<UInt8>.self)
                            : tail16(source + index, remaining)
                        let found = notPlain(chunk)
                        stops = found[0]
                        highStops = found[1]
                        if remaining < 16 {
                            // Only the text's bytes: the lowest `remaining` of the sixteen.
                            if remaining <= 8 {
                                stops &= highs &>> (64 &- 8 &* UInt64(remaining))
                                highStops = 0
                            } else {
                                highStops &= highs &>> (128 &- 8 &* UInt64(remaining))
                            }
                        }
                        UnsafeMutableRawPointer(out).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
                        if stops | highStops != 0 { break }
                        let taken = min(remaining, 16)
                        out += taken
                        index &+= taken
                        if index == count { break }
                    }
                    if stops | highStops == 0 { break }
                    if stops == 0 { stops = highStops; out += 8; index &+= 8 }
                    // Up to the first byte that is not plain ASCII (the lowest stop is exact).
                    let plain = stops.trailingZeroBitCount &>> 3
                    out += plain
                    index &+= plain
                    let byte = source[index]
                    if byte < 0x80 {
                        out += escape(byte, at: out)
                        index &+= 1
                        continue
                    }
                }
                repeat {
                    // Most of it is CJK: three bytes led by E1…EC or EE…EF (no special cases to check),
                    // four characters two words at a time, two a word at a time, or the last one alone.
                    let remaining = count &- index
                    if remaining >= 14 {
                        // Four characters as two words that overlap (bytes 0–7 and 6–13), their four
                        // leads checked at once: none is E0 or ED (SWAR zero-byte tests on the leads'
                        // low bits, the other bytes set to 1 so they never count).
                        let first = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                        let second = UnsafeRawPointer(source + index + 6).loadUnaligned(as: UInt64.self)
                        if first & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0, second & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0 {
                            let lows = (first & 0x0F00_000F) | (second & 0x0F00_000F) &<< 8 | 0x0101_0100_0001_0000
                            let thirteens = lows ^ (ones &* 0x0D)
                            if ((lows &- ones) & ~lows | (thirteens &- ones) & ~thirteens) & highs == 0 {
                                UnsafeMutableRawPointer(out).storeBytes(of: first, as: UInt64.self)
                                UnsafeMutableRawPointer(out + 6).storeBytes(of: second, as: UInt64.self)
                                out += 12
                                index &+= 12
                                continue
                            }
                        }
                    }
                    if remaining >= 3 {
                        let word = remaining >= 8 ? UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self) : tail(source + index, remaining)
                        // Leads 1110xxxx, continuations 10xxxxxx; a lead's low bits not 0 (E0) nor D (ED).
                        let first = (0x2001 as UInt64) &>> (word & 0x0F)
                        if remaining >= 6, word & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0,
                           (first | (0x2001 as UInt64) &>> (word &>> 24 & 0x0F)) & 1 == 0 {
                            UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                            out += 6
                            index &+= 6
                            continue
                        }
                        if word & 0xC0_C0F0 == 0x80_80E0, first & 1 == 0 {
                            UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                            out += 3
                            index &+= 3
                            continue
                        }
                    }
                    let length = JSON.sequenceLength(source, index, count)
                    if length == 0 { return nil }
                    for offset in 0..<length { out[offset] = source[index &+ offset] }
                    out += length
                    index &+= length
                } while index < count && source[index] >= 0x80
            }
        }
        out.pointee = UInt8(ascii: "\""); out += 1
        return out - start
    }

    static let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080

    /// The bytes of `chunk` that are not plain ASCII (0x80 or more, below 0x20, a quote or a
    /// backslash) with their high bit set, and the others 0, as two words (the first byte lowest):
    /// each byte on its own, so the answer is exact for every byte. (Arithmetic on SIMD16 compiles to
    /// SSE2 instructions here; its comparisons do not, so none are used.)
    @inline(__always)
    static func notPlain(_ chunk: SIMD16<UInt8>) -> SIMD2<UInt64> {
        let quote = chunk ^ 0x22, backslash = chunk ^ 0x5C
        let found = (chunk | ((chunk &- 0x20) & ~chunk) | ((quote &- 1) & ~quote) | ((backslash &- 1) & ~backslash)) & 0x80
        return unsafeBitCast(found, to: SIMD2<UInt64>.self)
    }

    /// The `available` (1…15) bytes of a text's end from `source`, the first lowest, the other
    /// bytes of the sixteen zero: read with loads inside the text only (a read past its end would be
    /// outside its allocation, however near). Eight or more: the first eight, then the eight that end
    /// with the text's last byte, moved down past the ones already read.
    @inline(__always)
    static func tail16(_ source: UnsafePointer<UInt8>, _ available: Int) -> SIMD16<UInt8> {
        let low: UInt64, high: UInt64
        if available >= 8 {
            low = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
            high = available > 8
                ? UnsafeRawPointer(source + (available &- 8)).loadUnaligned(as: UInt64.self) &>> (8 &* UInt64(16 &- available)) : 0
        } else {
            low = tail(source, available)
            high = 0
        }
        return unsafeBitCast(SIMD2<UInt64>(low, high), to: SIMD16<UInt8>.self)
    }

    /// The `available` (0…7) bytes of a text's end from `source` as a word, the first in its low
    /// byte, the others zero: read as two loads of four (or two) bytes inside the text, that overlap
    /// when it has fewer than eight (or four), never a byte before or past it.
    @inline(__always)
    static func tail(_ source: UnsafePointer<UInt8>, _ available: Int) -> UInt64 {
        let raw = UnsafeRawPointer(source)
        if available >= 4 {
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64((raw + (available &- 4)).loadUnaligned(as: UInt32.self))
            return first | last &<< (8 &* UInt64(available &- 4))
        }
        if available >= 2 {
            let first = UInt64(raw.loadUnaligned(as: UInt16.self))
            let last = UInt64((raw + (available &- 2)).loadUnaligned(as: UInt16.self))
            return first | last &<< (8 &* UInt64(available &- 2))
        }
        return available == 1 ? UInt64(source.pointee) : 0
    }

    /// Writes the escape of a quote, backslash or control character at `out`; returns its length.
    @inline(__always)
    static func escape(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = 0x5C
        switch byte {
        case 0x22: out[1] = 0x22; return 2
        case 0x5C: out[1] = 0x5C; return 2
        case 0x0A: out[1] = UInt8(ascii: "n"); return 2
        case 0x0D: out[1] = UInt8(ascii: "r"); return 2
        case 0x09: out[1] = UInt8(ascii: "t"); return 2
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = UInt8(ascii: "u"); out[2] = UInt8(ascii: "0"); out[3] = UInt8(ascii: "0")
            out[4] = hex.utf8Start[Int(byte >> 4)]; out[5] = hex.utf8Start[Int(byte & 0x0f)]
            return 6
        }
    }
}
