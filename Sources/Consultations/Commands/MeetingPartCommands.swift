// `anwei consultations meetings update|decide|risk|attach`: amend a recorded meeting, with
// options read by the same contracts as the API's PATCH and POST bodies.
import CLI
import Foundation
import Kernel

enum MeetingPartCommands {
    static let meetingArgument = ArgumentSpec("id", help: "meeting id")

    static func update(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("update", summary: "change a meeting's title, date, convener, venue, agenda or minutes",
                examples: ["anwei consultations meetings update 3 --venue 区政府3号会议室", "anwei consultations meetings update 3 --minutes-file minutes.txt --if-version 2"],
                options: Contracts.updateMeeting.options + [MeetingCommands.minutesFileOption, .value("if-version", "N", help: "only if the meeting is still at version N")],
                arguments: [meetingArgument]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let version = try ifVersion(invocation)
                let values = try Contracts.updateMeeting.values(try CommandSupport.minutesFromFile(invocation), in: core)
                let meeting = try core.write(actor) { tx -> JSON in
                    try service.updateMeeting(id, values, ifVersion: version, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: tx.today, rules: core.settings.colourRules, tx.db)
                }
                Render.done("updated meeting \(id) (version \(Render.cell(meeting["version"])))", meeting, invocation)
            }
        }
    }

    static let ifVersionField = Contract([.integer("if_version", 1...Int64.max, "version")])

    /// `--if-version N`, read as a record's version.
    static func ifVersion(_ invocation: Invocation) throws -> Int64? {
        try ifVersionField.values(invocation, nil).int("if_version")
    }

    static func decide(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("decide", summary: "add a decision to a recorded meeting (with a lead and a deadline it becomes a task)",
                examples: ["anwei consultations meetings decide 3 --text 开展燃气安全专项检查 --lead-unit 区城市管理局 --deadline 2024-05-31",
                           "anwei consultations meetings decide 3 --text 排查河道隐患 --lead-territory 东城镇 --deadline 2024-06-30"],
                options: Contracts.addDecision.options, arguments: [meetingArgument]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let values = try Contracts.addDecision.values(invocation, in: core)
                let decision = try core.write(actor) { tx -> JSON in
                    let decisionID = try service.addDecision(meetingID: id, values, tx)
                    return try MeetingStore.decision(decisionID, actor: tx.actor, today: tx.today, rules: core.settings.colourRules, tx.db)
                }
                Render.done("added decision \(Render.cell(decision["id"])) to meeting \(id) (\(Render.cell(decision["status"])))", decision, invocation)
            }
        }
    }

    static func risk(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("risk", summary: "add a risk judged to a recorded meeting",
                examples: ["anwei consultations meetings risk 3 --area 燃气 --level 橙 --description 老旧管网泄漏风险 --units 区城市管理局 --territories 东城镇"],
                options: Contracts.addRisk.options, arguments: [meetingArgument]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let values = try Contracts.addRisk.values(invocation, in: core)
                let risk = try core.write(actor) { tx -> JSON in
                    try MeetingStore.risk(try service.addRisk(meetingID: id, values, tx), tx.db)
                }
                Render.done("added risk \(Render.cell(risk["id"])) to meeting \(id)", risk, invocation)
            }
        }
    }

    static let attachOptions = Contract(Contracts.attachment.filter { $0.name == "name" || $0.name == "media_type" })

    static func attach(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("attach", summary: "attach a file to a recorded meeting (at most 5 MiB)", examples: ["anwei consultations meetings attach 3 签到表.pdf --media-type application/pdf"],
                options: attachOptions.options, arguments: [meetingArgument, ArgumentSpec("file", help: "the file")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let path = invocation.argument("file") ?? ""
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandError(.notFound, "找不到文件 \(path) (no such file)") }
                guard data.count <= Contracts.maximumAttachmentBytes else {
                    throw CommandError(.validation, "content_base64: 附件 \(data.count) 字节，最多 \(Contracts.maximumAttachmentBytes) 字节 (too large)")
                }
                var members: [JSON.Member] = [JSON.Member("name", .string(invocation.value("name") ?? URL(fileURLWithPath: path).lastPathComponent)),
                                              JSON.Member("content_base64", .string(data.base64EncodedString()))]
                if let type = invocation.value("media-type") { members.append(JSON.Member("media_type", .string(type))) }
                let values = try Contracts.addAttachment.values(json: members, nil)
                let attachmentID = try core.write(actor) { tx in try service.addAttachment(meetingID: id, values, tx) }
                let link = "\(ConsultationsRoutes.base)/meetings/\(id)/attachments/\(attachmentID)"
                Render.done("attached \(path) to meeting \(id) as attachment \(attachmentID)",
                            .object(["id": .int(attachmentID), "meeting_id": .int(id), "link": .string(link)]), invocation)
            }
        }
    }
}
