// How many terminal columns text occupies: East Asian Wide and Fullwidth characters take two,
// combining marks and zero-width characters none, everything else one. Tables and help text
// align Chinese by this, not by character count.

/// The number of terminal columns `text` occupies.
public func displayWidth(_ text: String) -> Int {
    var width = 0
    for character in text { width += characterWidth(character) }
    return width
}

/// The columns of one grapheme cluster: an emoji presentation anywhere makes it two; otherwise
/// the width of its first visible scalar (a base letter plus combining marks is one column).
func characterWidth(_ character: Character) -> Int {
    var base: Unicode.Scalar?
    for scalar in character.unicodeScalars {
        if scalar.properties.isEmojiPresentation { return 2 }
        if scalar.value == 0xFE0F, base.map({ $0.properties.isEmoji }) == true { return 2 }
        if base == nil, !isZeroWidth(scalar) { base = scalar }
    }
    guard let base else { return 0 }
    return isWide(base) ? 2 : 1
}

func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1160...0x11FF: return true // Hangul medial vowels and final consonants join the leading jamo
    case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF: return true
    default: break
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return true
    default: return false
    }
}

/// East Asian Width W or F (Unicode 15), by block.
func isWide(_ scalar: Unicode.Scalar) -> Bool {
    wideRanges.contains { $0.contains(scalar.value) }
}

private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,   // Hangul Jamo initial consonants
    0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
    0x2E80...0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation (、。「」〔〕)
    0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, enclosed CJK
    0x3400...0x4DBF,   // CJK Extension A
    0x4E00...0x9FFF,   // CJK Unified Ideographs
    0xA000...0xA4CF,   // Yi
    0xA960...0xA97F,   // Hangul Jamo Extended-A
    0xAC00...0xD7A3,   // Hangul syllables
    0xF900...0xFAFF,   // CJK compatibility ideographs
    0xFE10...0xFE19,   // vertical forms
    0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
    0xFF00...0xFF60,   // fullwidth forms (，（）：！)
    0xFFE0...0xFFE6,   // fullwidth signs (￥)
    0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
    0x1F200...0x1F2FF, // enclosed ideographic supplement
    0x20000...0x2FFFD, // CJK Extensions B–F, compatibility supplement
    0x30000...0x3FFFD, // CJK Extensions G and later
]
