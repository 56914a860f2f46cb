// Lists as this module answers them: a page (`{"items", "next"}` with its Link), a whole short
// list (`{"items"}`), or CSV when asked (every matching row, the declared columns, through the
// one CSV writer that neutralises formula cells).
import CLI
import HTTP
import Kernel

enum ListReply {
    /// A page of `fields`, or CSV of every item when the client asked for it.
    static func page(_ page: Page, _ fields: [FieldSpec], _ request: APIRequest) -> Response {
        if request.wantsCSV { return csv(page.items, fields) }
        return APIResponse.page(page, request: request)
    }

    /// A whole list `{"items": [...]}`, or CSV when asked.
    static func items(_ items: [JSON], _ fields: [FieldSpec], _ request: APIRequest) -> Response {
        if request.wantsCSV { return csv(items, fields) }
        return APIResponse.json(.object(["items": .array(items)]))
    }

    /// CSV (UTF-8 with BOM) with one column per declared field; nested values as JSON.
    static func csv(_ items: [JSON], _ fields: [FieldSpec]) -> Response {
        let text = CSV.render(columns: fields.map(\.name), rows: rows(items, fields), byteOrderMark: true)
        return Response(status: 200, contentType: "text/csv; charset=utf-8", body: Array(text.utf8))
    }

    static func rows(_ items: [JSON], _ fields: [FieldSpec]) -> [[String]] {
        items.map { item in fields.map { cell(item[$0.name]) } }
    }

    static func cell(_ value: JSON?) -> String {
        switch value {
        case .string(let s)?: return s
        case .int(let v)?: return String(v)
        case .bool(let b)?: return b ? "true" : "false"
        case .null?, nil: return ""
        case let other?: return other.serialized
        }
    }
}
