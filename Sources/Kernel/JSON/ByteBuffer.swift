// A growable byte buffer written through a raw pointer, for building response bodies: room is
// made once per value (one capacity check for a whole string), not once per appended piece as
// with an Array's append.
import Foundation

public struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends everything written so far to `out`.
    public func append(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets bytes written after `mark` (a `count` read earlier).
    public mutating func truncate(to mark: Int) { count = min(count, mark) }

    /// An integer in decimal, as `JSON.int` writes it.
    public mutating func writeInteger(_ value: Int64) {
        if value == 0 { append(UInt8(ascii: "0")); return }
        if value == Int64.min { append(Array(String(value).utf8)); return }
        reserve(20)
        var v = value < 0 ? -value : value
        var digits = 0
        var probe = v
        while probe > 0 { digits += 1; probe /= 10 }
        if value < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var position = count + digits - 1
        while v > 0 {
            base[position] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            position -= 1
        }
        count += digits
    }

    /// `text` as a JSON string: the same bytes as `JSON.string(text)`.
    public mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString(utf8: $0) }
    }

    /// `utf8` as a JSON string: the same bytes as `JSON.string(String(decoding: utf8, as: UTF8.self))`.
    public mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        let mark = count
        if !writeEscapedIfValid(utf8) {
            truncate(to: mark)
            var repaired: [UInt8] = []
            JSON.writeString(String(decoding: utf8, as: UTF8.self), into: &repaired)
            append(repaired)
        }
    }

    /// Escapes `utf8` (quote, backslash, control characters) while checking in the same pass that it
    /// is well-formed UTF-8; returns false, having written part of it, when it is not. Room for the
    /// worst case (every byte escaped as `\u00XX`) is made once; runs of eight plain ASCII bytes are
    /// checked a word at a time.
    private mutating func writeEscapedIfValid(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = utf8.count
        reserve(count * 6 + 2)
        var out = base + self.count
        out.pointee = UInt8(ascii: "\""); out += 1
        guard let source = utf8.baseAddress else {
            out.pointee = UInt8(ascii: "\""); out += 1
            self.count = out - base
            return true
        }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var runStart = 0
        var index = 0
        while index < count {
            while index + 8 <= count {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                let special = word | ((word &- ones &* 0x20) & ~word)
                    | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                if special & highs != 0 { break }
                index += 8
            }
            guard index < count else { break }
            let byte = source[index]
            if byte < 0x80 {
                if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    let run = index - runStart
                    if run > 0 { out.update(from: source + runStart, count: run); out += run }
                    out.pointee = 0x5C
                    switch byte {
                    case 0x22: out[1] = 0x22; out += 2
                    case 0x5C: out[1] = 0x5C; out += 2
                    case 0x0A: out[1] = UInt8(ascii: "n"); out += 2
                    case 0x0D: out[1] = UInt8(ascii: "r"); out += 2
                    case 0x09: out[1] = UInt8(ascii: "t"); out += 2
                    default:
                        out[1] = UInt8(ascii: "u"); out[2] = UInt8(ascii: "0"); out[3] = UInt8(ascii: "0")
                        out[4] = JSON.hexDigits[Int(byte >> 4)]; out[5] = JSON.hexDigits[Int(byte & 0x0f)]
                        out += 6
                    }
                    runStart = index + 1
                }
                index += 1
                continue
            }
            repeat {
                // Most of it is CJK: three bytes led by E1…EC or EE…EF (no special cases to check).
                let lead = source[index]
                if lead &- 0xE1 <= 0xEF - 0xE1, lead != 0xED, index &+ 2 < count,
                   source[index &+ 1] & 0xC0 == 0x80, source[index &+ 2] & 0xC0 == 0x80 {
                    index &+= 3
                    continue
                }
                let length = JSON.sequenceLength(source, index, count)
                if length == 0 { return false }
                index &+= length
            } while index < count && source[index] >= 0x80
        }
        let run = count - runStart
        if run > 0 { out.update(from: source + runStart, count: run); out += run }
        out.pointee = UInt8(ascii: "\""); out += 1
        self.count = out - base
        return true
    }
}
