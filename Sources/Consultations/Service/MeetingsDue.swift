// 待办 (the overview): the required meetings of this quarter not yet held. The office sees every
// body that must meet; a member unit the special leading groups whose office it hosts (it records
// their meetings); a town, an inspector or an enterprise none (no body of theirs must meet).
import Kernel

enum MeetingsDue {
    static let kind = "meeting_due"

    static var source: OverviewSource {
        OverviewSource(id: "consultations.meeting-due") { db, actor, today in try items(db, actor, today) }
    }

    static func items(_ db: Connection, _ actor: Actor, _ today: CalendarDate) throws -> [OverviewItem] {
        let quarter = Quarter(containing: today)
        var bodies = try Compliance.requiredBodies(db).filter { body in
            guard let from = body.kind.requiredFrom else { return false }
            return quarter >= from
        }
        if !actor.isOffice {
            guard actor.role == .unit, case .unit(let unitID) = actor.scope else { return [] }
            let hosted = Set(try RegistryNames(db: db).groups().filter { $0.hostUnitID == unitID }.map(\.id))
            bodies = bodies.filter { $0.groupID.map(hosted.contains) ?? false }
        }
        return try bodies.compactMap { body -> OverviewItem? in
            guard try Compliance.meetings(of: body, in: quarter, upTo: today, db).isEmpty else { return nil }
            let left = today.days(until: quarter.end)
            return OverviewItem(
                module: "consultations", kind: kind,
                title: "\(body.name)本季度（\(quarter.year)年第\(quarter.number)季度）尚未召开\(body.kind.name)",
                detail: "\(quarter.text) 须召开\(body.kind.name)，至今未召开；距 \(quarter.end.iso) 季度结束还有 \(left) 天。召开后录入会议（anwei consultations meetings add，或 POST /api/v1/consultations/meetings）。",
                since: quarter.start, link: AgendaLinks.compliance(quarter.text))
        }
    }
}
