// 正文规范化:全角标点折叠为半角以便识别(原文保留),去掉中文之间的多余空格,记住每个字所在的行号。

/// One character of the document: as written, folded for matching, and its line number.
struct Glyph: Sendable, Hashable {
    var original: Character
    var folded: Character
    var line: Int
}

/// A non-blank line of the document after normalisation.
struct PlanLine: Sendable {
    var number: Int
    var glyphs: [Glyph]
    var folded: String { String(glyphs.map(\.folded)) }
}

enum PlanGlyphs {
    /// Full-width ASCII (（）：，；．１２) → ASCII, 〔〕 → (), ideographic and no-break spaces → space.
    static func fold(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return character }
        switch scalar.value {
        case 0xFF01...0xFF5E:
            return Character(Unicode.Scalar(scalar.value - 0xFEE0)!)
        case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F:
            return " "
        case 0x200B...0x200D, 0xFEFF:
            return "\u{200B}"
        case 0x3014, 0xFE59, 0xFE5D:  // 〔 ﹙ ﹝
            return "("
        case 0x3015, 0xFE5A, 0xFE5E:  // 〕 ﹚ ﹞
            return ")"
        default:
            return character
        }
    }

    static func isSpace(_ folded: Character) -> Bool {
        folded == "\u{200B}" || (folded.isWhitespace && !folded.isNewline)
    }

    static func isASCIIAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    /// The document's non-blank lines, each trimmed, with stray spaces removed: a space survives only
    /// between two ASCII letters or digits ("Safety Production"); "区 安委办", "2024 年", "1 ." lose theirs.
    static func lines(of text: String) -> [PlanLine] {
        var result: [PlanLine] = []
        let physical = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in physical.enumerated() {
            let number = index + 1
            let all = raw.map { Glyph(original: $0, folded: fold($0), line: number) }
            var kept: [Glyph] = []
            var position = 0
            while position < all.count {
                guard isSpace(all[position].folded) else {
                    kept.append(all[position])
                    position += 1
                    continue
                }
                var end = position
                while end < all.count, isSpace(all[end].folded) { end += 1 }
                if let before = kept.last, end < all.count,
                   isASCIIAlphanumeric(before.folded), isASCIIAlphanumeric(all[end].folded) {
                    kept.append(Glyph(original: " ", folded: " ", line: number))
                }
                position = end
            }
            if !kept.isEmpty { result.append(PlanLine(number: number, glyphs: kept)) }
        }
        return result
    }
}

extension Array where Element == Glyph {
    var originalText: String { String(map(\.original)) }
    var foldedText: String { String(map(\.folded)) }
}

extension ArraySlice where Element == Glyph {
    var originalText: String { String(map(\.original)) }
    var foldedText: String { String(map(\.folded)) }
}
