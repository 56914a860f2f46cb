// 公民身份号码 (resident identity number), GB 11643-1999: 17 digits (address, birth date, order)
// and a check character (0-9 or X). Personal data: shown only to those who may read the person.

public enum IdentityNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checks = Array("10X98765432")

    /// Why `number` is not a valid identity number, or nil when it is (`x` is read as `X`).
    public static func problem(_ number: String) -> String? {
        let chars = Array(number.uppercased())
        guard chars.count == 18 else { return "须为18位，收到\(chars.count)位 (must be 18 characters, got \(chars.count))" }
        var sum = 0
        for (index, char) in chars.prefix(17).enumerated() {
            guard let digit = char.wholeNumberValue, char.isASCII else {
                return "第\(index + 1)位须为数字 (character \(index + 1) must be a digit)"
            }
            sum += digit * weights[index]
        }
        guard chars[17].isASCII, chars[17].isNumber || chars[17] == "X" else { return "第18位须为数字或X (the last character must be a digit or X)" }
        let birth = String(chars[6..<14])
        guard let year = Int(birth.prefix(4)), let month = Int(birth.dropFirst(4).prefix(2)), let day = Int(birth.suffix(2)),
              year >= 1900, (1...12).contains(month), (1...daysIn(month, year)).contains(day) else {
            return "出生日期“\(birth)”无效 (the birth date in characters 7-14 is not a date)"
        }
        let expected = checks[sum % 11]
        if chars[17] != expected { return "校验码为“\(chars[17])”，应为“\(expected)” (check character is '\(chars[17])' but should be '\(expected)')" }
        return nil
    }

    public static func isValid(_ number: String) -> Bool { problem(number) == nil }

    /// The number with its check character, from its first 17 digits (tests and demo data).
    public static func complete(_ first17: String) -> String? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (index, char) in chars.enumerated() {
            guard let digit = char.wholeNumberValue else { return nil }
            sum += digit * weights[index]
        }
        return first17 + String(checks[sum % 11])
    }

    /// The number as it may appear where the person's record may not be read in full: the region
    /// and the last character only (`320102**********1X` style). Never the birth date.
    public static func masked(_ number: String) -> String {
        let chars = Array(number)
        guard chars.count == 18 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(6)) + String(repeating: "*", count: 11) + String(chars.suffix(1))
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension EntitySchema {
    /// A record's JSON as the audit log keeps it: identity numbers masked (the log is read by
    /// administrators who may not read the person).
    public func auditForm(_ record: JSON) -> JSON {
        let personal = Set(fields.filter { if case .identityNumber = $0.type { return true }; return false }.map(\.name))
        guard !personal.isEmpty, case .object(let members) = record else { return record }
        return .object(members.map { member in
            guard personal.contains(member.key), case .string(let number) = member.value else { return member }
            return JSON.Member(member.key, .string(IdentityNumber.masked(number)))
        })
    }
}
