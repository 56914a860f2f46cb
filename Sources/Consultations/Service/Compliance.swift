// Quarterly compliance: for every body that must meet each quarter, held or not held, with a colour
// and its reason. A quarter that ends without the meeting turns red and publishes
// `consultations.meeting.missing` once (a scheduled check).
import Kernel

public enum Compliance {
    /// Every body required to meet: each required kind's body, and for a special-group kind every group.
    static func requiredBodies(_ db: Connection) throws -> [RequiredBody] {
        let names = RegistryNames(db: db)
        var bodies: [RequiredBody] = []
        for kind in try KindStore.all(db) where kind.requiredFrom != nil {
            if kind.bodyKind == .specialGroup {
                for group in try names.groups() { bodies.append(RequiredBody(kind: kind, groupID: group.id, name: group.name)) }
            } else {
                bodies.append(RequiredBody(kind: kind, groupID: nil, name: kind.bodyName))
            }
        }
        return bodies
    }

    typealias Held = (id: Int64, heldOn: String, title: String)

    /// Meetings `body` held in `quarter` on or before `upTo` (as of that day, a later one was not yet held).
    static func meetings(of body: RequiredBody, in quarter: Quarter, upTo: CalendarDate, _ db: Connection) throws -> [Held] {
        try db.query("SELECT id, held_on, title FROM consultations_meetings WHERE kind_id = ? AND group_id IS ? AND quarter = ? AND held_on <= ? ORDER BY held_on, id",
                     [body.kind.id, body.groupID, quarter.text, upTo.iso]).map { ($0.requiredInt("id"), $0.requiredString("held_on"), $0.requiredString("title")) }
    }

    /// The colour, its reason in Chinese, and a stable code for scripts
    /// (`held`, `missed`, `not_yet_due`, `due_soon`, `in_progress`).
    static func verdict(held: [Held], quarter: Quarter, today: CalendarDate, rules: ColourRules) -> (verdict: ColourVerdict, code: String) {
        if let first = held.first {
            return (ColourVerdict(.green, "已于 \(first.heldOn) 召开「\(first.title)」\(held.count > 1 ? "，本季度共召开 \(held.count) 次" : "")"), "held")
        }
        if today > quarter.end {
            return (ColourVerdict(.red, "\(quarter.text) 未召开：该季度已于 \(quarter.end.iso) 结束"), "missed")
        }
        if today < quarter.start {
            return (ColourVerdict(.green, "尚未到期：\(quarter.text) 自 \(quarter.start.iso) 开始"), "not_yet_due")
        }
        let left = today.days(until: quarter.end)
        if left <= rules.yellowDaysBefore {
            return (ColourVerdict(.yellow, "即将到期：尚未召开，\(quarter.text) 于 \(quarter.end.iso) 结束（还剩 \(left) 天）"), "due_soon")
        }
        return (ColourVerdict(.green, "季度进行中：尚未召开，距 \(quarter.end.iso) 季度结束还有 \(left) 天"), "in_progress")
    }

    /// The compliance lines of `quarter` as seen on `today`: only meetings held by that day count.
    public static func lines(quarter: Quarter, today: CalendarDate, rules: ColourRules, _ db: Connection) throws -> [JSON] {
        var lines: [JSON] = []
        for body in try requiredBodies(db) {
            guard let from = body.kind.requiredFrom, quarter >= from else { continue }
            let held = try meetings(of: body, in: quarter, upTo: today, db)
            let (verdict, code) = verdict(held: held, quarter: quarter, today: today, rules: rules)
            lines.append(.object([
                "body": .string(body.name), "body_key": .string(body.key), "body_kind": .string(body.kind.bodyKind.rawValue),
                "group_id": JSON(body.groupID), "kind": .string(body.kind.code), "kind_name": .string(body.kind.name),
                "quarter": .string(quarter.text), "held": .bool(!held.isEmpty),
                "meetings": .array(held.map { .object(["id": .int($0.id), "held_on": .string($0.heldOn), "title": .string($0.title),
                                                        "link": .string("/api/v1/consultations/meetings/\($0.id)")]) }),
                "colour": .string(verdict.colour.rawValue), "reason": .string(verdict.reason), "reason_code": .string(code),
                "as_of": .string(today.iso),
            ]))
        }
        return lines
    }

    public static let checkID = "consultations.meeting-missing"

    /// The scheduled check: each ended quarter of the last year (from each kind's `required_from`)
    /// without the body's meeting publishes `MeetingMissing` once. Returns how many it published.
    public static func publishMissing(_ core: Core) throws -> Int {
        try core.write(.system("consultations")) { tx in
            let today = tx.today
            let current = Quarter(containing: today)
            var published = 0
            for body in try requiredBodies(tx.db) {
                guard let from = body.kind.requiredFrom else { continue }
                var quarter = max(from, Quarter(containing: today.adding(days: -366)))
                while quarter < current {
                    defer { quarter = quarter.next }
                    guard try meetings(of: body, in: quarter, upTo: today, tx.db).isEmpty else { continue }
                    guard try tx.fireOnce(check: checkID, subject: body.key, threshold: quarter.text) else { continue }
                    try tx.publish(MeetingMissing(body: body.name, bodyKind: body.kind.bodyKind.rawValue, bodyId: body.groupID, kind: body.kind.code, quarter: quarter.text),
                                   summary: "\(body.name)\(quarter.text)未召开\(body.kind.name)（该季度已于 \(quarter.end.iso) 结束）")
                    try tx.audit(action: "consultations.meeting.missing", entity: "body", entityID: body.key,
                                 summary: "\(body.name) \(quarter.text) 未召开\(body.kind.name)")
                    published += 1
                }
            }
            return published
        }
    }
}
