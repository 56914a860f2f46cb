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

    /// Meetings (id, date) `body` held in `quarter`.
    static func meetings(of body: RequiredBody, in quarter: Quarter, _ db: Connection) throws -> [(id: Int64, heldOn: String)] {
        try db.query("SELECT id, held_on FROM consultations_meetings WHERE kind_id = ? AND group_id IS ? AND quarter = ? ORDER BY held_on, id",
                     [body.kind.id, body.groupID, quarter.text]).map { ($0.requiredInt("id"), $0.requiredString("held_on")) }
    }

    static func verdict(held: [(id: Int64, heldOn: String)], quarter: Quarter, today: CalendarDate, rules: ColourRules) -> ColourVerdict {
        if let first = held.first {
            return ColourVerdict(.green, "held on \(first.heldOn) (meeting \(first.id))\(held.count > 1 ? ", \(held.count) meetings this quarter" : "")")
        }
        if today > quarter.end {
            return ColourVerdict(.red, "no meeting in \(quarter.text): the quarter ended \(quarter.end.iso)")
        }
        if today < quarter.start {
            return ColourVerdict(.green, "not yet due: \(quarter.text) starts \(quarter.start.iso)")
        }
        let left = today.days(until: quarter.end)
        if left <= rules.yellowDaysBefore {
            return ColourVerdict(.yellow, "due soon: no meeting yet, \(quarter.text) ends \(quarter.end.iso) (\(left) day(s) left)")
        }
        return ColourVerdict(.green, "quarter in progress: no meeting yet, \(left) day(s) left until \(quarter.end.iso)")
    }

    /// The compliance lines of `quarter` as seen on `today`.
    public static func lines(quarter: Quarter, today: CalendarDate, rules: ColourRules, _ db: Connection) throws -> [JSON] {
        var lines: [JSON] = []
        for body in try requiredBodies(db) {
            guard let from = body.kind.requiredFrom, quarter >= from else { continue }
            let held = try meetings(of: body, in: quarter, db)
            let verdict = verdict(held: held, quarter: quarter, today: today, rules: rules)
            lines.append(.object([
                "body": .string(body.name), "body_key": .string(body.key), "body_kind": .string(body.kind.bodyKind.rawValue),
                "group_id": JSON(body.groupID), "kind": .string(body.kind.code), "kind_name": .string(body.kind.name),
                "quarter": .string(quarter.text), "held": .bool(!held.isEmpty),
                "meetings": .array(held.map { .object(["id": .int($0.id), "held_on": .string($0.heldOn), "link": .string("/api/v1/consultations/meetings/\($0.id)")]) }),
                "colour": .string(verdict.colour.rawValue), "reason": .string(verdict.reason),
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
                    guard try meetings(of: body, in: quarter, tx.db).isEmpty else { continue }
                    guard try tx.fireOnce(check: checkID, subject: body.key, threshold: quarter.text) else { continue }
                    try tx.publish(MeetingMissing(body: body.name, bodyKind: body.kind.bodyKind.rawValue, bodyId: body.groupID, kind: body.kind.code, quarter: quarter.text))
                    try tx.audit(action: "consultations.meeting.missing", entity: "body", entityID: body.key,
                                 summary: "\(body.name) \(quarter.text) 未召开\(body.kind.name)")
                    published += 1
                }
            }
            return published
        }
    }
}
