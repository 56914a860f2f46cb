// What this module's commands read the same way beyond the kernel's frame: --limit/--after,
// except for a CSV export (every row), and fields the command line builds from its own options.
import CLI
import Kernel

enum CommandInput {
    /// `--limit` (1–200, default 50) and `--after` as HTTP reads `?limit=&after=` (a bad one is a
    /// malformed request: exit 2). A CSV export is not paged: every matching row.
    static func paging(_ invocation: Invocation) throws -> (after: Int64?, limit: Int?) {
        if invocation.format == .csv { return (nil, nil) }
        let paging = try Paging.read(invocation)
        return (try paging.afterID(), paging.limit)
    }
}

/// A field only JSON can hold (a list of objects) that a command writes from a repeated option of
/// its own instead of `--body`: `--item DUTY|BASIS` → `items`, `--link NAME:LEADS` → `links`.
struct BuiltField: Sendable {
    var contract: Contract
    var field: String
    var option: OptionSpec
    /// One option value as one item of the field.
    var build: @Sendable (String) -> JSON

    /// The contract's options, the built field given by `option`.
    var options: [OptionSpec] { Contract(contract.fields.filter { $0.name != field }).options + [option] }

    /// The contract's values: the options, and the built items read by the same reader as a body
    /// (names resolved in the database); a required field left out asks for `--option`.
    func values(_ invocation: Invocation, _ core: Core) throws -> Values {
        let given = invocation.values(option.name)
        let body = given.isEmpty ? [] : [JSON.Member(field, .array(given.map(build)))]
        do {
            return try core.read { try contract.values(invocation, $0, body: body) }
        } catch let error as DomainError where error.kind == .validation {
            throw DomainError.validation(error.fieldErrors.map { error in
                guard error.field == field, error.code == "required" else { return error }
                return FieldError(field, "required", "\(field) 为必填项，请用 --\(option.name) 给出 (is required: give --\(option.name))")
            })
        }
    }
}
