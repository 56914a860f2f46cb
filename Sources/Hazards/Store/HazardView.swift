// How a hazard reads in JSON (HTTP and `--json` alike): snake_case keys, dates YYYY-MM-DD,
// with its colour and the reason for it.
import Kernel

enum HazardView {
    static let planParts: [(column: String, label: String)] = [
        ("plan_goals", "治理的目标和任务"),
        ("plan_methods", "采取的方法和措施"),
        ("plan_funds", "经费和物资的落实"),
        ("plan_responsible", "负责治理的机构和人员"),
        ("plan_deadline_requirements", "治理的时限和要求"),
        ("plan_safety_measures", "安全措施和应急预案"),
    ]
    static let reportParts: [(column: String, label: String)] = [
        ("state_and_cause", "隐患的现状及其产生原因"),
        ("harm_and_difficulty", "隐患的危害程度和整改难易程度分析"),
    ]

    /// The deadline's colour: red when overdue ("due today" is not overdue), yellow within 7 days.
    static func colour(status: HazardStatus, deadline deadlineText: String, reviewDue: String?, today: CalendarDate) -> ColourVerdict {
        if !status.isOpen { return ColourVerdict(.green, status == .closed ? "closed" : "merged") }
        if status == .reviewApplied, let text = reviewDue, let due = date(text), today > due {
            return ColourVerdict(.red, "review overdue: on-site review due \(text), \(due.days(until: today)) day(s) late")
        }
        guard let deadline = date(deadlineText) else { return ColourVerdict(.green, "no deadline") }
        if today > deadline { return ColourVerdict(.red, "overdue: deadline \(deadlineText), \(deadline.days(until: today)) day(s) late") }
        let left = today.days(until: deadline)
        if left <= 7 { return ColourVerdict(.yellow, "due soon: deadline \(deadlineText), \(left) day(s) left") }
        return ColourVerdict(.green, "on track: deadline \(deadlineText), \(left) day(s) left")
    }

    /// Open and past its deadline. Stored dates are YYYY-MM-DD, so text order is date order.
    static func isOverdue(status: HazardStatus, deadline: String, today: CalendarDate) -> Bool {
        status.isOpen && date(deadline).map { today > $0 } == true
    }

    /// A stored YYYY-MM-DD date, read byte by byte (a list page reads hundreds of them).
    static func date(_ text: String) -> CalendarDate? {
        var parts = (0, 0, 0)
        var index = 0
        for byte in text.utf8 {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), index < 10 else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if index < 4 { parts.0 = parts.0 * 10 + digit } else if index < 7 { parts.1 = parts.1 * 10 + digit } else { parts.2 = parts.2 * 10 + digit }
            }
            index += 1
        }
        guard index == 10 else { return nil }
        return CalendarDate(year: parts.0, month: parts.1, day: parts.2)
    }

    /// The list form.
    static func summary(_ row: Row, today: CalendarDate) -> JSON {
        let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
        let deadline = row.requiredString("deadline")
        let verdict = colour(status: status, deadline: deadline, reviewDue: row.string("review_due"), today: today)
        return .object([
            JSON.Member("id", .int(row.requiredInt("id"))),
            JSON.Member("code", .string(row.requiredString("code"))),
            JSON.Member("grade", .string(row.requiredString("grade"))),
            JSON.Member("status", .string(status.rawValue)),
            JSON.Member("enterprise_id", JSON(row.int("enterprise_id"))),
            JSON.Member("enterprise_name", JSON(row.string("enterprise_name"))),
            JSON.Member("place", JSON(row.string("place"))),
            JSON.Member("territory_id", .int(row.requiredInt("territory_id"))),
            JSON.Member("territory_name", JSON(row.string("territory_name"))),
            JSON.Member("sector", .string(row.requiredString("sector"))),
            JSON.Member("supervising_unit_id", .int(row.requiredInt("supervising_unit_id"))),
            JSON.Member("supervising_unit_name", JSON(row.string("supervising_unit_name"))),
            JSON.Member("source", .string(row.requiredString("source"))),
            JSON.Member("found_on", .string(row.requiredString("found_on"))),
            JSON.Member("deadline", .string(deadline)),
            JSON.Member("overdue", .bool(isOverdue(status: status, deadline: deadline, today: today))),
            JSON.Member("listed", .bool(row.bool("listed"))),
            JSON.Member("description", .string(row.requiredString("description"))),
            JSON.Member("colour", .string(verdict.colour.rawValue)),
            JSON.Member("colour_reason", .string(verdict.reason)),
        ])
    }

    /// The full record.
    static func full(_ row: Row, today: CalendarDate, stockLastYear: Int) -> JSON {
        guard case .object(var members) = summary(row, today: today) else { return .null }
        let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
        let grade = HazardGrade(rawValue: row.requiredString("grade")) ?? .general
        let listed = row.bool("listed")
        let stock = grade == .major && row.requiredString("found_on") <= "\(stockLastYear)-12-31"
        members += [
            JSON.Member("status_label", .string(status.chinese)),
            JSON.Member("stock", .bool(stock)),
            JSON.Member("standard_clause_id", JSON(row.int("standard_clause_id"))),
            JSON.Member("standard_clause", JSON(row.string("standard_clause_name"))),
            JSON.Member("report", .object(reportParts.map { JSON.Member($0.column, JSON(row.string($0.column))) })),
            JSON.Member("plan", .object(planParts.map { JSON.Member(String($0.column.dropFirst(5)), JSON(row.string($0.column))) }
                                        + [JSON.Member("filed_at", JSON(row.string("plan_filed_at")))])),
            JSON.Member("listing", listed ? .object([
                "level": JSON(row.string("listing_level")), "notice_number": JSON(row.string("listing_notice_number")),
                "supervising_body": JSON(row.string("listing_body")), "listed_on": JSON(row.string("listed_on")),
            ]) : .null),
            JSON.Member("rectified_on", JSON(row.string("rectified_on"))),
            JSON.Member("assessment", JSON(row.string("assessment"))),
            JSON.Member("review_applied_on", JSON(row.string("review_applied_on"))),
            JSON.Member("review_due", JSON(row.string("review_due"))),
            JSON.Member("closed_on", JSON(row.string("closed_on"))),
            JSON.Member("closed_by", JSON(row.string("closed_by"))),
            JSON.Member("closed_on_behalf_of_unit_id", JSON(row.int("closed_on_behalf_of_unit_id"))),
            JSON.Member("merged_into_id", JSON(row.int("merged_into_id"))),
            JSON.Member("reported_by", .string(row.requiredString("reported_by"))),
            JSON.Member("allowed_actions", JSON(HazardAction.allowed(from: status, grade: grade, listed: listed).map(\.rawValue))),
            JSON.Member("version", .int(row.requiredInt("version"))),
            JSON.Member("created_at", .string(row.requiredString("created_at"))),
            JSON.Member("updated_at", .string(row.requiredString("updated_at"))),
        ]
        return .object(members)
    }

    static func attachment(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "name": .string(row.requiredString("name")),
            "media_type": .string(row.requiredString("media_type")), "size": .int(row.requiredInt("size")),
            "sha256": .string(row.requiredString("sha256")), "added_by": .string(row.requiredString("added_by")),
            "added_at": .string(row.requiredString("added_at")),
        ])
    }

    /// The facts every hazard event carries.
    static func facts(_ row: Row) -> HazardFacts {
        HazardFacts(hazardId: row.requiredInt("id"), code: row.requiredString("code"), grade: row.requiredString("grade"),
                    territoryId: row.int("territory_id"), sector: row.requiredString("sector"),
                    supervisingUnitId: row.int("supervising_unit_id"), enterpriseId: row.int("enterprise_id"),
                    source: row.requiredString("source"))
    }
}
