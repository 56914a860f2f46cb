// Byte-level reading the server's parsers share: finding a byte, comparing ASCII letters without
// case, and reading a String's bytes where they are kept.
#if canImport(Glibc)
import Glibc
#endif

enum ASCIIBytes {
    /// The index of the first `byte` in `bytes[start..<end]` (`end` defaults to the end), by C's
    /// `memchr`, which reads a word at a time.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int? = nil) -> Int? {
        let end = min(end ?? bytes.count, bytes.count)
        guard start < end, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Writes `value` (negative as 0) in decimal at `out`, zero-padded to at least `width` digits;
    /// returns how many bytes it wrote (room for max(20, width)).
    static func writeDecimal(_ value: Int, width: Int, at out: UnsafeMutablePointer<UInt8>) -> Int {
        var rest = UInt(max(0, value))
        var digits = 1
        var scan = rest / 10
        while scan > 0 { digits += 1; scan /= 10 }
        let length = max(digits, width)
        for k in stride(from: length - 1, through: 0, by: -1) {
            out[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return length
    }

    /// `b` with the letters A–Z lowered.
    static func lowercased(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b | 0x20 : b }

    /// Whether `bytes` begins with `lowercase` (lowercase ASCII), letters in `bytes` compared without case.
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, ignoringCase lowercase: StaticString) -> Bool {
        hasPrefix(bytes, at: 0, ignoringCase: lowercase)
    }

    /// Whether `bytes` contains `lowercase` (lowercase ASCII) anywhere, letters in `bytes` compared without case.
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, ignoringCase lowercase: StaticString) -> Bool {
        let n = lowercase.utf8CodeUnitCount
        guard bytes.count >= n else { return n == 0 }
        for start in 0...(bytes.count - n) where hasPrefix(bytes, at: start, ignoringCase: lowercase) { return true }
        return false
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, ignoringCase lowercase: StaticString) -> Bool {
        let n = lowercase.utf8CodeUnitCount
        guard bytes.count - start >= n else { return false }
        let p = lowercase.utf8Start
        for i in 0..<n where lowercased(bytes[start + i]) != p[i] { return false }
        return true
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes where they are kept (a native or small string
    /// always has them together), without copying the string first as `withUTF8` does.
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

extension HTTPHeaders {
    /// Whether the first value of field `name` contains `lowercase` (lowercase ASCII), its letters
    /// compared without case: e.g. whether `Accept` names `text/csv`.
    public func value(_ name: String, containsIgnoringCase lowercase: StaticString) -> Bool {
        withValue(name) { ASCIIBytes.contains($0, ignoringCase: lowercase) } ?? false
    }
}
