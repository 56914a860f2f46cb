// The few values an assessment line reads from a fact's detail, as SQLite's json_extract hands them
// over (a JSON array: `["YH-2024-000001","major",31,false]`). The common shapes — strings without
// escapes, whole numbers, true, false, null — are read here directly (issue 23: the kernel's
// parser cost ~7,000 instructions for each of 213,000 such arrays at ten years); anything else
// (an escape, a fraction or exponent, a nested value) is left to `JSONParser`, so every value is
// what it makes of the same text.
import Kernel

enum PickedValues {
    /// The array's values, or nil when it is not an array `JSONParser` reads.
    static func parse(_ text: String) -> [JSON]? {
        var copy = text
        if let values = copy.withUTF8({ simple($0) }) { return values }
        guard case .array(let values)? = try? JSONParser.parse(text) else { return nil }
        return values
    }

    /// The values when every one is of a common shape, else nil.
    static func simple(_ bytes: UnsafeBufferPointer<UInt8>) -> [JSON]? {
        var index = 0
        let count = bytes.count
        guard count >= 2, bytes[0] == UInt8(ascii: "["), bytes[count - 1] == UInt8(ascii: "]") else { return nil }
        index = 1
        var values: [JSON] = []
        if count == 2 { return values }
        while true {
            guard index < count - 1 else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let start = index + 1
                var end = start
                while end < count - 1, bytes[end] != UInt8(ascii: "\"") {
                    // An escape or a control character: the parser's to read (or refuse).
                    if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
                    end += 1
                }
                guard end < count - 1 else { return nil }
                values.append(.string(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
                index = end + 1
            } else if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                var end = index + (byte == UInt8(ascii: "-") ? 1 : 0)
                let digits = end
                while end < count - 1, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
                // One digit at least, no leading zero, no fraction or exponent, within Int64.
                guard end > digits, bytes[digits] != UInt8(ascii: "0") || end == digits + 1,
                      let value = Int64(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)) else { return nil }
                values.append(.int(value))
                index = end
            } else if let (word, length) = literal(bytes, at: index) {
                values.append(word)
                index += length
            } else {
                return nil
            }
            guard index < count else { return nil }
            if index == count - 1 { return values }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    /// `null`, `true` or `false` at `index`, with its length.
    static func literal(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (JSON, Int)? {
        func matches(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count else { return false }
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] { return false }
            return true
        }
        if matches("null") { return (.null, 4) }
        if matches("true") { return (.bool(true), 4) }
        if matches("false") { return (.bool(false), 5) }
        return nil
    }
}
