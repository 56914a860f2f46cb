// The training module's explanations in Chinese. The API explains a shortfall, an enterprise's red
// colour and a certificate's status in English words with names, hours and dates
// ("张三, safety manager, 2024: 8 of 16 refresher hours"); a page reads them as a clerk would
// ("张三（安全生产管理人员，2024年）：年度再培训仅 8 学时，应为 16 学时"). What is not recognised is
// shown as the API wrote it, never dropped.
import Foundation

extension Labels {
    static let trainingRoleWords: [String: String] = [
        "principal person": "主要负责人", "safety manager": "安全生产管理人员", "special-operation worker": "特种作业人员",
        "new worker": "新上岗从业人员", "worker": "从业人员",
    ]

    /// One shortfall (`message` of a compliance row or of a person's `shortfalls`).
    static func shortfall(_ message: String) -> String {
        // "{name}, {role}, {year}: {what}"
        guard let colon = message.range(of: ": ") else { return message }
        let head = message[..<colon.lowerBound].components(separatedBy: ", ")
        let what = String(message[colon.upperBound...])
        var who = message[..<colon.lowerBound].description
        if head.count >= 3, let role = trainingRoleWords[head[head.count - 2]] {
            who = "\(head.dropLast(2).joined(separator: ", "))（\(role)，\(head[head.count - 1])年）"
        }
        return "\(who)：\(shortfallWhat(what))"
    }

    /// What a shortfall lacks, without whose it is.
    static func shortfallOnly(_ message: String) -> String {
        shortfallWhat(message.range(of: ": ").map { String(message[$0.upperBound...]) } ?? message)
    }

    static func shortfallWhat(_ what: String) -> String {
        let numbers = what.split { !$0.isNumber && $0 != "." && $0 != "-" }.map(String.init).filter { Double($0) != nil || $0.count == 10 }
        if what.hasSuffix("refresher hours"), numbers.count >= 2 {
            return "年度再培训仅 \(numbers[0]) 学时，应为 \(numbers[1]) 学时"
        }
        if what.contains("initial hours") || what.contains("pre-job hours"), numbers.count >= 3 {
            let kind = what.contains("pre-job") ? "上岗前（新上岗）培训" : "初次安全培训"
            return "\(kind)仅 \(numbers[0]) 学时，应为 \(numbers[1]) 学时，期限\(Format.date(numbers[2]))"
        }
        if what.hasPrefix("three-level training lacks ") {
            let levels = what.dropFirst("three-level training lacks ".count).components(separatedBy: ", ").map { part -> String in
                guard let open = part.firstIndex(of: "("), let close = part.firstIndex(of: ")") else { return part }
                return String(part[part.index(after: open)..<close])
            }
            return "三级安全培训缺少\(levels.joined(separator: "、"))"
        }
        if what.hasPrefix("no re-training after the ") {
            let day = Format.date(numbers.last)
            let why = what.contains("return after") ? "离岗一年以上重新上岗" : "转岗"
            return "\(day)\(why)后未进行重新培训"
        }
        if what.hasPrefix("no valid special-operation certificate") {
            let detail = what.components(separatedBy: "; ").dropFirst().joined(separator: "; ")
            return "无有效的特种作业操作证" + (detail.isEmpty ? "" : "（\(certificateReason(detail))）")
        }
        return what
    }

    /// A reason an enterprise is red (`reasons` of a compliance row).
    static func redReason(_ reason: String) -> String {
        // "主要负责人X处于禁入期 (principal person … )：…" is Chinese already: without its English gloss.
        if let first = reason.unicodeScalars.first, isChinese(first) {
            // … and without the English summary at its end (" (ban 1: barred …)").
            let text = chineseDates(reason.range(of: " (ban ").map { String(reason[..<$0.lowerBound]) } ?? reason)
            guard let open = text.range(of: " ("), let close = text.range(of: ")：", range: open.upperBound..<text.endIndex) else { return text }
            return String(text[..<open.lowerBound]) + "：" + String(text[close.upperBound...])
        }
        for marker in [" lacks valid training: ", " lacks a valid certificate: "] {
            guard let range = reason.range(of: marker) else { continue }
            let subject = String(reason[..<range.lowerBound])
            let message = String(reason[range.upperBound...])
            let what = message.range(of: ": ").map { String(message[$0.upperBound...]) } ?? message
            let role = trainingRoleWords.keys.sorted { $0.count > $1.count }.first { subject.hasPrefix($0 + " ") }
            let name = role.map { String(subject.dropFirst($0.count + 1)) } ?? subject
            return "\(role.flatMap { trainingRoleWords[$0] } ?? "")\(name)：\(shortfallWhat(what))"
        }
        return reason
    }

    /// Every `2024-04-18` in a text as 2024年4月18日.
    static func chineseDates(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) {
            out += rest[..<range.lowerBound] + Format.date(String(rest[range]))
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    /// A certificate's status reason (`reason` of a certificate).
    static func certificateReason(_ reason: String) -> String {
        let days = reason.split { !$0.isNumber && $0 != "-" }.map(String.init).filter { $0.count == 10 && $0.contains("-") }
        if reason.hasPrefix("invalid: revoked: ") { return "已撤销：\(reason.dropFirst("invalid: revoked: ".count))" }
        if reason.hasPrefix("invalid: ") && reason.contains("not done") { return "应于\(Format.date(days.first))复审，未按期复审，已失效" }
        if reason.hasPrefix("invalid: failed") || reason.contains("review failed") { return "复审不合格，已失效" }
        if reason.hasPrefix("expired: ") {
            return "应于\(Format.date(days.first))复审，逾期未复审；\(Format.date(days.last))前仍可补办复审"
        }
        if reason.hasPrefix("review due: ") {
            let left = reason.components(separatedBy: ", ").first { $0.hasSuffix("day(s) left") || $0.contains("day(s) left") }
                .map { $0.split { !$0.isNumber }.first.map(String.init) ?? "" } ?? ""
            return "进入复审期：须于\(Format.date(days.first))前复审\(left.isEmpty ? "" : "，剩余 \(left) 天")"
        }
        if reason.hasPrefix("valid; ") {
            return "有效：下次复审\(Format.date(days.first))，\(Format.date(days.last))起可申请"
        }
        if reason.hasPrefix("invalid: ") { return "已失效：\(reason.dropFirst("invalid: ".count))" }
        return reason
    }
}
