// One field of what a route or a command takes or gives: its name, its type with limits, whether
// it is required, a description and an example. Declared once; the reader, the CLI options and
// help, the CSV import and the OpenAPI document all come from it.

/// The kind of value a field holds.
public indirect enum FieldType: Sendable {
    /// One line of text (no control characters at all).
    case text(maxLength: Int)
    /// Text that may span lines (`\n` and `\t` allowed, no other control characters).
    case multilineText(maxLength: Int)
    case integer(range: ClosedRange<Int64>)
    /// A decimal number (e.g. class hours 2.5).
    case number(range: ClosedRange<Double>)
    case boolean
    /// `YYYY-MM-DD`.
    case date
    /// A year from `CalendarDate.sensibleYears`.
    case year
    /// A quarter, `2024-Q2`.
    case quarter
    /// A reporting period: a year `2024` or a quarter `2024-Q2`.
    case period
    /// One of the given codes; labels are what people read (e.g. town: 镇). Either is accepted.
    case choice([(code: String, label: String)])
    /// The id of a registry record (by plural name: units, territories, enterprises, people,
    /// groups, supervision groups ...); the CLI, CSV and JSON also accept its name or an alias.
    case reference(String)
    /// The id of one of a module's own records (e.g. `hazard`): a positive whole number. `chinese`
    /// names the record in a refusal ("须为隐患的编号"); an answer's field needs none.
    case recordID(String, chinese: String? = nil)
    /// 统一社会信用代码: 18 characters with a GB 32100 check character.
    case creditCode
    /// 公民身份号码: 18 characters with a GB 11643 check character (personal data).
    case identityNumber
    /// A list of short texts (e.g. aliases), stored as a JSON array; the CLI and CSV separate
    /// items with `;` (or `；`, `|`).
    case textList
    /// A list of values of one type (at most `maxItems`).
    case list(FieldType, maxItems: Int)
    /// A nested object with its own fields.
    case object([FieldSpec])
    /// Any JSON value (only in answers: event payloads and the like).
    case anyJSON
}

/// One field.
public struct FieldSpec: Sendable {
    /// The API name (snake_case; the CLI option is the same with dashes, a reference without `_id`).
    public var name: String
    public var column: String
    /// The Chinese label, for tables and help.
    public var label: String
    public var type: FieldType
    public var required: Bool
    public var unique: Bool
    /// May be given as a list filter (`--territory 东城镇`, `?territory_id=3`).
    public var filterable: Bool
    public var help: String
    /// An example value, for the OpenAPI document and help.
    public var example: JSON?
    /// Whether `null` (or an empty text) is accepted: by default, exactly when the field is not
    /// required. A field with a default that may not be cleared (a flag) says `false`.
    public var nullable: Bool?

    /// Whether a request may give this field as null or "" (absent, or cleared in an update).
    public var acceptsEmpty: Bool { nullable ?? !required }

    public init(_ name: String, column: String? = nil, label: String = "", type: FieldType, required: Bool = false,
                unique: Bool = false, filterable: Bool = false, help: String = "", example: JSON? = nil) {
        self.name = name
        self.column = column ?? name
        self.label = label
        self.type = type
        self.required = required
        self.unique = unique
        self.filterable = filterable
        self.help = help
        self.example = example
    }

    /// The CLI option name: `credit_code` → `credit-code`; a reference `territory_id` → `territory`.
    public var optionName: String {
        var base = name
        if case .reference = type, base.hasSuffix("_id") { base = String(base.dropLast(3)) }
        // Not Foundation's replacingOccurrences: this runs for every field of every row of an import.
        return base.utf8.contains(UInt8(ascii: "_")) ? String(base.map { $0 == "_" ? "-" : $0 }) : base
    }

    public var isReference: Bool { if case .reference = type { return true }; return false }

}

// MARK: - Declaring fields briefly

extension FieldSpec {
    /// One line of text.
    public static func text(_ name: String, max: Int = 200, required: Bool = false, _ help: String, example: String? = nil) -> FieldSpec {
        FieldSpec(name, type: .text(maxLength: max), required: required, help: help, example: example.map(JSON.string))
    }

    /// Text that may span lines.
    public static func paragraph(_ name: String, max: Int = 4000, required: Bool = false, _ help: String, example: String? = nil) -> FieldSpec {
        FieldSpec(name, type: .multilineText(maxLength: max), required: required, help: help, example: example.map(JSON.string))
    }

    public static func integer(_ name: String, _ range: ClosedRange<Int64>, required: Bool = false, _ help: String, example: Int64? = nil) -> FieldSpec {
        FieldSpec(name, type: .integer(range: range), required: required, help: help, example: example.map(JSON.int))
    }

    public static func number(_ name: String, _ range: ClosedRange<Double>, required: Bool = false, _ help: String, example: Double? = nil) -> FieldSpec {
        FieldSpec(name, type: .number(range: range), required: required, help: help, example: example.map(JSON.double))
    }

    public static func boolean(_ name: String, required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .boolean, required: required, help: help)
    }

    public static func date(_ name: String, required: Bool = false, _ help: String, example: String = "2024-02-29") -> FieldSpec {
        FieldSpec(name, type: .date, required: required, help: help, example: .string(example))
    }

    public static func year(_ name: String = "year", required: Bool = false, _ help: String = "the year, e.g. 2024") -> FieldSpec {
        FieldSpec(name, type: .year, required: required, help: help, example: 2024)
    }

    public static func quarter(_ name: String = "quarter", required: Bool = false, _ help: String = "a quarter, e.g. 2024-Q2") -> FieldSpec {
        FieldSpec(name, type: .quarter, required: required, help: help, example: "2024-Q2")
    }

    public static func period(_ name: String = "period", required: Bool = false, _ help: String = "a year (2024) or a quarter (2024-Q2)") -> FieldSpec {
        FieldSpec(name, type: .period, required: required, help: help, example: "2024-Q1")
    }

    /// One of the codes of an enumeration.
    public static func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type, required: Bool = false, _ help: String) -> FieldSpec
        where E.RawValue == String {
        let codes = E.allCases.map { (code: $0.rawValue, label: "") }
        return FieldSpec(name, type: .choice(codes), required: required, help: help, example: codes.first.map { .string($0.code) })
    }

    /// One of the given codes (with their Chinese labels, also accepted).
    public static func choice(_ name: String, _ choices: [(code: String, label: String)], required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .choice(choices), required: required, help: help, example: choices.first.map { .string($0.code) })
    }

    /// A registry record (`units`, `territories`, `enterprises`, `people` ...) by id, name or alias.
    public static func reference(_ name: String, _ plural: String, required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .reference(plural), required: required, help: help, example: 1)
    }

    /// The id of one of a module's records; `chinese` names it in a refusal (what a request takes).
    public static func recordID(_ name: String, _ record: String, chinese: String? = nil, required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .recordID(record, chinese: chinese), required: required, help: help, example: 1)
    }

    /// A list of values of one type.
    public static func list(_ name: String, of type: FieldType, maxItems: Int = 200, required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .list(type, maxItems: maxItems), required: required, help: help)
    }

    /// A nested object.
    public static func object(_ name: String, _ fields: [FieldSpec], required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .object(fields), required: required, help: help)
    }

    /// Any JSON value (answers only).
    public static func any(_ name: String, required: Bool = false, _ help: String) -> FieldSpec {
        FieldSpec(name, type: .anyJSON, required: required, help: help)
    }

    /// The same field, required (answers: always present and never null).
    public var always: FieldSpec { var copy = self; copy.required = true; return copy }
    /// The same field, optional but never null or empty when given (a flag with a default).
    public var notNull: FieldSpec { var copy = self; copy.nullable = false; return copy }
}
