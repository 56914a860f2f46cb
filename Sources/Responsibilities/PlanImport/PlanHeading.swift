// 编号识别:“一、”(部分)>“(一)”>“1.”“1、”“1 .”>“(1)”“①”。

/// The numbering styles of Chinese plans, outermost first.
enum HeadingStyle: Int, Sendable, Comparable {
    case chineseEnumeration = 0   // 一、
    case chineseParenthesised = 1 // (一) （一）
    case arabic = 2               // 1. 1、 1 . 1．
    case arabicParenthesised = 3  // (1) ①

    static func < (lhs: HeadingStyle, rhs: HeadingStyle) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A numbered heading at the start of a line.
struct Heading: Sendable {
    var style: HeadingStyle
    /// Normalised label: "三", "(一)", "1.", "(1)".
    var label: String
    var ordinal: Int
    /// Index of the first glyph after the number.
    var bodyStart: Int
}

enum PlanHeadings {
    static let chineseDigits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
        "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// 一 … 九十九; nil for anything else.
    static func chineseNumber<S: StringProtocol>(_ text: S) -> Int? {
        let characters = Array(text)
        guard !characters.isEmpty, characters.count <= 3 else { return nil }
        if characters.count == 1 {
            if characters[0] == "十" { return 10 }
            return chineseDigits[characters[0]].flatMap { $0 > 0 ? $0 : nil }
        }
        if let ten = characters.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (ten == 1 ? chineseDigits[characters[0]] : nil)
            let rest = characters[(ten + 1)...]
            let units = rest.isEmpty ? 0 : (rest.count == 1 ? chineseDigits[rest.first!] : nil)
            guard let tens, let units, tens > 0 else { return nil }
            return tens * 10 + units
        }
        return nil
    }

    static let circled: [Character] = Array("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")

    /// The heading this line starts with, if any.
    static func heading(of glyphs: [Glyph]) -> Heading? {
        let c = glyphs.map(\.folded)
        guard let first = c.first else { return nil }
        if let index = circled.firstIndex(of: first) {
            return Heading(style: .arabicParenthesised, label: String(first), ordinal: index + 1, bodyStart: 1)
        }
        if first == "(" {
            guard let close = c.prefix(6).firstIndex(of: ")"), close > 1 else { return nil }
            let inner = String(c[1..<close])
            var bodyStart = close + 1
            if bodyStart < c.count, c[bodyStart] == "、" || c[bodyStart] == "." { bodyStart += 1 }
            if let value = chineseNumber(inner) {
                return Heading(style: .chineseParenthesised, label: "(\(inner))", ordinal: value, bodyStart: bodyStart)
            }
            if inner.count <= 3, let value = Int(inner), value > 0 {
                return Heading(style: .arabicParenthesised, label: "(\(value))", ordinal: value, bodyStart: bodyStart)
            }
            return nil
        }
        // Up to three digits: a plan's 100th item is a heading too (with two, "100." and all after it
        // were read as the text of item 99). A fourth digit is a year ("2024.").
        var digitsEnd = 0
        while digitsEnd < c.count, digitsEnd < 4, c[digitsEnd].isASCII, c[digitsEnd].isNumber { digitsEnd += 1 }
        if digitsEnd > 0, digitsEnd <= 3, digitsEnd < c.count, c[digitsEnd] == "." || c[digitsEnd] == "、" {
            let next = digitsEnd + 1
            if next < c.count, c[next].isNumber { return nil }  // 3.5%, 1.2万
            guard let value = Int(String(c[..<digitsEnd])), value > 0 else { return nil }
            return Heading(style: .arabic, label: "\(value).", ordinal: value, bodyStart: next)
        }
        var numeralEnd = 0
        while numeralEnd < c.count, numeralEnd < 4, c[numeralEnd] == "十" || chineseDigits[c[numeralEnd]] != nil {
            numeralEnd += 1
        }
        if numeralEnd > 0, numeralEnd < c.count, c[numeralEnd] == "、",
           let value = chineseNumber(String(c[..<numeralEnd])) {
            return Heading(style: .chineseEnumeration, label: String(c[..<numeralEnd]), ordinal: value, bodyStart: numeralEnd + 1)
        }
        return nil
    }

    /// "(四)" for a style-1 ordinal, used in numbering warnings.
    static func label(style: HeadingStyle, ordinal: Int) -> String {
        switch style {
        case .chineseEnumeration: return chinese(ordinal) + "、"
        case .chineseParenthesised: return "(\(chinese(ordinal)))"
        case .arabic: return "\(ordinal)."
        case .arabicParenthesised: return "(\(ordinal))"
        }
    }

    static func chinese(_ value: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        if value < 10 { return String(digits[value]) }
        let tens = value / 10, units = value % 10
        return (tens == 1 ? "" : String(digits[tens])) + "十" + (units == 0 ? "" : String(digits[units]))
    }
}
