// `/api/v1/consultations/meetings`: record, list, show, amend a meeting, and its printable minutes.
import HTTP
import Kernel

enum MeetingRoutes {
    static let base = ConsultationsRoutes.base
    static let tag = ConsultationsRoutes.tag

    static func all(_ service: ConsultationsService) -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/meetings", summary: "List meetings (filters: kind, group_id, quarter, year)", tag: tag, access: .anyUser,
                     params: Contracts.meetingFilter, reply: .page(Replies.meetingSummary)) { request in
                let page = try request.core.read { db -> Page in
                    let filter = try MeetingFilter(request.params, paging: request.paging, csv: request.wantsCSV, db)
                    return try MeetingStore.list(filter, actor: request.actor, db)
                }
                return APIResponse.page(page, request: request, columns: Replies.Columns.meetingSummary)
            },
            APIRoute("POST", "\(base)/meetings", summary: "Record a held meeting: attendees, agenda, risks, decisions (tracked ones become tasks), minutes, attachments",
                     tag: tag, access: .roles([.admin, .office, .unit]), body: Contracts.recordMeeting, reply: .object(Replies.meeting), successStatus: 201) { request in
                let meeting = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.recordMeeting(request.input, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: tx.today, rules: request.core.settings.colourRules, tx.db)
                }
                return APIResponse.record(meeting, status: 201, location: "\(base)/meetings/\(Render.cell(meeting["id"]))")
            },
            APIRoute("GET", "\(base)/meetings/{id:int}", summary: "One meeting with its decisions' live status and the decisions it carried over", tag: tag,
                     access: .anyUser, reply: .object(Replies.meeting)) { request in
                let id = try request.id()
                let meeting = try request.core.read {
                    try MeetingStore.get(id, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.record(meeting)
            },
            APIRoute("PATCH", "\(base)/meetings/{id:int}", summary: "Change a meeting's title, date, convener, venue, agenda or minutes (If-Match for a conditional update)",
                     tag: tag, access: .roles([.admin, .office, .unit]), body: Contracts.updateMeeting, reply: .object(Replies.meeting)) { request in
                let id = try request.id()
                let version = try request.ifMatchVersion()
                let meeting = try request.core.write(request.actor) { tx -> JSON in
                    try service.updateMeeting(id, request.input, ifVersion: version, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: tx.today, rules: request.core.settings.colourRules, tx.db)
                }
                return APIResponse.record(meeting)
            },
            APIRoute("GET", "\(base)/meetings/{id:int}/minutes", summary: "The minutes as a printable HTML page (会议纪要); the meeting itself gives them as JSON",
                     tag: tag, access: .anyUser, reply: .text("text/html")) { request in
                let id = try request.id()
                let html = try request.core.read { db -> String in
                    MinutesHTML.render(try MeetingStore.get(id, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, db))
                }
                return Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
            },
        ]
    }
}
