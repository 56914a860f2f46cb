// A command's fields read by the same contract as its route: scalar fields from options
// (`--territory 东城镇`), nested ones (lists of objects) from `--body FILE|-` holding the JSON the
// HTTP API takes. Options given beside `--body` win. The kernel's reader does every check.
import CLI
import Kernel

enum CommandInput {
    static let bodyOption = OptionSpec.value("body", "FILE", help: "a JSON file (or - for stdin) with the fields, as the HTTP API takes them; options given beside it win")

    /// Whether a field can only be given as JSON (an object, or a list of objects).
    static func isNested(_ field: FieldSpec) -> Bool {
        switch field.type {
        case .object, .anyJSON: return true
        case .list(let item, _):
            if case .object = item { return true }
            return false
        default: return false
        }
    }

    /// The options of `contract`: one per scalar field, and `--body` when it has nested fields.
    static func options(_ contract: Contract) -> [OptionSpec] {
        let scalar = Contract(contract.fields.filter { !isNested($0) })
        return scalar.options + (scalar.fields.count < contract.fields.count ? [bodyOption] : [])
    }

    /// The members of `--body`, none without it.
    static func body(_ invocation: Invocation) throws -> [JSON.Member] {
        guard let path = invocation.value("body") else { return [] }
        let text = try InputFile.readText(path)
        guard case .object(let members)? = try? JSONParser.parse(text) else {
            throw CommandError(.validation, "--body 须为 JSON 对象 (--body must hold a JSON object)")
        }
        return members
    }

    /// Reads `contract` from the options and `body` (by default `--body`); every error found is one 422.
    static func values(_ contract: Contract, _ invocation: Invocation, _ db: Connection?, body: [JSON.Member]? = nil) throws -> Values {
        var pairs: [(name: String, value: String)] = []
        for field in contract.fields where !isNested(field) {
            let given = invocation.values(field.optionName)
            guard let last = given.last else { continue }
            pairs.append((field.name, field.isListField ? given.joined(separator: ",") : last))
        }
        let byOption = Set(pairs.map(\.name))
        let members = try (body ?? self.body(invocation)).filter { !byOption.contains($0.key) }
        var errors: [FieldError] = []
        var merged: [String: FieldValue] = [:]
        switch Contract(contract.fields.filter { byOption.contains($0.name) }).read(text: pairs, db) {
        case .success(let values): merged.merge(values.fields) { $1 }
        case .failure(let found): errors += found.all
        }
        switch Contract(contract.fields.filter { !byOption.contains($0.name) }).read(json: members, db) {
        case .success(let values): merged.merge(values.fields) { $1 }
        case .failure(let found): errors += found.all
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        return Values(merged, order: contract.fields.map(\.name).filter { merged[$0] != nil })
    }

    /// `--limit` and `--after` of a list command.
    static func paging(_ invocation: Invocation) throws -> Paging {
        try Paging.read(invocation)
    }
}

extension FieldSpec {
    var isListField: Bool {
        switch type {
        case .list, .textList: return true
        default: return false
        }
    }
}
