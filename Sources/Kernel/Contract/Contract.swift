// What a route or a command takes: its fields, declared once. The one reader applies them the
// same way to a JSON body, a query string, CLI options and a CSV row: unknown fields are named,
// every bad field is named with the type it wants, and nothing is half-read.
import CLI

/// Every fault a reader found, each naming its field.
public struct FieldErrors: Error, Sendable {
    public var all: [FieldError]
    public init(_ all: [FieldError]) { self.all = all }
}

public struct Contract: Sendable {
    public var fields: [FieldSpec]
    /// An update: any field may be left out, but a required one may not be cleared.
    public var partial: Bool

    public init(_ fields: [FieldSpec], partial: Bool = false) {
        self.fields = fields
        self.partial = partial
    }
    /// Takes nothing.
    public static let none = Contract([])

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
    public var isEmpty: Bool { fields.isEmpty }
    /// Whether reading needs the database (a registry reference by name, here or nested).
    public var needsDatabase: Bool { fields.contains { $0.type.needsDatabase } }

    public static func + (a: Contract, b: Contract) -> Contract { Contract(a.fields + b.fields) }

    // MARK: - Reading

    /// Reads a JSON object's members. A reference's name is resolved in `db`.
    public func read(json members: [JSON.Member], prefix: String? = nil, reader: FieldReader = .registry, _ db: Connection?) -> Result<Values, FieldErrors> {
        var given: [(String, GivenValue)] = []
        var errors: [FieldError] = []
        var seen = Set<String>()
        for member in members {
            let path = prefix.map { "\($0).\(member.key)" } ?? member.key
            if !seen.insert(member.key).inserted { errors.append(FieldError(path, "duplicate", "\(path) 重复出现 (given twice)")); continue }
            given.append((member.key, .json(member.value)))
        }
        return read(given, prefix: prefix, reader: reader, db, errors: errors)
    }

    /// Reads text values by API name: a query string, a CSV row. A list field may be repeated;
    /// any other field given twice is an error.
    public func read(text pairs: [(name: String, value: String)], reader: FieldReader = .registry, _ db: Connection?) -> Result<Values, FieldErrors> {
        var given: [(String, GivenValue)] = []
        var errors: [FieldError] = []
        var position: [String: Int] = [:]
        for (name, value) in pairs {
            if let index = position[name] {
                if let field = field(name), field.isList, case .text(let earlier) = given[index].1 {
                    given[index].1 = .text(earlier + "," + value)
                } else {
                    errors.append(FieldError(name, "duplicate", "\(name) 重复出现 (given twice)"))
                }
                continue
            }
            position[name] = given.count
            given.append((name, .text(value)))
        }
        return read(given, prefix: nil, reader: reader, db, errors: errors)
    }

    private func read(_ given: [(String, GivenValue)], prefix: String?, reader: FieldReader, _ db: Connection?, errors: [FieldError]) -> Result<Values, FieldErrors> {
        var errors = errors
        var values: [String: FieldValue] = [:]
        var present = Set<String>()
        for (name, value) in given {
            let path = prefix.map { "\($0).\(name)" } ?? name
            guard let field = field(name) else {
                let known = fields.map(\.name).joined(separator: ", ")
                errors.append(FieldError(path, "unknown_field", "没有字段 \(path) (unknown field; this takes: \(known.isEmpty ? "no fields" : known))"))
                continue
            }
            present.insert(name)
            switch reader.read(field, value, path: path, db) {
            case .success(let v): values[name] = v
            case .failure(let error): errors.append(error)
            }
        }
        for field in fields where field.required && !partial && !present.contains(field.name) {
            let path = prefix.map { "\($0).\(field.name)" } ?? field.name
            errors.append(FieldError(path, "required", "\(field.spoken(path)) 为必填项 (is required)"))
        }
        if partial && given.isEmpty && errors.isEmpty {
            errors.append(FieldError(prefix ?? "body", "too_few", "请至少给出一个要修改的字段 (name at least one field to change)"))
        }
        if !errors.isEmpty { return .failure(FieldErrors(errors)) }
        return .success(Values(values, order: fields.map(\.name).filter { values[$0] != nil }))
    }

    /// `read(json:)`, throwing every error found as one 422.
    public func values(json members: [JSON.Member], reader: FieldReader = .registry, _ db: Connection?) throws -> Values {
        try Self.unwrap(read(json: members, reader: reader, db))
    }

    /// `read(text:)`, throwing every error found as one 422.
    public func values(text pairs: [(name: String, value: String)], reader: FieldReader = .registry, _ db: Connection?) throws -> Values {
        try Self.unwrap(read(text: pairs, reader: reader, db))
    }

    static func unwrap(_ result: Result<Values, FieldErrors>) throws -> Values {
        switch result {
        case .success(let values): return values
        case .failure(let errors): throw DomainError.validation(errors.all)
        }
    }

    // MARK: - The CLI

    /// `--body FILE|-`: the fields as the HTTP API takes them, for those a command line cannot
    /// spell (objects, lists of objects); options given beside it win.
    public static let bodyOption = OptionSpec.value("body", "FILE",
        help: "a JSON file (or - for standard input) holding the fields as the HTTP API takes them; options given beside it win")

    /// The command-line options of these fields: `--name VALUE`; a reference without `_id`
    /// (`--territory 东城镇`); a list may be repeated or separated by commas. Fields only JSON can
    /// hold are given in `--body`.
    public var options: [OptionSpec] {
        var options = fields.filter { !$0.isNested }.map { field -> OptionSpec in
            field.isList ? .repeated(field.optionName, field.placeholder, help: field.helpLine) : .value(field.optionName, field.placeholder, help: field.helpLine)
        }
        if fields.contains(where: \.isNested) { options.append(Self.bodyOption) }
        return options
    }

    /// Reads these fields from a command line's options (and `--body`, where the contract has
    /// fields only JSON can hold; `body` stands in for the file). A list option may be repeated:
    /// each value is one item (a list of texts keeps its commas: `--agenda '通报形势，研判风险'` is
    /// one item); one value of a list of ids or names may also separate them with commas.
    public func values(_ invocation: Invocation, reader: FieldReader = .registry, _ db: Connection?, body: [JSON.Member]? = nil) throws -> Values {
        var given: [(String, GivenValue)] = []
        for field in fields where !field.isNested {
            let typed = invocation.values(field.optionName)
            if typed.isEmpty { continue }
            switch field.type {
            case .list(let item, _) where item.isText:
                given.append((field.name, .json(.array(typed.map(JSON.string)))))
            case .textList:
                given.append((field.name, typed.count > 1 ? .json(.array(typed.map(JSON.string))) : .text(typed[0])))
            case .list:
                given.append((field.name, .text(typed.joined(separator: ","))))
            default:
                given.append((field.name, .text(typed[typed.count - 1])))
            }
        }
        if fields.contains(where: \.isNested) {
            let byOption = Set(given.map(\.0))
            for member in try body ?? Self.bodyMembers(invocation) where !byOption.contains(member.key) {
                given.append((member.key, .json(member.value)))
            }
        }
        return try Self.unwrap(read(given, prefix: nil, reader: reader, db, errors: []))
    }

    /// `values(_:_:)` with names read in `core`'s database when the contract refers to the registry.
    public func values(_ invocation: Invocation, in core: Core) throws -> Values {
        guard needsDatabase else { return try values(invocation, nil) }
        return try core.read { try values(invocation, $0) }
    }

    /// The members of the object in `--body`, none without it (for a command that reshapes the
    /// body before its contract reads it).
    public static func bodyMembers(_ invocation: Invocation) throws -> [JSON.Member] {
        guard let path = invocation.value("body") else { return [] }
        guard case .object(let members)? = try? JSONParser.parse(try InputFile.readText(path)) else {
            throw CommandError(.validation, "--body 须为一个 JSON 对象 (--body must hold one JSON object)")
        }
        return members
    }
}

extension FieldSpec {
    /// Whether only JSON can hold the field (an object, a list of objects, any JSON).
    var isNested: Bool {
        switch type {
        case .object, .anyJSON: return true
        case .list(.object, _): return true
        default: return false
        }
    }

    var isList: Bool {
        switch type {
        case .list, .textList: return true
        default: return false
        }
    }

    /// What the CLI help shows for the value.
    var placeholder: String {
        switch type {
        case .text, .multilineText: return "TEXT"
        case .integer: return "N"
        case .number: return "NUMBER"
        case .boolean: return "true|false"
        case .date: return "YYYY-MM-DD"
        case .year: return "YYYY"
        case .quarter: return "YYYY-Qn"
        case .period: return "YYYY|YYYY-Qn"
        case .choice(let choices): return choices.count <= 6 ? choices.map(\.code).joined(separator: "|") : "CODE"
        case .reference: return "ID|NAME"
        case .recordID: return "ID"
        case .creditCode: return "CODE"
        case .identityNumber: return "ID-NUMBER"
        case .textList, .list: return "VALUE,..."
        case .object: return "JSON"
        case .anyJSON: return "JSON"
        }
    }

    /// One line of help: the description, whether required, the codes of a choice, an example.
    var helpLine: String {
        var text = help.isEmpty ? label : help
        if case .choice(let choices) = type, choices.count > 6 || choices.contains(where: { !$0.label.isEmpty }) {
            text += " (" + choices.map { $0.label.isEmpty ? $0.code : "\($0.code) \($0.label)" }.joined(separator: ", ") + ")"
        }
        if required { text += " [required]" }
        return text
    }
}

extension FieldType {
    /// Text, one line or several.
    var isText: Bool {
        switch self {
        case .text, .multilineText: return true
        default: return false
        }
    }

    var needsDatabase: Bool {
        switch self {
        case .reference: return true
        case .list(let item, _): return item.needsDatabase
        case .object(let fields): return fields.contains { $0.type.needsDatabase }
        default: return false
        }
    }
}
