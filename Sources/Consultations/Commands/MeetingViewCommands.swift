// `anwei consultations meetings list|show|minutes`: reading meetings as the API shows them.
import CLI
import Foundation
import Kernel

enum MeetingViewCommands {
    static func list(_ env: CommandEnvironment) -> Command {
        Command("list", summary: "list meetings (a page of --limit, default 50; --csv: every matching one)",
                examples: ["anwei consultations meetings list --quarter 2024-Q1", "anwei consultations meetings list --kind specialGroup --json"],
                options: Contracts.meetingFilter.options + Paging.contract.options) { invocation in
            try env.run(invocation) { core, actor in
                let paging = try Paging.read(invocation)
                let values = try Contracts.meetingFilter.values(invocation, in: core)
                let page = try core.read { db -> Page in
                    let filter = try MeetingFilter(values, paging: paging, csv: invocation.format == .csv, db)
                    return try MeetingStore.list(filter, actor: actor, db)
                }
                CommandSupport.list(page, columns: ["id", "held_on", "kind", "title", "present_count", "absent_count", "risk_count", "decision_count", "open_decisions", "done_decisions"],
                                    csv: Replies.Columns.meetingSummary, invocation)
            }
        }
    }

    static func show(_ env: CommandEnvironment) -> Command {
        Command("show", summary: "show a meeting with its decisions' live status", examples: ["anwei consultations meetings show 1"],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let meeting = try core.read {
                    try MeetingStore.get(id, actor: actor, today: core.today, rules: core.settings.colourRules, $0)
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

    static func minutes(_ env: CommandEnvironment) -> Command {
        Command("minutes", summary: "print the minutes as printable HTML (会议纪要)", examples: ["anwei consultations meetings minutes 3 --output 纪要.html"],
                options: [.value("output", "FILE", help: "write to FILE instead of standard output")],
                arguments: [ArgumentSpec("id", help: "meeting id")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let html = try core.read {
                    MinutesHTML.render(try MeetingStore.get(id, actor: actor, today: core.today, rules: core.settings.colourRules, $0))
                }
                if let path = invocation.value("output") {
                    try OutputFile.write(Array(html.utf8), to: path)
                    invocation.output.line("wrote the minutes of meeting \(id) to \(path)")
                } else {
                    invocation.output.writeOut(html)
                }
            }
        }
    }
}
