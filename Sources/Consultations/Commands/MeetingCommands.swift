// `anwei consultations meetings add`: record a held meeting, from a JSON file (the HTTP body) or
// from options named like the API's fields, with shorthand options for its lists.
import CLI
import Foundation
import Kernel

enum MeetingCommands {
    static func group(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("meetings", summary: "meetings: add, list, show, update, decide, risk, attach, minutes",
                subcommands: [add(env, service), MeetingViewCommands.list(env), MeetingViewCommands.show(env), MeetingPartCommands.update(env, service),
                              MeetingPartCommands.decide(env, service), MeetingPartCommands.risk(env, service), MeetingPartCommands.attach(env, service),
                              MeetingViewCommands.minutes(env)])
    }

    static let scalars = Contract(Contracts.meetingScalars)

    /// The options that build the meeting's lists (each repeated).
    static let listOptions: [OptionSpec] = [
        .repeated("agenda", "ITEM", help: "an agenda item (repeat)"),
        .repeated("unit", "UNIT", help: "a member unit that attended (id, name or alias; repeat)"),
        .repeated("territory", "TERRITORY", help: "a town, scenic area or development zone that attended (repeat)"),
        .repeated("person", "NAME[|ROLE]", help: "a person who attended (repeat)"),
        .repeated("absent-units", "UNIT", help: "a member unit invited but absent (repeat)"),
        .repeated("absent-territories", "TERRITORY", help: "a territory invited but absent (repeat)"),
        .repeated("risk", "AREA|LEVEL|DESCRIPTION[|UNIT,UNIT[|TERRITORY,TERRITORY[|MEASURES]]]",
                  help: "a risk judged; LEVEL major/large/general/low or 红/橙/黄/蓝 (repeat)"),
        .repeated("decision", "TEXT[|LEAD-UNIT|YYYY-MM-DD]", help: "a decision; with a lead unit and a deadline it becomes a task (repeat)"),
    ]

    static let fileOption = OptionSpec.value("file", "FILE", help: "the whole meeting as a JSON object (the HTTP body); - for standard input; not with the options below")
    static let minutesFileOption = OptionSpec.value("minutes-file", "FILE", help: "read the minutes from a file")

    static func add(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("add", summary: "record a held meeting (decisions with a lead and a deadline become tasks)",
                examples: ["anwei consultations meetings add --kind riskConsultation --held-on 2024-03-20 --convener 张主任 --unit 区应急管理局 --territory 东城镇 --absent-units 区水务局 --risk '危险化学品|major|春季复工复产风险|区应急管理局' --decision '开展危化品专项检查|区应急管理局|2024-04-30'",
                           "anwei consultations meetings add --file meeting.json"],
                options: [fileOption] + scalars.options + [minutesFileOption] + listOptions) { invocation in
            try env.run(invocation) { core, actor in
                let values = try read(invocation, core)
                let meeting = try core.write(actor) { tx -> JSON in
                    let id = try service.recordMeeting(values, tx)
                    return try MeetingStore.get(id, actor: tx.actor, today: tx.today, rules: core.settings.colourRules, tx.db)
                }
                let decisions = meeting["decisions"]?.arrayValue ?? []
                Render.done("recorded meeting \(Render.cell(meeting["id"])): \(Render.cell(meeting["title"])) (\(decisions.count) decision(s), \(decisions.filter { $0["tracked"] == .bool(true) }.count) tracked)", meeting, invocation)
            }
        }
    }

    /// The meeting the command line gives, read by `Contracts.recordMeeting`.
    static func read(_ invocation: Invocation, _ core: Core) throws -> Values {
        if let path = invocation.value("file") {
            let optionNames = (scalars.options + [minutesFileOption] + listOptions).map(\.name)
            if let given = optionNames.first(where: { !invocation.values($0).isEmpty }) {
                throw CommandError.usage("会议已用 --file 给出，不能再用 --\(given) 等选项 (give the meeting either with --file or with options such as --\(given), not both)")
            }
            let members = try CommandSupport.objectFile(path)
            return try core.read { try Contracts.recordMeeting.values(json: members, $0) }
        }
        // The shorthand options are the lists as the API takes them, in place of `--body`; they are
        // not also read as the options of fields that share their names (agenda, absent-units).
        var scalarOptions = try CommandSupport.minutesFromFile(invocation)
        for option in listOptions { scalarOptions.options[option.name] = nil }
        let lists = try listMembers(invocation)
        return try core.read { try Contracts.recordMeeting.values(scalarOptions, $0, body: lists) }
    }

    /// The lists the shorthand options describe, as the JSON the API takes.
    static func listMembers(_ invocation: Invocation) throws -> [JSON.Member] {
        var members: [JSON.Member] = []
        func add(_ name: String, _ items: [JSON]) { if !items.isEmpty { members.append(JSON.Member(name, .array(items))) } }
        add("agenda", invocation.values("agenda").map(JSON.string))
        var attendees: [JSON] = invocation.values("unit").map { .object(["unit_id": .string($0)]) }
        attendees += invocation.values("territory").map { .object(["territory_id": .string($0)]) }
        for person in invocation.values("person") {
            let parts = CommandSupport.parts(person)
            var attendee: [JSON.Member] = [JSON.Member("person", .string(parts.first ?? person))]
            if parts.count > 1 { attendee.append(JSON.Member("role", .string(parts[1]))) }
            attendees.append(.object(attendee))
        }
        add("attendees", attendees)
        add("absent_units", invocation.values("absent-units").map(JSON.string))
        add("absent_territories", invocation.values("absent-territories").map(JSON.string))
        add("risks", try invocation.values("risk").map(riskObject))
        add("decisions", try invocation.values("decision").map(decisionObject))
        return members
    }

    /// `AREA|LEVEL|DESCRIPTION[|UNIT,UNIT[|TERRITORY,TERRITORY[|MEASURES]]]` as a risk object.
    static func riskObject(_ text: String) throws -> JSON {
        let parts = CommandSupport.parts(text)
        guard parts.count >= 3, parts.count <= 6 else {
            throw CommandError.usage("选项 --risk 须写作 AREA|LEVEL|DESCRIPTION[|UNIT,UNIT[|TERRITORY,TERRITORY[|MEASURES]]]，收到 '\(text.prefix(80))' (--risk expects AREA|LEVEL|DESCRIPTION[|…])")
        }
        var members: [JSON.Member] = [JSON.Member("area", .string(parts[0])), JSON.Member("level", .string(parts[1])), JSON.Member("description", .string(parts[2]))]
        if parts.count > 3, !parts[3].isEmpty { members.append(JSON.Member("units", .array(CommandSupport.items(parts[3])))) }
        if parts.count > 4, !parts[4].isEmpty { members.append(JSON.Member("territories", .array(CommandSupport.items(parts[4])))) }
        if parts.count > 5, !parts[5].isEmpty { members.append(JSON.Member("measures", .string(parts[5]))) }
        return .object(members)
    }

    /// `TEXT` (noted) or `TEXT|LEAD-UNIT|YYYY-MM-DD` (tracked) as a decision object.
    static func decisionObject(_ text: String) throws -> JSON {
        let parts = CommandSupport.parts(text)
        switch parts.count {
        case 1: return .object(["text": .string(parts[0])])
        case 3:
            var members: [JSON.Member] = [JSON.Member("text", .string(parts[0]))]
            if !parts[1].isEmpty { members.append(JSON.Member("lead_unit_id", .string(parts[1]))) }
            if !parts[2].isEmpty { members.append(JSON.Member("deadline", .string(parts[2]))) }
            return .object(members)
        default: throw CommandError.usage("选项 --decision 须写作 TEXT 或 TEXT|LEAD-UNIT|YYYY-MM-DD，收到 '\(text.prefix(80))' (--decision expects TEXT or TEXT|LEAD-UNIT|YYYY-MM-DD)")
        }
    }
}
