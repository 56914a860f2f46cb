// The responsibility lists' rules (one file each): leaders' lists (work lists due by end of
// February), versioned unit lists with a diff, "one matter" chains with their gaps and overlaps,
// and the internal safety leading group whose head must be the unit's principal leader. Here:
// what they share.
import Kernel

enum UnitListKind: String, CaseIterable {
    case threeManages, powerDuty, publicService, intermediaryService

    var chinese: String {
        switch self {
        case .threeManages: return "三管三必须清单"
        case .powerDuty: return "权责清单"
        case .publicService: return "公共服务清单"
        case .intermediaryService: return "中介服务清单"
        }
    }
}

/// One item of a unit list: the duty and its legal basis.
struct ListItem: Hashable {
    var duty: String
    var basis: String
    var json: JSON { .object(["duty": .string(duty), "basis": .string(basis)]) }
}

/// A chain link as given: its name, lead units and cooperating units (registry ids).
struct LinkInput {
    var name: String
    var leads: [Int64]
    var cooperating: [Int64]
    /// A decided new-business-form request whose lead department leads this link.
    var businessFormID: Int64? = nil
}

enum ListService {
    /// A registry unit by id (the reader has resolved names); 404 when there is none.
    static func unit(_ id: Int64, _ db: Connection) throws -> (id: Int64, name: String) {
        guard let name = try RegistryReader.name(kind: "unit", id: id, db) else { throw notFound("成员单位", id) }
        return (id, name)
    }

    /// Only the office (区安委办) may `what` (a Chinese verb phrase); 403 for anyone else.
    static func requireOffice(_ actor: Actor, _ what: String) throws {
        guard actor.isOffice else { throw DomainError.forbidden("只有区安委办可以\(what) (only the committee office may do this)") }
    }

    /// Chains and their checks are read by the office, units and towns (as over HTTP); 403 for others.
    static func requireChainReader(_ actor: Actor) throws {
        guard actor.isOffice || actor.role == .unit || actor.role == .town else {
            throw DomainError.forbidden("只有区安委办、成员单位和镇（景区、开发区）可以查看一件事链条 (office, units and towns only)")
        }
    }

    /// A record of this module that is not there (or not for this caller): 404, in Chinese.
    static func notFound(_ what: String, _ id: Int64) -> DomainError { DomainError(.notFound, "没有编号为\(id)的\(what) (not found)") }

    /// A unit user may only touch its own unit's lists; the office any.
    static func requireOwnUnit(_ unitID: Int64, _ actor: Actor) throws {
        if actor.isOffice { return }
        guard actor.role == .unit, actor.scope == .unit(unitID) else { throw notFound("成员单位", unitID) }
    }
}
