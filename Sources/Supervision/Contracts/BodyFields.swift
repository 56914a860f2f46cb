// Whom a finding, notice, instrument or assessment item is addressed to: one of a few registry
// references (`responsible_unit_id`, `responsible_territory_id`, ...), each a `.reference` field
// so that its name is resolved by the kernel's reader like any other.
import Kernel

struct BodyFields: Sendable {
    /// The field names' prefix: `responsible`, `target`, `subject`.
    let prefix: String
    let kinds: [BodyKind]
    /// How the body is spoken of in help and messages.
    let role: String

    func name(_ kind: BodyKind) -> String { "\(prefix)_\(kind.rawValue)_id" }

    /// One optional reference per kind.
    var fields: [FieldSpec] {
        kinds.map { kind in
            .reference(name(kind), kind.plural, "the \(role) when it is a \(kind.rawValue): its id, name or alias (give exactly one of \(names))")
        }
    }

    var names: String { kinds.map(name).joined(separator: ", ") }

    /// The one body given, nil when none; more than one is the error `one_body`.
    func read(_ values: Values) -> Result<(kind: BodyKind, id: Int64)?, FieldError> {
        let given = kinds.compactMap { kind in values.id(name(kind)).map { (kind: kind, id: $0) } }
        if given.count > 1 {
            return .failure(FieldError(name(given[1].kind), "one_body", "只能指明一个\(roleLabel)：\(names) (name one \(role) only)"))
        }
        return .success(given.first)
    }

    /// The one body given, or the error `body_required` when there is none.
    func require(_ values: Values) -> Result<(kind: BodyKind, id: Int64), FieldError> {
        switch read(values) {
        case .failure(let error): return .failure(error)
        case .success(let body?): return .success(body)
        case .success(nil):
            return .failure(FieldError(kinds.first.map(name) ?? prefix, "body_required", "须指明\(roleLabel)：\(names) 之一 (name the \(role): one of \(names))"))
        }
    }

    private var roleLabel: String {
        switch prefix {
        case "responsible": return "责任主体"
        case "target": return "对象"
        default: return "考核对象"
        }
    }

    static let responsible = BodyFields(prefix: "responsible", kinds: BodyKind.allCases, role: "responsible body")
    static let target = BodyFields(prefix: "target", kinds: BodyKind.allCases, role: "target")
    static let subject = BodyFields(prefix: "subject", kinds: [.unit, .territory], role: "assessed body")
}
