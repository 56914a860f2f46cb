// Holds an answer to the fields its route declares, more strictly than the OpenAPI schema does:
// every property it writes is declared, with the declared type; an `.always` property is present
// and not null; a choice is one of its codes; nested objects and lists likewise.
import Kernel
import XCTest

enum ReplyConformance {
    /// The faults of `json` (an object) against `fields`, each with its path.
    static func faults(_ json: JSON, _ fields: [FieldSpec], path: String = "") -> [String] {
        guard case .object(let members) = json else { return ["\(path.isEmpty ? "answer" : path): not an object"] }
        var faults: [String] = []
        for member in members where !fields.contains(where: { $0.name == member.key }) {
            faults.append("\(path)\(member.key): not declared")
        }
        for field in fields {
            let name = path + field.name
            guard let value = json[field.name], value != .null else {
                if field.required { faults.append("\(name): declared always present, is \(json[field.name] == nil ? "absent" : "null")") }
                continue
            }
            faults += self.faults(value, field.type, name)
        }
        return faults
    }

    static func faults(_ value: JSON, _ type: FieldType, _ name: String) -> [String] {
        switch (type, value) {
        case (.text, .string), (.multilineText, .string), (.anyJSON, _): return []
        case (.date, .string(let s)): return CalendarDate(iso: s) == nil ? ["\(name): '\(s)' is not a date"] : []
        case (.integer(let range), .int(let v)): return range.contains(v) ? [] : ["\(name): \(v) outside \(range)"]
        case (.year, .int(let v)): return (1900...2200).contains(v) ? [] : ["\(name): year \(v)"]
        case (.reference, .int), (.recordID, .int): return []
        case (.boolean, .bool): return []
        case (.choice(let choices), .string(let s)): return choices.contains { $0.code == s } ? [] : ["\(name): '\(s)' is not one of \(choices.map(\.code))"]
        case (.list(let item, let maxItems), .array(let items)):
            var faults = items.count > maxItems ? ["\(name): \(items.count) items, at most \(maxItems) declared"] : []
            for (index, element) in items.enumerated() {
                if case .object(let fields) = item { faults += self.faults(element, fields, path: "\(name)[\(index)].") } else { faults += self.faults(element, item, "\(name)[\(index)]") }
            }
            return faults
        case (.object(let fields), .object): return self.faults(value, fields, path: name + ".")
        default: return ["\(name): \(value.serialized.prefix(80)) is not a \(type)"]
        }
    }

    static func assert(_ json: JSON, _ fields: [FieldSpec], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let found = faults(json, fields)
        XCTAssertTrue(found.isEmpty, "\(what): " + found.prefix(10).joined(separator: "; "), file: file, line: line)
    }

    /// A page `{"items": [...], "next": ...}` whose items are `fields`.
    static func assertPage(_ json: JSON, _ fields: [FieldSpec], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(json["items"]?.arrayValue, "\(what): no items", file: file, line: line)
        XCTAssertTrue(json["next"] == .null || json["next"]?.stringValue != nil, "\(what): next", file: file, line: line)
        for (index, item) in (json["items"]?.arrayValue ?? []).enumerated() { assert(item, fields, "\(what) item \(index)", file: file, line: line) }
    }
}
