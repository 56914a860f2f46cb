// Who reads what of the assessment report (domain.md §4, issue 19 item 12). The office (and the
// system administrator) reads all of it. A member unit or a town reads its own result — score,
// rank, the indicator tree and every line, which are about its own records — and the published
// ranking of the others (kind, name, score, rank): never another body's lines, which name hazards,
// enterprises and 约谈/警示通报 texts it could not read elsewhere. Inspectors and enterprises are
// refused (403). The same filter serves JSON, CSV and HTML, over HTTP and the CLI.
import Kernel

enum AssessmentAccess {
    /// What a body other than the reader shows: the published ranking only.
    static let rankingMembers: Set<String> = ["kind", "kind_label", "id", "name", "score", "rank"]

    static func own(_ actor: Actor) -> (kind: String, id: Int64)? {
        switch actor.scope {
        case .unit(let id): return actor.role == .unit ? ("unit", id) : nil
        case .territory(let id): return actor.role == .town ? ("territory", id) : nil
        default: return nil
        }
    }

    static func filter(_ report: JSON, for actor: Actor) throws -> JSON {
        if actor.isOffice { return report }
        guard let own = own(actor) else {
            throw DomainError.forbidden("考核结果仅向区安委办、成员单位和镇（景区、开发区）公布 (the assessment report is for the office, member units and towns)")
        }
        guard case .object(let members) = report else { return report }
        return .object(members.map { member in
            guard member.key == "results", case .array(let results) = member.value else { return member }
            return JSON.Member("results", .array(results.map { result in
                if result["kind"] == .string(own.kind) && result["id"] == .int(own.id) { return result }
                guard case .object(let fields) = result else { return result }
                return .object(fields.filter { rankingMembers.contains($0.key) })
            }))
        })
    }
}
