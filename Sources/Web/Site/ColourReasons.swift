// The register's colour reasons in Chinese. The API answers them in English words with dates and
// counts ("overdue: deadline 2024-05-01, 3 day(s) late"); a page reads them as a person would.
import Foundation

extension Labels {
    static func colourReason(_ reason: String?) -> String {
        guard let reason, !reason.isEmpty else { return "" }
        switch reason {
        case "closed": return "已销号"
        case "merged": return "已合并"
        case "no deadline": return "无整改期限"
        default: break
        }
        let numbers = reason.split { !$0.isNumber && $0 != "-" }.map(String.init).filter { !$0.isEmpty && $0 != "-" }
        let day = Format.date(numbers.first { $0.count == 10 })
        let count = numbers.last ?? ""
        if reason.hasPrefix("review overdue:") { return "销号核查逾期：应于\(day)前完成现场核查，已逾期 \(count) 天" }
        if reason.hasPrefix("overdue:") { return "整改逾期：期限\(day)，已逾期 \(count) 天" }
        if reason.hasPrefix("due soon:") { return "即将到期：期限\(day)，剩余 \(count) 天" }
        if reason.hasPrefix("on track:") { return "按期整改：期限\(day)，剩余 \(count) 天" }
        return reason
    }
}
