// Forms made from the API's declarations: the fields a route takes (its `Contract`) become labelled
// inputs, and the posted form becomes the route's JSON body. One declaration, so a page's form asks
// for exactly what the API reads, with the API's own limits.
import Kernel

enum ContractForm {
    /// Choices for a field that the declaration gives only as a reference (territories, units …).
    typealias Options = [String: [(code: String, label: String)]]

    /// The inputs of `specs`, each labelled; ids begin with `prefix` (unique on the page).
    static func fields(_ specs: [FieldSpec], prefix: String, values: [String: String] = [:], options: Options = [:],
                       labels: [String: String] = [:], compact: Bool = false) -> HTML {
        specs.compactMap { spec -> HTML? in
            let id = "\(prefix)-\(spec.name)"
            let label = labels[spec.name] ?? Labels.field(spec)
            guard let control = control(spec, id: id, value: values[spec.name] ?? "", options: options[spec.name]) else { return nil }
            let mark: HTML = spec.required ? "<span class=\"req\" aria-hidden=\"true\">*</span>" : .empty
            return "<div class=\"field\(compact ? " compact" : "")\"><label for=\"\(id)\">\(label)\(mark)</label>\(control)</div>"
        }.joined()
    }

    /// The input for one field; nil for what a form does not take (lists, objects, JSON).
    static func control(_ spec: FieldSpec, id: String, value: String, options: [(code: String, label: String)]?) -> HTML? {
        let required: HTML = spec.required ? " required" : .empty
        let name = spec.name
        if let options { return select(name, id: id, value: value, options: options, required: spec.required) }
        switch spec.type {
        case .multilineText(let max):
            return "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"3\" maxlength=\"\(max)\"\(required)>\(value)</textarea>"
        case .text(let max):
            return "<input id=\"\(id)\" name=\"\(name)\" type=\"text\" maxlength=\"\(max)\" value=\"\(value)\"\(required)>"
        case .date:
            return "<input id=\"\(id)\" name=\"\(name)\" type=\"date\" value=\"\(value)\"\(required)>"
        case .integer, .recordID:
            return "<input id=\"\(id)\" name=\"\(name)\" type=\"text\" inputmode=\"numeric\" value=\"\(value)\"\(required)>"
        case .number:
            return "<input id=\"\(id)\" name=\"\(name)\" type=\"text\" inputmode=\"decimal\" value=\"\(value)\"\(required)>"
        case .boolean:
            return select(name, id: id, value: value, options: [("true", "是"), ("false", "否")], required: spec.required)
        case .choice(let choices):
            return select(name, id: id, value: value, options: choices.map { ($0.code, $0.label.isEmpty ? $0.code : $0.label) }, required: spec.required)
        case .reference:
            return "<input id=\"\(id)\" name=\"\(name)\" type=\"text\" value=\"\(value)\" placeholder=\"名称或编号\"\(required)>"
        case .year, .quarter, .period, .creditCode, .identityNumber, .textList:
            return "<input id=\"\(id)\" name=\"\(name)\" type=\"text\" value=\"\(value)\"\(required)>"
        case .list, .object, .anyJSON:
            return nil
        }
    }

    static func select(_ name: String, id: String, value: String, options: [(code: String, label: String)], required: Bool) -> HTML {
        let choices: [HTML] = options.map { option in
            option.code == value
                ? "<option value=\"\(option.code)\" selected>\(option.label)</option>"
                : "<option value=\"\(option.code)\">\(option.label)</option>"
        }
        return "<select id=\"\(id)\" name=\"\(name)\"\(required ? HTML(" required") : .empty)><option value=\"\">（请选择）</option>\(choices)</select>"
    }

    /// The JSON body a route takes, from a posted form: each declared field that was filled in, as
    /// its declared type (what does not parse goes as text: the API names the problem).
    static func json(_ specs: [FieldSpec], _ form: FormData) -> JSON {
        var members: [JSON.Member] = []
        for spec in specs {
            guard let text = form.value(spec.name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            members.append(JSON.Member(spec.name, value(spec.type, text)))
        }
        return .object(members)
    }

    static func value(_ type: FieldType, _ text: String) -> JSON {
        switch type {
        case .integer, .recordID: return Int64(text).map(JSON.int) ?? .string(text)
        case .number: return Double(text).map(JSON.double) ?? .string(text)
        case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .reference: return Int64(text).map(JSON.int) ?? .string(text)
        case .year: return Int64(text).map(JSON.int) ?? .string(text)
        default: return .string(text)
        }
    }
}

import Foundation
