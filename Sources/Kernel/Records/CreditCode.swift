// 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters, the last a check character.

public enum CreditCode {
    /// The 31 characters a code may use (no I, O, Z, S, V).
    public static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Why `code` is not valid, or nil when it is.
    public static func problem(_ code: String) -> String? {
        let chars = Array(code)
        guard chars.count == 18 else { return "须为18位，收到\(chars.count)位 (must be 18 characters, got \(chars.count))" }
        var sum = 0
        for (index, char) in chars.enumerated() {
            guard let value = alphabet.firstIndex(of: char) else {
                return "第\(index + 1)位“\(char)”不可用，只能是数字和除 I、O、Z、S、V 以外的大写字母 (character \(index + 1) ('\(char)') is not allowed: digits and capital letters except I, O, Z, S, V)"
            }
            if index < 17 { sum += value * weights[index] }
        }
        let expected = checkCharacter(forFirst17: sum)
        if chars[17] != expected { return "校验码为“\(chars[17])”，应为“\(expected)” (check character is '\(chars[17])' but should be '\(expected)')" }
        return nil
    }

    public static func isValid(_ code: String) -> Bool { problem(code) == nil }

    /// Completes 17 valid characters with their check character.
    public static func complete(_ first17: String) -> String? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (index, char) in chars.enumerated() {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            sum += value * weights[index]
        }
        return first17 + String(checkCharacter(forFirst17: sum))
    }

    static func checkCharacter(forFirst17 sum: Int) -> Character {
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }
}
