// 待办: what is waiting for someone. Each domain contributes its sources (assignments still to be
// designated, a re-drawn 四不两直 round, a new business form without a lead department …); the
// kernel lists them for the one who asks (`GET /api/v1/overview`, `anwei overview`), oldest first.
// A source decides what the actor may see: the office sees the district's, others their own.

/// One thing waiting.
public struct OverviewItem: Sendable {
    /// The domain it comes from (its CLI word), e.g. `responsibilities`.
    public var module: String
    /// A stable code for scripts, e.g. `assignment_to_designate`.
    public var kind: String
    /// What it is, in Chinese, with names rather than ids.
    public var title: String
    /// Why it waits and what to do, in Chinese.
    public var detail: String
    /// The day it began waiting (its age is counted from it); nil when it has no such day.
    public var since: CalendarDate?
    /// The record's API path, e.g. `/api/v1/responsibilities/tasks/12`.
    public var link: String?

    public init(module: String, kind: String, title: String, detail: String, since: CalendarDate?, link: String?) {
        self.module = module
        self.kind = kind
        self.title = title
        self.detail = detail
        self.since = since
        self.link = link
    }
}

/// A domain's contribution: the items waiting for `actor` on `today`.
public struct OverviewSource: Sendable {
    public var id: String
    public var items: @Sendable (_ db: Connection, _ actor: Actor, _ today: CalendarDate, _ settings: Settings) throws -> [OverviewItem]

    public init(id: String, items: @escaping @Sendable (_ db: Connection, _ actor: Actor, _ today: CalendarDate) throws -> [OverviewItem]) {
        self.id = id
        self.items = { db, actor, today, _ in try items(db, actor, today) }
    }

    /// A source that needs the settings (a colour window, a threshold).
    public init(id: String, withSettings items: @escaping @Sendable (_ db: Connection, _ actor: Actor, _ today: CalendarDate, _ settings: Settings) throws -> [OverviewItem]) {
        self.id = id
        self.items = items
    }
}

public enum Overview {
    /// What an item answers (HTTP, `--json`, CSV).
    public static let fields: [FieldSpec] = [
        .text("module", max: 40, "the module it comes from").always,
        .text("kind", max: 60, "a stable code for scripts").always,
        .text("title", max: 500, "what it is").always,
        .text("detail", max: 2000, "why it waits and what to do").always,
        .date("since", "the day it began waiting"),
        FieldSpec("age_days", type: .integer(range: 0...Int64(Int32.max)), help: "days waiting, counted from since"),
        .text("link", max: 200, "the record's API path"),
    ]

    /// Every source's items for `actor`, oldest first (items with no day last), in one read.
    public static func items(_ sources: [OverviewSource], _ db: Connection, _ actor: Actor, _ today: CalendarDate, settings: Settings) throws -> [JSON] {
        var all: [OverviewItem] = []
        for source in sources { all += try source.items(db, actor, today, settings) }
        let ordered = all.enumerated().sorted { a, b in
            switch (a.element.since, b.element.since) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
        return ordered.map { item in
            .object([
                "module": .string(item.module), "kind": .string(item.kind), "title": .string(item.title), "detail": .string(item.detail),
                "since": item.since.map { .string($0.description) } ?? .null,
                "age_days": item.since.map { .int(Int64(max(0, $0.days(until: today)))) } ?? .null,
                "link": item.link.map(JSON.string) ?? .null,
            ])
        }
    }

    /// `GET /api/v1/overview`: what is waiting for the signed-in user.
    public static func route(_ sources: [OverviewSource]) -> APIRoute {
        APIRoute("GET", "/api/v1/overview", summary: "What is waiting for the signed-in user (待办), oldest first: JSON, or CSV with Accept: text/csv",
                 tag: "overview", access: .anyUser, reply: .items(fields, csv: true)) { request in
            let today = request.core.today
            let waiting: [JSON] = try request.core.read { db in try Overview.items(sources, db, request.actor, today, settings: request.core.settings) }
            return APIResponse.items(waiting, request: request, columns: fields.map(\.name))
        }
    }
}
