// The responsibility lists' inputs as the contracts read them (`ListContracts`): typed values
// for the services, the same from HTTP and the CLI. Required fields are present (the reader
// refuses a request without them); the fallbacks are never used.
import Kernel

enum ListInput {
    struct LeaderList {
        var kind: LeaderListKind, year: Int, personID: Int64, content: String
        init(_ values: Values) {
            kind = values.choice("kind", LeaderListKind.self) ?? .work
            year = values.smallInt("year") ?? 0
            personID = values.id("person_id") ?? 0
            content = values.text("content") ?? ""
        }
    }

    struct LeaderStatus {
        var kind: LeaderListKind, year: Int, missing: Bool, tier: LeaderTier?, asOf: CalendarDate?
        init(_ values: Values) {
            kind = values.choice("kind", LeaderListKind.self) ?? .work
            year = values.smallInt("year") ?? 0
            missing = values.bool("missing") ?? false
            tier = values.choice("tier", LeaderTier.self)
            asOf = values.date("as_of")
        }
    }

    struct CommitteeLeader {
        var personID: Int64, title: String
        init(_ values: Values) {
            personID = values.id("person_id") ?? 0
            title = values.text("title") ?? ""
        }
    }

    struct BusinessForm {
        var what: String, location: String, candidates: [Int64]
        init(_ values: Values) {
            what = values.text("what") ?? ""
            location = values.text("location") ?? ""
            candidates = values.ids("candidate_units")
        }
    }

    struct Decision {
        var leadUnitID: Int64, note: String?
        init(_ values: Values) {
            leadUnitID = values.id("lead_unit_id") ?? 0
            note = values.text("note")
        }
    }

    struct UnitList {
        var unitID: Int64, kind: UnitListKind, effectiveFrom: CalendarDate, items: [ListItem]
        init(_ values: Values) {
            unitID = values.id("unit_id") ?? 0
            kind = values.choice("kind", UnitListKind.self) ?? .threeManages
            effectiveFrom = values.date("effective_from") ?? CalendarDate(daysSinceEpoch: 0)
            items = values.objects("items").map { ListItem(duty: $0.text("duty") ?? "", basis: $0.text("basis") ?? "") }
        }
    }

    struct Diff {
        var unitID: Int64, kind: UnitListKind, from: Int64, to: Int64
        init(_ values: Values) {
            unitID = values.id("unit_id") ?? 0
            kind = values.choice("kind", UnitListKind.self) ?? .threeManages
            from = values.int("from") ?? 0
            to = values.int("to") ?? 0
        }
    }

    struct Chain {
        var name: String, links: [LinkInput]
        /// Whether a name was given (a revision keeps the name when none is).
        var named: Bool
        init(_ values: Values) {
            name = values.text("name") ?? ""
            named = values.text("name") != nil
            links = values.objects("links").map {
                LinkInput(name: $0.text("name") ?? "", leads: $0.ids("lead_units"), cooperating: $0.ids("cooperating_units"), businessFormID: $0.id("business_form_id"))
            }
        }
    }

    struct Group {
        var unitID: Int64, headID: Int64, members: [String]
        init(_ values: Values) {
            unitID = values.id("unit_id") ?? 0
            headID = values.id("head_id") ?? 0
            members = values.texts("members")
        }
    }
}
