// Reads one given value against its declaration: the same rules for a JSON body, a query
// string, a CLI option and a CSV cell. Numbers, dates, years and periods are parsed without any
// trap; text is checked for length and control characters; registry names go through the one
// `NameResolver`.

/// A value as given: typed JSON from HTTP, or text from a query string, the CLI and CSV files.
public enum GivenValue: Sendable {
    case json(JSON)
    case text(String)
    /// A value the reader has already checked (a route's body, read before its handler runs):
    /// taken as it is, so its references are not resolved a second time.
    case checked(FieldValue)

    /// The text as given, for a text in JSON or on a command line.
    var rawText: String? {
        switch self {
        case .text(let s), .json(.string(let s)): return s
        default: return nil
        }
    }

    /// Null, or a text of white space alone: "not given" (or "clear it" in an update).
    var isEmpty: Bool {
        switch self {
        case .json(.null), .checked(.cleared): return true
        case .json(.string(let s)), .text(let s): return s.unicodeScalars.allSatisfy(GivenValue.isSpace)
        default: return false
        }
    }

    /// White space as a JSON Schema pattern's `\s` means it (ECMAScript's set), so that what the
    /// schema calls blank and what the reader calls blank are the same texts.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // With the zero-width space and word joiner: a text of nothing else shows as nothing.
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF: return true
        default: return false
        }
    }
}

extension GivenValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

/// Reads values against field declarations; resolves registry references with `catalog`.
public struct FieldReader: Sendable {
    public let catalog: [String: EntitySchema]

    public init(catalog: [String: EntitySchema]) { self.catalog = catalog }
    public static let registry = FieldReader(catalog: Dictionary(uniqueKeysWithValues: RegistrySchemas.all.map { ($0.plural, $0) }))

    /// `text` without white space at either end; the text itself (no Foundation call) when neither
    /// end is white space, as in nearly every cell of a CSV import.
    static func trimmed(_ text: String) -> String { text.trimmingWhitespace() }

    /// One field's value, or the error naming the field. An empty or null value is `.cleared`
    /// (or "required" when the field is required).
    public func read(_ field: FieldSpec, _ given: GivenValue, path: String? = nil, _ db: Connection?) -> Result<FieldValue, FieldError> {
        let name = path ?? field.name
        if case .checked(let value) = given, !given.isEmpty { return .success(value) }
        // Even a blank text is held to its length (JSON Schema counts its spaces too).
        if let raw = given.rawText, let max = field.type.maximumLength, raw.unicodeScalars.count > max {
            return .failure(FieldError(name, "too_long", "\(field.spoken(name)) 最多 \(max) 个字符 (at most \(max) characters)"))
        }
        // In JSON a reference or a choice not given is null: a blank text there is no id, name or code.
        if case .json(.string) = given, given.isEmpty {
            if case .reference = field.type {
                return .failure(FieldError(name, "type", "\(field.spoken(name)) 须为编号或名称，不给时用 null (an id or a name; null when not given)"))
            }
            if case .choice = field.type {
                return .failure(FieldError(name, "choice", "\(field.spoken(name)) 须为所列代码之一，不给时用 null (one of the codes; null when not given)"))
            }
        }
        // In a query a choice not given is empty; white space is no code.
        if case .text(let raw) = given, case .choice = field.type, !raw.isEmpty, given.isEmpty {
            return .failure(FieldError(name, "choice", "\(field.spoken(name)) 须为所列代码之一 (one of the codes)"))
        }
        if given.isEmpty {
            if field.required { return .failure(FieldError(name, "required", "\(field.spoken(name)) 为必填项 (is required)")) }
            if !field.acceptsEmpty { return .failure(FieldError(name, "type", "\(field.spoken(name)) 不能为空 (may not be null or empty)")) }
            return .success(.cleared)
        }
        return value(field.type, given, field: field, name: name, db)
    }

    private func value(_ type: FieldType, _ given: GivenValue, field: FieldSpec, name: String, _ db: Connection?) -> Result<FieldValue, FieldError> {
        func fail(_ code: String, _ message: String) -> Result<FieldValue, FieldError> {
            .failure(FieldError(name, code, "\(field.spoken(name)) \(message)"))
        }
        /// The given text, for types written as text; nil for JSON of another kind.
        func text() -> String? {
            switch given {
            case .text(let s), .json(.string(let s)): return FieldReader.trimmed(s)
            default: return nil
            }
        }
        /// A whole number: a JSON integer, or text of digits (CLI, CSV, query strings).
        func wholeNumber() -> Int64? {
            switch given {
            case .json(.int(let v)): return v
            case .json(.double(let d)) where d == d.rounded() && abs(d) < 9.2e18: return Int64(d)
            case .text(let s): return Int64(s.trimmingWhitespace(newlines: false))
            default: return nil
            }
        }
        switch type {
        case .text(let maxLength), .multilineText(let maxLength):
            // Checked as given (length, control characters), then trimmed: what the schema says of
            // the text as sent is what the reader holds it to.
            let raw: String
            switch given {
            case .text(let t), .json(.string(let t)): raw = t
            default: return fail("type", "须为文本 (must be text)")
            }
            let multiline: Bool
            if case .multilineText = type { multiline = true } else { multiline = false }
            // Counted as Unicode code points, as JSON Schema's maxLength counts them.
            let length = raw.unicodeScalars.count
            if length > maxLength { return fail("too_long", "最多 \(maxLength) 个字符，收到 \(length) 个 (at most \(maxLength) characters)") }
            var s = raw
            // Line breaks written CRLF or CR are read as LF.
            // Done on code points: "\r" followed by a combining mark or an emoji modifier is one
            // Character to String, so a Character-level search would miss the CR.
            if multiline, s.unicodeScalars.contains("\r") { s = Self.lineFeedsOnly(s) }
            if let bad = s.unicodeScalars.first(where: { Self.isControl($0, multiline: multiline) }) {
                return fail("control_character", "含有控制字符 \(bad.codePointName) (contains a control character\(multiline ? "" : "; one line only"))")
            }
            return .success(.text(s.trimmingWhitespace()))
        case .integer(let range):
            guard let v = wholeNumber() else { return fail("type", "须为整数 (must be a whole number)") }
            if !range.contains(v) { return fail("range", "须在 \(range.lowerBound) 到 \(range.upperBound) 之间，收到 \(v) (out of range)") }
            return .success(.integer(v))
        case .number(let range):
            var number: Double?
            switch given {
            case .json(.int(let v)): number = Double(v)
            case .json(.double(let d)): number = d
            case .text(let s): number = Double(s.trimmingWhitespace(newlines: false))
            default: number = nil
            }
            guard let d = number, d.isFinite else { return fail("type", "须为数字 (must be a number)") }
            if !range.contains(d) { return fail("range", "须在 \(range.lowerBound) 到 \(range.upperBound) 之间 (out of range)") }
            return .success(.number(d))
        case .boolean:
            switch given {
            case .json(.bool(let b)): return .success(.boolean(b))
            case .text(let s):
                switch s.trimmingWhitespace(newlines: false).lowercased() {
                case "true", "yes", "1", "是", "y": return .success(.boolean(true))
                case "false", "no", "0", "否", "n": return .success(.boolean(false))
                default: break
                }
            default: break
            }
            return fail("type", "须为 true 或 false（是/否）(must be true or false)")
        case .date:
            guard let s = text(), let date = CalendarDate(iso: s) else { return fail("format", "须为日期 YYYY-MM-DD (must be a date YYYY-MM-DD)") }
            guard CalendarDate.sensibleYears.contains(date.year) else { return fail("range", Self.yearMessage) }
            return .success(.date(date))
        case .year:
            guard let v = wholeNumber() else { return fail("type", "须为年份，如 2024 (must be a year)") }
            guard v >= Int64(CalendarDate.sensibleYears.lowerBound), v <= Int64(CalendarDate.sensibleYears.upperBound) else { return fail("range", Self.yearMessage) }
            return .success(.integer(v))
        case .quarter:
            guard let s = text(), let quarter = Quarter(text: s) else { return fail("format", "须为季度，如 2024-Q2 (must be a quarter such as 2024-Q2)") }
            guard CalendarDate.sensibleYears.contains(quarter.year) else { return fail("range", Self.yearMessage) }
            return .success(.text(quarter.text))
        case .period:
            guard let s = text() else { return fail("format", "须为年份 2024 或季度 2024-Q2 (must be YYYY or YYYY-Qn)") }
            if s.utf8.count == 4, let year = Int(s), s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                guard CalendarDate.sensibleYears.contains(year) else { return fail("range", Self.yearMessage) }
                return .success(.text(s))
            }
            guard s.utf8.count == 7, let quarter = Quarter(text: s), quarter.text == s.uppercased() else {
                return fail("format", "须为年份 2024 或季度 2024-Q2 (must be YYYY or YYYY-Qn)")
            }
            guard CalendarDate.sensibleYears.contains(quarter.year) else { return fail("range", Self.yearMessage) }
            return .success(.text(quarter.text))
        case .choice(let choices):
            guard let s = text() else { return fail("type", "须为文本 (must be text)") }
            if let match = choices.first(where: { $0.code == s || (!$0.label.isEmpty && $0.label == s) }) { return .success(.text(match.code)) }
            let listed = choices.map { $0.label.isEmpty ? $0.code : "\($0.code)（\($0.label)）" }.joined(separator: ", ")
            return fail("choice", "须为以下之一：\(listed)；收到 '\(s.prefix(60))' (must be one of the listed codes)")
        case .creditCode:
            guard let s = text()?.uppercased() else { return fail("type", "须为文本 (must be text)") }
            if let problem = CreditCode.problem(s) { return fail("checksum", "不是有效的统一社会信用代码：\(problem) (not a valid unified social credit code)") }
            return .success(.text(s))
        case .identityNumber:
            guard let s = text()?.uppercased() else { return fail("type", "须为文本 (must be text)") }
            guard s.utf8.count == 18, s.utf8.prefix(17).allSatisfy({ $0 >= 48 && $0 <= 57 }), s.last?.isNumber == true || s.last == "X", s.last?.isASCII == true else {
                return fail("format", "须为18位公民身份号码（17位数字加校验码）(must be 17 digits and a check character)")
            }
            if let problem = IdentityNumber.problem(s) { return fail("checksum", "不是有效的公民身份号码：\(problem) (not a valid resident identity number)") }
            return .success(.text(s))
        case .recordID(let record, let chinese):
            let named = chinese ?? record
            guard let v = wholeNumber() else { return fail("type", "须为\(named)的编号（正整数）(must be the id of a \(record))") }
            guard v > 0, v <= FieldSchemas.maximumID else { return fail("range", "须为\(named)的编号（正整数）(must be the id of a \(record))") }
            return .success(.integer(v))
        case .reference(let plural):
            guard let target = catalog[plural] else { return fail("reference", "refers to an unknown kind \(plural)") }
            let typed: String
            switch given {
            case .json(.int(let v)):
                guard v > 0, v <= FieldSchemas.maximumID else { return fail("range", "须为\(target.label)的编号（正整数）(an id is a positive whole number)") }
                typed = String(v)
            case .json(.double(let d)) where d == d.rounded() && d >= 1 && d <= Double(FieldSchemas.maximumID): typed = String(Int64(d))
            case .json(.string(let s)), .text(let s): typed = s.trimmingWhitespace()
            default: return fail("type", "须为\(target.label)的编号或名称 (must be an id or a name)")
            }
            if typed.count > 200 || typed.unicodeScalars.contains(where: { Self.isControl($0, multiline: false) }) {
                return fail("type", "须为\(target.label)的编号或名称 (must be an id or a name)")
            }
            guard let db else { return fail("lookup", "无法核对：没有数据库 (could not be checked: no database)") }
            do {
                switch try NameResolver.id(target, typed, field: name, db) {
                case .success(let id): return .success(.integer(id))
                case .failure(let error): return .failure(error)
                }
            } catch {
                return fail("lookup", "无法核对 (could not be checked)")
            }
        case .textList:
            let items: [String]
            switch given {
            case .json(.string):
                // In JSON a list is an array; text separated by ';' is for the CLI and CSV.
                return fail("type", "须为文本数组 (must be an array of texts)")
            case .json(.array(let array)):
                var strings: [String] = []
                for item in array {
                    guard case .string(let s) = item else { return fail("type", "须为文本列表 (must be a list of texts)") }
                    if s.trimmingWhitespace().isEmpty { return fail("type", "列表中不能有空项 (a list may not hold an empty text)") }
                    strings.append(s)
                }
                items = strings
            default:
                guard let s = text() else { return fail("type", "须为文本列表 (must be a list of texts)") }
                items = s.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "|" }).map(String.init)
            }
            let trimmed = items.map { $0.trimmingWhitespace(newlines: false) }.filter { !$0.isEmpty }
            if trimmed.isEmpty && field.required { return .failure(FieldError(name, "required", "\(field.spoken(name)) 为必填项 (is required)")) }
            if trimmed.count > 50 { return fail("too_many", "最多 50 项 (at most 50 items)") }
            for item in trimmed {
                if item.unicodeScalars.count > 200 { return fail("too_long", "每项最多 200 个字符 (each item at most 200 characters)") }
                if item.unicodeScalars.contains(where: { Self.isControl($0, multiline: false) }) { return fail("control_character", "含有控制字符 (contains a control character)") }
            }
            return .success(.list(trimmed.map(FieldValue.text)))
        case .list(let itemType, let maxItems):
            var elements: [GivenValue]
            switch given {
            case .json(.array(let array)): elements = array.map(GivenValue.json)
            case .json: return fail("type", "须为数组 (must be an array)")
            case .checked(let value): return .success(value)
            case .text(let s):
                // The CLI, CSV and query strings separate items with commas, semicolons or 、.
                elements = s.split(whereSeparator: { ",;，；、".contains($0) }).map { .text(String($0)) }
            }
            if elements.count > maxItems { return fail("too_many", "最多 \(maxItems) 项 (at most \(maxItems) items)") }
            var values: [FieldValue] = []
            var itemField = field
            itemField.type = itemType
            itemField.required = true
            for (index, element) in elements.enumerated() {
                if element.isEmpty, case .text = element { continue }
                switch read(itemField, element, path: "\(name)[\(index)]", db) {
                case .success(let v): values.append(v)
                case .failure(let error): return .failure(error)
                }
            }
            if values.isEmpty && field.required { return .failure(FieldError(name, "required", "\(field.spoken(name)) 为必填项 (is required)")) }
            return .success(.list(values))
        case .object(let fields):
            guard case .json(.object(let members)) = given else { return fail("type", "须为对象 (must be an object)") }
            switch Contract(fields).read(json: members, prefix: name, reader: self, db) {
            case .success(let values): return .success(.object(values))
            case .failure(let errors): return .failure(errors.all[0])
            }
        case .anyJSON:
            if case .json(let json) = given { return .success(.text(json.serialized)) }
            return .success(.text(text() ?? ""))
        }
    }

    static let yearMessage = "的年份须在 \(CalendarDate.sensibleYears.lowerBound) 到 \(CalendarDate.sensibleYears.upperBound) 之间 (year out of range)"

    /// C0 controls, DEL and C1 controls; `\n` and `\t` only where text may span lines.
    /// CRLF and lone CR as LF, scalar by scalar.
    static func lineFeedsOnly(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" { scalars.append("\n"); previousWasCR = true; continue }
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
            previousWasCR = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func isControl(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        let v = scalar.value
        if multiline && (scalar == "\n" || scalar == "\t") { return false }
        // The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) too:
        // they make a text read otherwise than it is written, in a list, a page or the audit log.
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}

extension FieldSpec {
    /// How the field is named in a message about `path` (a list item or a nested field).
    func spoken(_ path: String) -> String { label.isEmpty ? path : "\(label) (\(path))" }
}

extension FieldType {
    /// The longest text the type takes, where its schema says one.
    var maximumLength: Int? {
        switch self {
        case .text(let max), .multilineText(let max): return max
        case .reference: return 200
        default: return nil
        }
    }
}
