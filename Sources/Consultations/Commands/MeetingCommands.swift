// `anwei consultations meetings ...`: record, list, show, amend a meeting; add decisions, risks,
// attachments; print the minutes.
import CLI
import Foundation
import Kernel

enum MeetingCommands {
    static func group(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("meetings", summary: "meetings: add, list, show, update, decide, risk, attach, minutes",
                subcommands: [add(env, service), list(env), show(env), update(env, service), decide(env, service), risk(env, service), attach(env, service), minutes(env)])
    }

    static let addOptions: [OptionSpec] = [
        .value("file", "FILE", help: "the meeting as a JSON object (the HTTP body); - for standard input; options below add to it"),
        .value("kind", "KIND", help: "meeting kind code (riskConsultation, governmentStudy, firstAgendaItem, plenary, specialGroup)"),
        .value("group", "GROUP", help: "the special leading group (for specialGroup meetings)"),
        .value("date", "YYYY-MM-DD", help: "the day it was held"),
        .value("title", "TITLE", help: "title (default: from the quarter and kind)"),
        .flag("ad-hoc", help: "an ad hoc meeting (special period)"),
        .value("convener", "NAME", help: "who convened and chaired it"),
        .value("convener-unit", "UNIT", help: "the convening unit"),
        .value("venue", "PLACE", help: "where"),
        .repeated("unit", "UNIT", help: "a unit that attended (repeat)"),
        .repeated("territory", "TERRITORY", help: "a town/scenic area/development zone that attended (repeat)"),
        .repeated("person", "NAME[|ROLE]", help: "a person who attended (repeat)"),
        .repeated("absent", "UNIT", help: "an invited unit or territory that was absent (repeat)"),
        .repeated("agenda", "ITEM", help: "an agenda item (repeat)"),
        .repeated("risk", "AREA|LEVEL|DESCRIPTION[|BODY,BODY]", help: "a risk judged; LEVEL major/large/general/low or 红/橙/黄/蓝 (repeat)"),
        .repeated("decision", "TEXT[|LEAD|YYYY-MM-DD]", help: "a decision; with lead and deadline it becomes a task (repeat)"),
        .value("minutes", "TEXT", help: "the minutes"),
        .value("minutes-file", "FILE", help: "read the minutes from a file"),
    ]

    /// The HTTP body the options describe (on top of --file).
    static func body(_ invocation: Invocation) throws -> [String: JSON] {
        var body: [String: JSON] = try invocation.value("file").map(CommandSupport.objectFile) ?? [:]
        let simple: [(String, String)] = [("kind", "kind"), ("group", "group"), ("date", "held_on"), ("title", "title"), ("convener", "convener"),
                                          ("convener-unit", "convener_unit"), ("venue", "venue"), ("minutes", "minutes")]
        for (option, field) in simple { if let value = invocation.value(option) { body[field] = .string(value) } }
        if let path = invocation.value("minutes-file") { body["minutes"] = .string(try InputFile.readText(path)) }
        if invocation.flag("ad-hoc") { body["ad_hoc"] = true }
        var attendees = body["attendees"]?.arrayValue ?? []
        attendees += invocation.values("unit").map { .object(["unit": .string($0)]) }
        attendees += invocation.values("territory").map { .object(["territory": .string($0)]) }
        for person in invocation.values("person") {
            let parts = CommandSupport.parts(person)
            attendees.append(parts.count > 1 ? .object(["person": .string(parts[0]), "role": .string(parts[1])]) : .object(["person": .string(parts[0])]))
        }
        if !attendees.isEmpty { body["attendees"] = .array(attendees) }
        let absent = (body["absent_units"]?.arrayValue ?? []) + invocation.values("absent").map(JSON.string)
        if !absent.isEmpty { body["absent_units"] = .array(absent) }
        let agenda = (body["agenda"]?.arrayValue ?? []) + invocation.values("agenda").map(JSON.string)
        if !agenda.isEmpty { body["agenda"] = .array(agenda) }
        var risks = body["risks"]?.arrayValue ?? []
        for text in invocation.values("risk") { risks.append(try riskObject(text)) }
        if !risks.isEmpty { body["risks"] = .array(risks) }
        var decisions = body["decisions"]?.arrayValue ?? []
        for text in invocation.values("decision") { decisions.append(try decisionObject(text)) }
        if !decisions.isEmpty { body["decisions"] = .array(decisions) }
        return body
    }

    static func riskObject(_ text: String) throws -> JSON {
        let parts = CommandSupport.parts(text)
        guard parts.count >= 3 else { throw CommandError.usage("--risk expects AREA|LEVEL|DESCRIPTION[|BODY,BODY], got '\(text)'") }
        var members: [JSON.Member] = [JSON.Member("area", .string(parts[0])), JSON.Member("level", .string(parts[1])), JSON.Member("description", .string(parts[2]))]
        if parts.count > 3 {
            let bodies = parts[3].split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map { JSON.string($0.trimmingCharacters(in: .whitespaces)) }
            members.append(JSON.Member("bodies", .array(bodies)))
        }
        if parts.count > 4 { members.append(JSON.Member("measures", .string(parts[4]))) }
        return .object(members)
    }

    static func decisionObject(_ text: String) throws -> JSON {
        let parts = CommandSupport.parts(text)
        switch parts.count {
        case 1: return .object(["text": .string(parts[0])])
        case 3: return .object(["text": .string(parts[0]), "lead": .string(parts[1]), "deadline": .string(parts[2])])
        default: throw CommandError.usage("--decision expects TEXT or TEXT|LEAD|YYYY-MM-DD, got '\(text)'")
        }
    }

    static func add(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("add", summary: "record a held meeting (decisions with a lead and deadline become tasks)",
                examples: ["anwei consultations meetings add --kind riskConsultation --date 2024-03-20 --convener 张主任 --unit 区应急管理局 --territory 东城镇 --absent 区水务局 --risk '危险化学品|major|春季复工复产风险|区应急管理局' --decision '开展危化品专项检查|区应急管理局|2024-04-30'",
                           "anwei consultations meetings add --file meeting.json"],
                options: addOptions) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let members = try body(invocation)
                let meeting = try context.core.write(context.actor) { tx -> JSON in
                    let id = try service.recordMeeting(members, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: context.core.today, rules: context.core.settings.colourRules, tx.db)
                }
                env.deliverEvents(context.core)
                let decisions = meeting["decisions"]?.arrayValue ?? []
                Render.done("recorded meeting \(Render.cell(meeting["id"])): \(Render.cell(meeting["title"])) (\(decisions.count) decision(s), \(decisions.filter { $0["tracked"] == .bool(true) }.count) tracked)", meeting, invocation)
            }
        }
    }

    static func list(_ env: CommandEnvironment) -> Command {
        Command("list", summary: "list meetings", examples: ["anwei consultations meetings list --quarter 2024-Q1", "anwei consultations meetings list --kind specialGroup --json"],
                options: [.value("kind", "KIND", help: "only this kind"), .value("group", "GROUP", help: "only this special group's"),
                          .value("quarter", "YYYY-QN", help: "only this quarter's"), .value("year", "YYYY", help: "only this year's"),
                          .value("limit", "N", help: "at most N (default 200)")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let limit = try invocation.int("limit") ?? 200
                guard (1...100_000).contains(limit) else { throw CommandError.usage("--limit must be at least 1") }
                let filter = MeetingFilter(kind: invocation.value("kind"), group: invocation.value("group"), quarter: invocation.value("quarter"),
                                           year: try invocation.int("year"), limit: limit)
                let page = try context.core.read { try MeetingStore.list(filter, actor: context.actor, $0) }
                Render.list(page.items, columns: ["id", "held_on", "kind", "title", "present_count", "absent_count", "risk_count", "decision_count", "open_decisions", "done_decisions"], invocation)
            }
        }
    }

    static func show(_ env: CommandEnvironment) -> Command {
        Command("show", summary: "show a meeting with its decisions' live status", examples: ["anwei consultations meetings show 1"],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let id = try CommandSupport.id(invocation)
                let meeting = try context.core.read {
                    try MeetingStore.get(id, actor: context.actor, today: context.core.today, rules: context.core.settings.colourRules, $0)
                }
                guard invocation.format == .table else { Render.record(meeting, invocation); return }
                let out = invocation.output
                out.line("\(Render.cell(meeting["title"]))  [\(Render.cell(meeting["kind"]))] \(Render.cell(meeting["held_on"]))  主持: \(Render.cell(meeting["convener"]))  地点: \(Render.cell(meeting["venue"]))")
                out.line("参会: " + (meeting["attendees"]?.arrayValue ?? []).map { Render.cell($0["name"]) }.joined(separator: "、"))
                let absent = (meeting["absent_units"]?.arrayValue ?? []).map { Render.cell($0["name"]) }
                if !absent.isEmpty { out.line("缺席: " + absent.joined(separator: "、")) }
                let rows: (JSON?) -> [[String]] = { list in
                    (list?.arrayValue ?? []).map { [Render.cell($0["id"]), Render.cell($0["text"]), Render.cell($0["lead"]?["name"]), Render.cell($0["deadline"]), Render.cell($0["status"]), Render.cell($0["colour"])] }
                }
                let carried = rows(meeting["carried_decisions"])
                if !carried.isEmpty {
                    out.line("\n上次会议未办结的决定事项:")
                    out.table(columns: ["id", "text", "lead", "deadline", "status", "colour"], rows: carried)
                }
                out.line("\n研判风险:")
                out.table(columns: ["area", "level", "description", "bodies"], rows: (meeting["risks"]?.arrayValue ?? []).map {
                    [Render.cell($0["area"]), "\(Render.cell($0["level_colour"])) \(Render.cell($0["level"]))", Render.cell($0["description"]),
                     ($0["bodies"]?.arrayValue ?? []).map { Render.cell($0["name"]) }.joined(separator: "、")]
                })
                out.line("\n决定事项:")
                out.table(columns: ["id", "text", "lead", "deadline", "status", "colour"], rows: rows(meeting["decisions"]))
            }
        }
    }

    static func update(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("update", summary: "change a meeting's title, date, convener, venue, agenda or minutes",
                examples: ["anwei consultations meetings update 3 --venue 区政府3号会议室", "anwei consultations meetings update 3 --minutes-file minutes.txt --if-version 2"],
                options: [.value("title", "TITLE", help: "title"), .value("date", "YYYY-MM-DD", help: "the day it was held"),
                          .value("convener", "NAME", help: "convener"), .value("convener-unit", "UNIT", help: "convening unit"), .value("venue", "PLACE", help: "venue"),
                          .repeated("agenda", "ITEM", help: "replace the agenda with these items"), .value("minutes", "TEXT", help: "replace the minutes"),
                          .value("minutes-file", "FILE", help: "replace the minutes from a file"), .value("if-version", "N", help: "only if still at version N")],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let id = try CommandSupport.id(invocation)
                var members: [String: JSON] = [:]
                for (option, field) in [("title", "title"), ("date", "held_on"), ("convener", "convener"), ("convener-unit", "convener_unit"), ("venue", "venue"), ("minutes", "minutes")] {
                    if let value = invocation.value(option) { members[field] = .string(value) }
                }
                if let path = invocation.value("minutes-file") { members["minutes"] = .string(try InputFile.readText(path)) }
                if !invocation.values("agenda").isEmpty { members["agenda"] = .array(invocation.values("agenda").map(JSON.string)) }
                if members.isEmpty { throw CommandError.usage("nothing to change: give e.g. --venue or --minutes") }
                let version = try invocation.int("if-version").map(Int64.init)
                let meeting = try context.core.write(context.actor) { tx -> JSON in
                    try service.updateMeeting(id, members, ifVersion: version, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: context.core.today, rules: context.core.settings.colourRules, tx.db)
                }
                Render.done("updated meeting \(id) (version \(Render.cell(meeting["version"])))", meeting, invocation)
            }
        }
    }

    static func decide(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("decide", summary: "add a decision to a recorded meeting (with --lead and --deadline it becomes a task)",
                examples: ["anwei consultations meetings decide 3 --text 开展燃气安全专项检查 --lead 区城市管理局 --deadline 2024-05-31"],
                options: [.value("text", "TEXT", help: "the decision"), .value("lead", "UNIT", help: "lead unit or territory"), .value("deadline", "YYYY-MM-DD", help: "deadline")],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let id = try CommandSupport.id(invocation)
                var members: [String: JSON] = ["text": .string(try invocation.require("text"))]
                if let lead = invocation.value("lead") { members["lead"] = .string(lead) }
                if let deadline = invocation.value("deadline") { members["deadline"] = .string(deadline) }
                let decision = try context.core.write(context.actor) { tx -> JSON in
                    let decisionID = try service.addDecision(meetingID: id, members, tx)
                    return try MeetingStore.decision(decisionID, actor: tx.actor, today: context.core.today, rules: context.core.settings.colourRules, tx.db)
                }
                env.deliverEvents(context.core)
                Render.done("added decision \(Render.cell(decision["id"])) to meeting \(id) (\(Render.cell(decision["status"])))", decision, invocation)
            }
        }
    }

    static func risk(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("risk", summary: "add a risk judged to a recorded meeting",
                examples: ["anwei consultations meetings risk 3 --area 燃气 --level 橙 --description 老旧管网泄漏风险 --body 区城市管理局 --body 东城镇"],
                options: [.value("area", "AREA", help: "area or sector"), .value("level", "LEVEL", help: "major/large/general/low or 红/橙/黄/蓝"),
                          .value("description", "TEXT", help: "the risk"), .value("measures", "TEXT", help: "control measures"),
                          .repeated("body", "UNIT", help: "a unit or territory concerned (repeat)")],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let id = try CommandSupport.id(invocation)
                var members: [String: JSON] = [:]
                for field in ["area", "level", "description", "measures"] { if let value = invocation.value(field) { members[field] = .string(value) } }
                if !invocation.values("body").isEmpty { members["bodies"] = .array(invocation.values("body").map(JSON.string)) }
                let riskID = try context.core.write(context.actor) { tx in try service.addRisk(meetingID: id, members, tx) }
                Render.done("added risk \(riskID) to meeting \(id)", .object(["id": .int(riskID), "meeting_id": .int(id)]), invocation)
            }
        }
    }

    static func attach(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("attach", summary: "attach a file to a recorded meeting", examples: ["anwei consultations meetings attach 3 签到表.pdf --media-type application/pdf"],
                options: [.value("name", "NAME", help: "the name to keep (default: the file's name)"), .value("media-type", "TYPE", help: "media type (default application/octet-stream)")],
                arguments: [ArgumentSpec("id", help: "meeting id"), ArgumentSpec("file", help: "the file")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let id = try CommandSupport.id(invocation)
                let path = invocation.argument("file") ?? ""
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandError(.notFound, "no such file: \(path)") }
                let members: [String: JSON] = ["name": .string(invocation.value("name") ?? URL(fileURLWithPath: path).lastPathComponent),
                                               "media_type": .string(invocation.value("media-type") ?? "application/octet-stream"),
                                               "content_base64": .string(data.base64EncodedString())]
                let attachmentID = try context.core.write(context.actor) { tx in try service.addAttachment(meetingID: id, members, tx) }
                Render.done("attached \(path) to meeting \(id) as attachment \(attachmentID)", .object(["id": .int(attachmentID), "meeting_id": .int(id)]), invocation)
            }
        }
    }

    static func minutes(_ env: CommandEnvironment) -> Command {
        Command("minutes", summary: "print the minutes as printable HTML (会议纪要)", examples: ["anwei consultations meetings minutes 3 --output 纪要.html"],
                options: [.value("output", "FILE", help: "write to FILE instead of standard output")],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                let id = try CommandSupport.id(invocation)
                let html = try context.core.read {
                    MinutesHTML.render(try MeetingStore.get(id, actor: context.actor, today: context.core.today, rules: context.core.settings.colourRules, $0))
                }
                if let path = invocation.value("output") {
                    guard FileManager.default.createFile(atPath: path, contents: Data(html.utf8)) else { throw CommandError(.failure, "cannot write \(path)") }
                    invocation.output.line("wrote the minutes of meeting \(id) to \(path)")
                } else {
                    invocation.output.writeOut(html)
                }
            }
        }
    }
}
