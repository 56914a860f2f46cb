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

extension CommandInput {
    /// The values of `contract` where the command builds some fields itself as JSON from its own
    /// options (e.g. `--item DUTY|BASIS` → `items`): those are read by the same reader, and a
    /// required one the command did not build is missing.
    static func values(_ contract: Contract, _ invocation: Invocation, _ core: Core, built: [String: JSON], from option: [String: String]) throws -> Values {
        let options = Contract(contract.fields.filter { option[$0.name] == nil })
        return try core.read { db in
            var errors: [FieldError] = []
            var values = Values()
            do {
                values = try options.values(invocation, db)
            } catch let error as DomainError where error.kind == .validation {
                errors += error.fieldErrors
            }
            for field in contract.fields {
                guard let flag = option[field.name] else { continue }
                guard let json = built[field.name] else {
                    if field.required { errors.append(FieldError(field.name, "required", "\(field.name) 为必填项，请用 --\(flag) 给出 (is required: give --\(flag))")) }
                    continue
                }
                switch FieldReader.registry.read(field, .json(json), db) {
                case .success(let value): values.set(field.name, value)
                case .failure(let error): errors.append(error)
                }
            }
            if !errors.isEmpty { throw DomainError.validation(errors) }
            return values
        }
    }
}
