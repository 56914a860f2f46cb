// What is added to a recorded meeting: decisions, risks, attachments (and downloading them).
import HTTP
import Kernel

enum MeetingPartRoutes {
    static let base = ConsultationsRoutes.base
    static let tag = ConsultationsRoutes.tag

    static func all(_ service: ConsultationsService) -> [APIRoute] {
        [
            APIRoute("POST", "\(base)/meetings/{id:int}/decisions", summary: "Add a decision to a recorded meeting (with a lead and a deadline it becomes a task)",
                     tag: tag, access: .roles([.admin, .office, .unit]), body: Contracts.addDecision, reply: .object(Replies.decision), successStatus: 201) { request in
                let meetingID = try request.id()
                let decision = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.addDecision(meetingID: meetingID, request.input, tx)
                    return try MeetingStore.decision(id, actor: tx.actor, today: tx.today, rules: request.core.settings.colourRules, tx.db)
                }
                return APIResponse.record(decision, status: 201, location: "\(base)/decisions/\(Render.cell(decision["id"]))")
            },
            APIRoute("POST", "\(base)/meetings/{id:int}/risks", summary: "Add a risk judged (level major/large/general/low = 红橙黄蓝)", tag: tag,
                     access: .roles([.admin, .office, .unit]), body: Contracts.addRisk, reply: .object(Replies.risk), successStatus: 201) { request in
                let meetingID = try request.id()
                let risk = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.addRisk(meetingID: meetingID, request.input, tx)
                    return try MeetingStore.risk(id, tx.db)
                }
                return APIResponse.record(risk, status: 201, location: "\(base)/meetings/\(meetingID)")
            },
            APIRoute("POST", "\(base)/meetings/{id:int}/attachments", summary: "Attach a file (name, media_type, and content_base64 or content as text; at most 5 MiB)",
                     tag: tag, access: .roles([.admin, .office, .unit]), body: Contracts.addAttachment, reply: .object(Replies.attachmentCreated), successStatus: 201) { request in
                let meetingID = try request.id()
                let id = try request.core.write(request.actor) { tx in try service.addAttachment(meetingID: meetingID, request.input, tx) }
                let link = "\(base)/meetings/\(meetingID)/attachments/\(id)"
                return APIResponse.record(.object(["id": .int(id), "meeting_id": .int(meetingID), "link": .string(link)]), status: 201, location: link)
            },
            APIRoute("GET", "\(base)/meetings/{id:int}/attachments/{attachment:int}", summary: "Download an attachment, as the type its content is (a download unless an image or PDF)",
                     tag: tag, access: .anyUser, reply: .file("*/*")) { request in
                let meetingID = try request.id()
                let id = try request.id("attachment")
                let file = try request.core.read { try MeetingStore.attachment(meetingID: meetingID, id: id, actor: request.actor, $0) }
                return AttachmentContent.response(name: file.name, bytes: file.content)
            },
        ]
    }
}
