// What a route answers on success, declared beside what it takes: the OpenAPI document lists
// every property of every answer from this, and tests hold the answers to it.

public struct Reply: Sendable {
    public enum Shape: Sendable {
        /// One JSON object with these properties.
        case object([FieldSpec])
        /// A page of a list: `{"items": [...], "next": "<cursor>"|null}` (keyset paging).
        case page([FieldSpec])
        /// A whole (short) list: `{"items": [...]}` plus the given extra properties.
        case items([FieldSpec], extra: [FieldSpec])
        /// A file of the given media type (attachments, documents).
        case file(String)
        /// Plain text of the given media type (metrics, health).
        case text(String)
        /// No content (204).
        case empty
    }

    public var shape: Shape
    /// The list may also be answered as CSV (`Accept: text/csv`).
    public var csv: Bool
    /// Other success statuses with the same body (e.g. 200 for a dry run of a 201 import).
    public var otherStatuses: [Int] = []

    public init(_ shape: Shape, csv: Bool = false) {
        self.shape = shape
        self.csv = csv
    }

    /// The same answer, also given with `status`.
    public func also(_ status: Int) -> Reply { var copy = self; copy.otherStatuses.append(status); return copy }

    public static func object(_ fields: [FieldSpec]) -> Reply { Reply(.object(fields)) }
    public static func page(_ fields: [FieldSpec], csv: Bool = true) -> Reply { Reply(.page(fields), csv: csv) }
    public static func items(_ fields: [FieldSpec], extra: [FieldSpec] = [], csv: Bool = false) -> Reply { Reply(.items(fields, extra: extra), csv: csv) }
    public static func file(_ mediaType: String) -> Reply { Reply(.file(mediaType)) }
    public static func text(_ mediaType: String) -> Reply { Reply(.text(mediaType)) }
    public static let empty = Reply(.empty)

    /// Whether the list is paged with `?limit=&after=`.
    public var isPaged: Bool { if case .page = shape { return true }; return false }

    /// The JSON Schema of the success body (nil for files, text and no content).
    public var schema: JSON? {
        switch shape {
        case .object(let fields): return FieldSchemas.object(fields, input: false)
        case .page(let fields):
            return .object(["type": "object", "required": JSON(["items", "next"]), "properties": .object([
                "items": .object(["type": "array", "items": FieldSchemas.object(fields, input: false)]),
                "next": .object(["type": JSON(["string", "null"]), "description": "the cursor of the next page, null on the last"]),
            ])])
        case .items(let fields, let extra):
            var properties: [JSON.Member] = [JSON.Member("items", .object(["type": "array", "items": FieldSchemas.object(fields, input: false)]))]
            properties += extra.map { JSON.Member($0.name, FieldSchemas.property($0, .answer)) }
            let required = ["items"] + extra.filter(\.required).map(\.name)
            return .object(["type": "object", "required": JSON(required), "properties": .object(properties)])
        case .file, .text, .empty: return nil
        }
    }
}

/// JSON Schemas of declared fields, for requests (`input`) and answers.
public enum FieldSchemas {
    /// Where a field's schema is used.
    public enum Use: Sendable { case body, query, answer }

    /// An object of `fields`. In a request unknown properties are refused; in an answer an
    /// optional property may be absent or null.
    public static func object(_ fields: [FieldSpec], input: Bool, partial: Bool = false) -> JSON {
        var members: [JSON.Member] = [JSON.Member("type", "object")]
        members.append(JSON.Member("properties", .object(fields.map { JSON.Member($0.name, property($0, input ? .body : .answer)) })))
        let required = fields.filter(\.required).map(\.name)
        if !partial && !required.isEmpty { members.append(JSON.Member("required", JSON(required))) }
        // An update names at least one field to change.
        if partial && input { members.append(JSON.Member("minProperties", 1)) }
        if input { members.append(JSON.Member("additionalProperties", false)) }
        return .object(members)
    }

    /// One property. In an answer an optional property may be null. In a request a field that
    /// accepts "empty" (`acceptsEmpty`: not required, by default) may be given as null (bodies
    /// only) or as an empty text, both meaning "not given" (or "clear it" in an update).
    public static func property(_ field: FieldSpec, _ use: Use) -> JSON {
        var members = typeMembers(field.type, input: use != .answer)
        if use != .answer && field.required, field.isList { members.append(JSON.Member("minItems", 1)) }
        let empty = use == .answer ? !field.required : field.acceptsEmpty
        if empty, let index = members.firstIndex(where: { $0.key == "type" }) {
            var types: [JSON]
            switch members[index].value {
            case .string(let type): types = [.string(type)]
            case .array(let list): types = list
            default: types = []
            }
            // In a body a reference not given is null; only a query string gives it as blank text.
            let blankText: Bool
            if case .reference = field.type, use == .body { blankText = false } else { blankText = true }
            if use != .answer && blankText {
                if types.contains(.string("string")) {
                    if let p = members.firstIndex(where: { $0.key == "pattern" }), case .string(let pattern) = members[p].value {
                        // One anchored group, blank or the pattern: a top-level alternation is misread
                        // by tools that derive lengths from a pattern.
                        var inner = Substring(pattern)
                        if inner.hasPrefix("^") { inner = inner.dropFirst() }
                        if inner.hasSuffix("$") { inner = inner.dropLast() }
                        members[p].value = .string("^(?:\\s*|" + inner + ")$")
                    }
                    members.removeAll { $0.key == "minLength" }
                    // A choice not given: empty in a query, null in a body.
                    if let e = members.firstIndex(where: { $0.key == "enum" }), case .array(var codes) = members[e].value {
                        codes.append(use == .body ? .null : "")
                        members[e].value = .array(codes)
                    }
                } else {
                    // A number, flag or list given as blank text is not given.
                    types.append("string")
                    members.append(JSON.Member("pattern", "^\\s*$"))
                }
            }
            if use != .query && !types.contains(.string("null")) {
                types.append("null")
                if let e = members.firstIndex(where: { $0.key == "enum" }), case .array(var codes) = members[e].value, !codes.contains(.null) {
                    codes.append(.null)
                    members[e].value = .array(codes)
                }
            }
            members[index].value = types.count == 1 ? types[0] : .array(types)
        }
        if !field.label.isEmpty { members.append(JSON.Member("title", .string(field.label))) }
        if !field.help.isEmpty {
            // The type's own note (e.g. which records an id names) follows the field's.
            if let index = members.firstIndex(where: { $0.key == "description" }), case .string(let note) = members[index].value {
                members[index].value = .string(field.help + " — " + note)
            } else {
                members.append(JSON.Member("description", .string(field.help)))
            }
        }
        if let example = field.example { members.append(JSON.Member("examples", .array([example]))) }
        return .object(members)
    }

    /// The largest id a request may name (ids beyond it are refused as out of range).
    public static let maximumID: Int64 = 9_000_000_000_000_000

    static func typeMembers(_ type: FieldType, input: Bool) -> [JSON.Member] {
        // A text's pattern keeps generated examples inside what the reader accepts: at least one
        // character that is not white space, and no control characters.
        let oneLine = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029][^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$"
        switch type {
        case .text(let max):
            return input ? [JSON.Member("type", "string"), JSON.Member("minLength", 1), JSON.Member("maxLength", .int(Int64(max))), JSON.Member("pattern", .string(oneLine))]
                         : [JSON.Member("type", "string")]
        case .multilineText(let max):
            let pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$"
            return input ? [JSON.Member("type", "string"), JSON.Member("minLength", 1), JSON.Member("maxLength", .int(Int64(max))), JSON.Member("pattern", .string(pattern))]
                         : [JSON.Member("type", "string")]
        case .integer(let range):
            return [JSON.Member("type", "integer"), JSON.Member("minimum", .int(range.lowerBound)), JSON.Member("maximum", .int(range.upperBound))]
        case .number(let range):
            return [JSON.Member("type", "number"), JSON.Member("minimum", .double(range.lowerBound)), JSON.Member("maximum", .double(range.upperBound))]
        case .boolean: return [JSON.Member("type", "boolean")]
        case .date:
            // The pattern is the calendar's (29 February apart): a date it allows, the reader takes.
            let days = "((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))"
            return input ? [JSON.Member("type", "string"), JSON.Member("pattern", .string("^(19[0-9]{2}|2[01][0-9]{2}|2200)-\(days)$"))]
                         : [JSON.Member("type", "string"), JSON.Member("format", "date")]
        case .year:
            return [JSON.Member("type", "integer"), JSON.Member("minimum", .int(Int64(CalendarDate.sensibleYears.lowerBound))),
                    JSON.Member("maximum", .int(Int64(CalendarDate.sensibleYears.upperBound)))]
        case .quarter: return [JSON.Member("type", "string"), JSON.Member("pattern", "^(19[0-9]{2}|2[01][0-9]{2}|2200)-Q[1-4]$")]
        case .period: return [JSON.Member("type", "string"), JSON.Member("pattern", "^(19[0-9]{2}|2[01][0-9]{2}|2200)(-Q[1-4])?$")]
        case .choice(let choices): return [JSON.Member("type", "string"), JSON.Member("enum", JSON(choices.map(\.code)))]
        case .reference(let plural):
            let description = "the id of a record of /api/v1/org/\(plural)" + (input ? " (its name or an alias is also accepted)" : "")
            return input ? [JSON.Member("type", JSON(["integer", "string"])), JSON.Member("minimum", 1), JSON.Member("maximum", .int(maximumID)), JSON.Member("minLength", 1), JSON.Member("maxLength", 200),
                            JSON.Member("pattern", .string(oneLine)), JSON.Member("description", .string(description))]
                         : [JSON.Member("type", "integer"), JSON.Member("description", .string(description))]
        case .recordID(let record, _):
            return [JSON.Member("type", "integer"), JSON.Member("minimum", 1), JSON.Member("maximum", .int(maximumID)), JSON.Member("description", .string("the id of a \(record)"))]
        case .creditCode: return [JSON.Member("type", "string"), JSON.Member("pattern", "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
        case .identityNumber: return [JSON.Member("type", "string"), JSON.Member("pattern", "^[0-9]{17}[0-9Xx]$"),
                                      JSON.Member("description", "公民身份号码 (resident identity number, GB 11643; the last character is its check character)")]
        case .textList:
            return [JSON.Member("type", "array"), JSON.Member("maxItems", 50),
                    JSON.Member("items", .object(input ? ["type": "string", "maxLength": 200, "pattern": .string(oneLine)] : ["type": "string"]))]
        case .list(let item, let maxItems):
            return [JSON.Member("type", "array"), JSON.Member("maxItems", .int(Int64(maxItems))), JSON.Member("items", .object(typeMembers(item, input: input)))]
        case .object(let fields):
            guard case .object(let members) = object(fields, input: input) else { return [] }
            return members
        case .anyJSON: return [JSON.Member("description", "any JSON value")]
        }
    }
}
