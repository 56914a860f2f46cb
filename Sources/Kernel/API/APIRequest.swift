// What a route handler receives: the HTTP request, the signed-in actor, and the core; with the
// parsing every handler needs (JSON body, ids, paging) done once, with clear errors.
import Foundation
import HTTP

public struct APIRequest: Sendable {
    public let http: Request
    public let actor: Actor
    public let core: Core
    /// The body's fields, read by the route's declared contract (empty when it takes no body).
    public let input: Values
    /// The query's fields, read by the route's declared contract.
    public let params: Values
    /// `?limit=&after=` of a paged list.
    public let paging: Paging

    /// Whether the route's reply declares CSV (`Reply.csv`).
    public let answersCSV: Bool

    public init(http: Request, actor: Actor, core: Core, input: Values = Values(), params: Values = Values(), paging: Paging = Paging(),
                answersCSV: Bool = true) {
        self.http = http
        self.answersCSV = answersCSV
        self.actor = actor
        self.core = core
        self.input = input
        self.params = params
        self.paging = paging
    }

    /// The body's members as a route with a declared body reads them: no body (or none on a route
    /// that takes none) is no members; anything but a JSON object is 400.
    static func members(_ http: Request, takesBody: Bool) throws -> [JSON.Member] {
        if http.body.isEmpty { return [] }
        if let type = http.headers["Content-Type"]?.lowercased(), !type.hasPrefix("application/json"), !type.hasPrefix("application/merge-patch+json") {
            throw DomainError(.badRequest, "请以 application/json 发送请求体 (send the body as application/json, got \(type))", extra: [JSON.Member("status_override", 415)])
        }
        let parsed: JSON
        do {
            parsed = try JSONParser.parse(http.body)
        } catch let error as JSONParseError {
            throw DomainError(.badRequest, "请求体不是有效的 JSON (the body is not valid JSON): \(error)")
        }
        guard case .object(let members) = parsed else { throw DomainError(.badRequest, "请求体须为 JSON 对象 (the body must be a JSON object)") }
        if !takesBody && !members.isEmpty {
            throw DomainError.validation(members.map { FieldError($0.key, "unknown_field", "没有字段 \($0.key) (this action takes no fields)") })
        }
        return members
    }

    /// A path parameter as an id (the router already checked `{id:int}`).
    public func id(_ name: String = "id") throws -> Int64 {
        guard let text = http.pathParameter(name), let id = Int64(text), id > 0 else {
            throw DomainError(.notFound, "找不到 \(name) 为 \(http.pathParameter(name) ?? "") 的记录 (no record with \(name) \(http.pathParameter(name) ?? ""))")
        }
        return id
    }

    /// Whether the client asked for CSV (`Accept: text/csv`).
    /// Only on a route whose reply declares CSV: elsewhere the answer is JSON, whatever is asked.
    public var wantsCSV: Bool { answersCSV && http.headers.value("Accept", containsIgnoringCase: "text/csv") }

    /// The version an `If-Match` header asks for (`"3"` or `W/"3"`), nil when absent.
    public func ifMatchVersion() throws -> Int64? {
        guard let header = http.headers["If-Match"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        var text = header
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int64(text.split(separator: "-").last ?? "") else {
            throw DomainError(.preconditionFailed, "If-Match \(header) 不是此记录的版本号 (If-Match \(header) does not name a version of this record)")
        }
        return version
    }
}
