// `/api/v1/consultations/...`: thin handlers that parse, call the service or store, and render.
import HTTP
import Kernel

enum ConsultationsRoutes {
    static let base = "/api/v1/consultations"
    static let tag = "consultations"

    static func all(_ service: ConsultationsService) -> [APIRoute] {
        kindRoutes(service) + meetingRoutes(service) + meetingPartRoutes(service) + decisionRoutes() + overviewRoutes()
    }

    static func kindRoutes(_ service: ConsultationsService) -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/kinds", summary: "Meeting kinds (configuration) and whether each must meet every quarter", tag: tag, access: .anyUser,
                     responseSchema: Schemas.list) { request in
                let kinds = try request.core.read { try KindStore.all($0) }
                return APIResponse.page(Page(items: kinds.map(\.json), next: nil), request: request)
            },
            APIRoute("POST", "\(base)/kinds", summary: "Add a meeting kind (office only)", tag: tag, access: .adminOnly,
                     requestSchema: Schemas.kindInput, responseSchema: Schemas.object, successStatus: 201) { request in
                let members = try request.object()
                let kind = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.createKind(members, tx)
                    return try KindStore.get(id, tx.db)?.json ?? .null
                }
                return APIResponse.record(kind, status: 201, location: "\(base)/kinds/\(Render.cell(kind["id"]))")
            },
            APIRoute("PATCH", "\(base)/kinds/{id:int}", summary: "Change a meeting kind's name, body or required_from (office only)", tag: tag, access: .adminOnly,
                     requestSchema: Schemas.kindInput, responseSchema: Schemas.object) { request in
                let id = try request.id()
                let members = try request.object()
                let kind = try request.core.write(request.actor) { tx -> JSON in
                    try service.updateKind(id, members, tx)
                    return try KindStore.get(id, tx.db)?.json ?? .null
                }
                return APIResponse.record(kind)
            },
        ]
    }

    static func meetingRoutes(_ service: ConsultationsService) -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/meetings", summary: "List meetings (filters: kind, group, quarter, year)", tag: tag, access: .anyUser,
                     query: [QueryParameter("kind", "kind code, e.g. riskConsultation"), QueryParameter("group", "special leading group id or name"),
                             QueryParameter("quarter", "e.g. 2024-Q1"), QueryParameter("year", "e.g. 2024", schema: .object(["type": "integer"])), .limit, .after],
                     responseSchema: Schemas.list) { request in
                var filter = MeetingFilter(kind: request.query("kind"), group: request.query("group"), quarter: request.query("quarter"), after: request.query("after"))
                if let year = request.query("year") {
                    guard let value = Int(year) else { throw DomainError.validation([FieldError("year", "type", "must be a year like 2024, got '\(year)'")]) }
                    filter.year = value
                }
                filter.limit = request.wantsCSV ? 100_000 : try request.limit()
                let page = try request.core.read { try MeetingStore.list(filter, actor: request.actor, $0) }
                return APIResponse.page(page, request: request)
            },
            APIRoute("POST", "\(base)/meetings", summary: "Record a held meeting: attendees, agenda, risks, decisions (tracked ones become tasks), minutes, attachments",
                     tag: tag, access: .roles([.admin, .unit]), requestSchema: Schemas.meetingInput, responseSchema: Schemas.object, successStatus: 201) { request in
                let members = try request.object()
                let today = request.core.today
                let meeting = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.recordMeeting(members, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: today, rules: request.core.settings.colourRules, tx.db)
                }
                return APIResponse.record(meeting, status: 201, location: "\(base)/meetings/\(Render.cell(meeting["id"]))")
            },
            APIRoute("GET", "\(base)/meetings/{id:int}", summary: "One meeting with its decisions' live status and the decisions it carried over", tag: tag,
                     access: .anyUser, responseSchema: Schemas.object) { request in
                let id = try request.id()
                let meeting = try request.core.read {
                    try MeetingStore.get(id, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.record(meeting)
            },
            APIRoute("PATCH", "\(base)/meetings/{id:int}", summary: "Change a meeting's title, date, convener, venue, agenda or minutes (If-Match for a conditional update)",
                     tag: tag, access: .roles([.admin, .unit]), requestSchema: Schemas.object, responseSchema: Schemas.object) { request in
                let id = try request.id()
                let version = try request.ifMatchVersion()
                let members = try request.object()
                let meeting = try request.core.write(request.actor) { tx -> JSON in
                    try service.updateMeeting(id, members, ifVersion: version, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: request.core.today, rules: request.core.settings.colourRules, tx.db)
                }
                return APIResponse.record(meeting)
            },
            APIRoute("GET", "\(base)/meetings/{id:int}/minutes", summary: "The minutes as printable HTML (会议纪要)", tag: tag, access: .anyUser,
                     responseSchema: .object(["type": "string", "description": "text/html"])) { request in
                let id = try request.id()
                let html = try request.core.read { db -> String in
                    let meeting = try MeetingStore.get(id, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, db)
                    return MinutesHTML.render(meeting)
                }
                return Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
            },
        ]
    }

    static func meetingPartRoutes(_ service: ConsultationsService) -> [APIRoute] {
        [
            APIRoute("POST", "\(base)/meetings/{id:int}/decisions", summary: "Add a decision to a recorded meeting (with lead and deadline it becomes a task)",
                     tag: tag, access: .roles([.admin, .unit]), requestSchema: Schemas.decisionInput, responseSchema: Schemas.object, successStatus: 201) { request in
                let meetingID = try request.id()
                let members = try request.object()
                let decision = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.addDecision(meetingID: meetingID, members, tx)
                    return try MeetingStore.decision(id, actor: tx.actor, today: request.core.today, rules: request.core.settings.colourRules, tx.db)
                }
                return APIResponse.record(decision, status: 201, location: "\(base)/decisions/\(Render.cell(decision["id"]))")
            },
            APIRoute("POST", "\(base)/meetings/{id:int}/risks", summary: "Add a risk judged (level major/large/general/low = 红橙黄蓝)", tag: tag,
                     access: .roles([.admin, .unit]), requestSchema: Schemas.riskInput, responseSchema: Schemas.object, successStatus: 201) { request in
                let meetingID = try request.id()
                let members = try request.object()
                let id = try request.core.write(request.actor) { tx in try service.addRisk(meetingID: meetingID, members, tx) }
                let meeting = try request.core.read {
                    try MeetingStore.get(meetingID, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                let risk = meeting["risks"]?.arrayValue?.first { $0["id"]?.intValue == id } ?? .null
                return APIResponse.record(risk, status: 201, location: "\(base)/meetings/\(meetingID)")
            },
            APIRoute("POST", "\(base)/meetings/{id:int}/attachments", summary: "Attach a file (JSON: name, media_type, content_base64)", tag: tag,
                     access: .roles([.admin, .unit]), requestSchema: Schemas.attachmentInput, responseSchema: Schemas.object, successStatus: 201) { request in
                let meetingID = try request.id()
                let members = try request.object()
                let id = try request.core.write(request.actor) { tx in try service.addAttachment(meetingID: meetingID, members, tx) }
                let link = "\(base)/meetings/\(meetingID)/attachments/\(id)"
                return APIResponse.record(.object(["id": .int(id), "meeting_id": .int(meetingID), "link": .string(link)]), status: 201, location: link)
            },
            APIRoute("GET", "\(base)/meetings/{id:int}/attachments/{attachment:int}", summary: "Download an attachment", tag: tag, access: .anyUser) { request in
                let meetingID = try request.id()
                let id = try request.id("attachment")
                let file = try request.core.read { try MeetingStore.attachment(meetingID: meetingID, id: id, actor: request.actor, $0) }
                var response = Response(status: 200, contentType: file.mediaType, body: file.content)
                response.headers.set("Content-Disposition", "attachment; filename*=UTF-8''\(APIResponse.percentEncode(file.name))")
                return response
            },
        ]
    }

    static func decisionRoutes() -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/decisions", summary: "Decisions with their live status (filters: status open|overdue|done|noted, meeting_id, lead)", tag: tag,
                     access: .anyUser, query: [QueryParameter("status", "open, overdue, done or noted"),
                                               QueryParameter("meeting_id", "only this meeting's", schema: .object(["type": "integer"])),
                                               QueryParameter("lead", "lead unit or territory (id or name)"), .limit, .after],
                     responseSchema: Schemas.list) { request in
                var filter = DecisionFilter(status: request.query("status"), lead: request.query("lead"), after: request.query("after"))
                if let text = request.query("meeting_id") {
                    guard let id = Int64(text) else { throw DomainError.validation([FieldError("meeting_id", "type", "must be a meeting id, got '\(text)'")]) }
                    filter.meetingID = id
                }
                filter.limit = request.wantsCSV ? 100_000 : try request.limit()
                let page = try request.core.read {
                    try MeetingStore.decisions(filter, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.page(page, request: request)
            },
            APIRoute("GET", "\(base)/decisions/{id:int}", summary: "One decision with its live status", tag: tag, access: .anyUser,
                     responseSchema: Schemas.object) { request in
                let id = try request.id()
                let decision = try request.core.read {
                    try MeetingStore.decision(id, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.record(decision)
            },
        ]
    }

    static func overviewRoutes() -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/compliance", summary: "Which bodies held their quarterly meeting (green/yellow/red with the reason)", tag: tag,
                     access: .roles([.admin, .unit, .town]), query: [QueryParameter("quarter", "e.g. 2024-Q1 (default: the current quarter)")],
                     responseSchema: Schemas.list) { request in
                let quarter = try quarterParameter(request.query("quarter"), today: request.core.today)
                let lines = try request.core.read { try Compliance.lines(quarter: quarter, today: request.core.today, rules: request.core.settings.colourRules, $0) }
                return APIResponse.page(Page(items: lines, next: nil), request: request)
            },
            APIRoute("GET", "\(base)/agenda", summary: "The generated agenda of a body's next meeting (office only)", tag: tag, access: .adminOnly,
                     query: [QueryParameter("kind", "kind code (default riskConsultation)"), QueryParameter("group", "special leading group, for its meetings")],
                     responseSchema: Schemas.object) { request in
                let agenda = try request.core.read {
                    try Agenda.next(kind: request.query("kind") ?? "riskConsultation", group: request.query("group"), actor: request.actor,
                                    today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.json(agenda)
            },
        ]
    }

    static func quarterParameter(_ text: String?, today: CalendarDate) throws -> Quarter {
        guard let text else { return Quarter(containing: today) }
        guard let quarter = Quarter(text: text) else { throw DomainError.validation([FieldError("quarter", "quarter", "must be a quarter like 2024-Q1, got '\(text)'")]) }
        return quarter
    }
}
