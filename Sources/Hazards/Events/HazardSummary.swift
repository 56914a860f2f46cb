// The sentence a person reads for each hazard event (the WeCom/DingTalk headline, `summary` in the
// payload): the grade and state in Chinese, the code, and the enterprise or place — never ids.
import Kernel

enum HazardSummary {
    /// 「重大隐患 YH-2024-000123（某某化工有限公司）」: `row` is one read with `HazardStore.columns`.
    static func subject(_ row: Row) -> String {
        let grade = HazardGrade(rawValue: row.requiredString("grade")) ?? .general
        let whereabouts = row.string("enterprise_name") ?? row.string("place") ?? row.string("territory_name") ?? ""
        return "\(grade.chinese)隐患 \(row.requiredString("code"))" + (whereabouts.isEmpty ? "" : "（\(whereabouts)）")
    }

    static func state(_ row: Row) -> String { (HazardStatus(rawValue: row.requiredString("status")) ?? .reported).chinese }

    static func registered(_ row: Row) -> String {
        "新登记\(subject(row))，整改期限 \(row.requiredString("deadline"))，状态：\(state(row))"
    }

    static func overdue(_ row: Row, days: Int, threshold: Int) -> String {
        "\(subject(row))逾期 \(days) 天未整改完毕（已满 \(threshold) 天；整改期限 \(row.requiredString("deadline"))，状态：\(state(row))\(row.bool("listed") ? "，已挂牌督办" : "")）"
    }

    static func listingProposed(_ row: Row, days: Int) -> String {
        "\(subject(row))逾期 \(days) 天且未挂牌督办，建议挂牌督办（整改期限 \(row.requiredString("deadline"))，状态：\(state(row))）"
    }

    static func reviewDue(_ row: Row, due: CalendarDate, daysLeft: Int) -> String {
        let when = daysLeft > 0 ? "还剩 \(daysLeft) 天" : (daysLeft == 0 ? "今天到期" : "已超期 \(-daysLeft) 天")
        return "\(subject(row))已申请销号，现场核查须于 \(due.iso) 前完成（\(when)），核查部门：\(row.string("supervising_unit_name") ?? "监管部门")"
    }

    static func closed(_ row: Row) -> String { "\(subject(row))已销号（\(row.string("supervising_unit_name") ?? "监管部门")核查通过）" }

    static func reopened(_ row: Row, reason: String) -> String { "\(subject(row))重新打开，状态：\(state(row))；原因：\(reason.prefix(60))" }

    static func regraded(_ row: Row, from: HazardGrade, reason: String) -> String {
        "\(from.chinese)隐患重新定级为\(subject(row))，状态：\(state(row))；原因：\(reason.prefix(60))"
    }

    static func transferred(_ row: Row, fromUnit: String, reason: String) -> String {
        "\(subject(row))改派监管部门：\(fromUnit) → \(row.string("supervising_unit_name") ?? "")；原因：\(reason.prefix(60))"
    }

    static func listed(_ row: Row, number: String, on date: CalendarDate) -> String {
        "\(subject(row))已挂牌督办（\(number)，\(date.iso)），状态：\(state(row))"
    }

    static func tipOffOverdue(id: Int64, territory: String?, days: Int) -> String {
        "群众举报 #\(id)\(territory.map { "（\($0)）" } ?? "")已超过 \(days) 天未分办"
    }

    static func tipOffContested(id: Int64, territory: String?) -> String {
        "群众举报 #\(id)\(territory.map { "（\($0)）" } ?? "")的举报人对不予立案提出异议，重新进入分办"
    }
}
