// Who sees which meetings (enforced in SQL): the office all; a member unit the meetings it convened,
// attended, leads a decision of, or whose special group it hosts; a town those it attended or leads
// a decision of; nobody else. Out of scope reads as "not found".
import Kernel

enum MeetingScope {
    /// The SQL condition on `consultations_meetings` aliased `alias`; nil when the actor sees all.
    static func condition(_ actor: Actor, alias m: String = "m") -> (sql: String, arguments: [any DatabaseValueConvertible])? {
        if actor.isOffice { return nil }
        switch actor.scope {
        case .all:
            return nil
        case .unit(let id):
            return ("""
                (\(m).convener_unit_id = ? OR EXISTS (SELECT 1 FROM consultations_attendees a WHERE a.meeting_id = \(m).id AND a.unit_id = ?) \
                OR EXISTS (SELECT 1 FROM consultations_decisions d WHERE d.meeting_id = \(m).id AND d.lead_unit_id = ?) \
                OR \(m).group_id IN (SELECT g.id FROM registry_special_groups g WHERE g.host_unit_id = ?))
                """, [id, id, id, id])
        case .territory(let id):
            return ("""
                (EXISTS (SELECT 1 FROM consultations_attendees a WHERE a.meeting_id = \(m).id AND a.territory_id = ?) \
                OR EXISTS (SELECT 1 FROM consultations_decisions d WHERE d.meeting_id = \(m).id AND d.lead_territory_id = ?))
                """, [id, id])
        case .group, .enterprise:
            return ("0", [])
        }
    }

    /// May `actor` record (or amend) a meeting of `kind` for `groupID`? The office may record any; a
    /// special group's host unit may record that group's meetings.
    static func mayRecord(_ kind: MeetingKind, groupID: Int64?, _ actor: Actor, _ db: Connection) throws -> Bool {
        if actor.isOffice { return true }
        guard actor.role == .unit, case .unit(let unitID) = actor.scope, kind.bodyKind == .specialGroup, let groupID else { return false }
        return try RegistryNames(db: db).hostUnit(ofGroup: groupID) == unitID
    }

    static func requireRecorder(_ kind: MeetingKind, groupID: Int64?, _ actor: Actor, _ db: Connection) throws {
        guard try mayRecord(kind, groupID: groupID, actor, db) else {
            throw DomainError.forbidden("只有区安委办可录入「\(kind.name)」；专项领导小组会议由其办公室所在单位录入 (only the committee office records \(kind.code) meetings; a special leading group's host unit records that group's meetings)")
        }
    }

    /// Office-only actions (kinds, the generated agenda).
    static func requireOffice(_ actor: Actor, _ what: String) throws {
        guard actor.isOffice else { throw DomainError.forbidden("只有区安委办可以\(what)") }
    }
}
