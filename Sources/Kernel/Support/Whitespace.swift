// Trimming white space without Foundation: `trimmingCharacters(in: .whitespaces)` goes through
// NSString (UTF-16 copies and a substring) even when there is nothing to trim, and a CSV import
// calls it several times per cell (issue 23: 17 % of a training-records import's instructions).
// The same characters as Foundation's sets: `.whitespaces` is tab and Unicode category Zs;
// `.whitespacesAndNewlines` adds U+000A–U+000D, U+0085, U+2028 and U+2029.

extension Unicode.Scalar {
    /// "U+202E": the code point as messages name it (at least four hex digits).
    public var codePointName: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// In `CharacterSet.whitespaces`, or with `newlines` in `.whitespacesAndNewlines`.
    @inline(__always)
    func isWhitespace(newlines: Bool) -> Bool {
        switch value {
        case 0x09, 0x20: return true
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
        case 0..<0x80: return false
        default: return properties.generalCategory == .spaceSeparator
        }
    }
}

extension String {
    /// `trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)`, and the string
    /// itself, not a copy, when neither end is white space.
    public func trimmingWhitespace(newlines: Bool = true) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
              first.isWhitespace(newlines: newlines) || last.isWhitespace(newlines: newlines) else { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].isWhitespace(newlines: newlines) { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isWhitespace(newlines: newlines) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// Empty or only white space (`trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces).isEmpty`).
    public func isBlank(newlines: Bool = true) -> Bool {
        unicodeScalars.allSatisfy { $0.isWhitespace(newlines: newlines) }
    }
}
