// `anwei consultations decisions|compliance|agenda`: what the meetings decided, which bodies met,
// and the next meeting's agenda; options read by the same contracts as the API's queries.
import CLI
import Kernel

enum OverviewCommands {
    static func decisions(_ env: CommandEnvironment) -> Command {
        Command("decisions", summary: "decisions with their live status: list, show", subcommands: [
            Command("list", summary: "list decisions (a page of --limit, default 50; --csv: every matching one)",
                    examples: ["anwei consultations decisions list --status overdue", "anwei consultations decisions list --lead-unit 区应急管理局"],
                    options: Contracts.decisionFilter.options + Paging.contract.options) { invocation in
                try env.run(invocation) { core, actor in
                    let paging = try Paging.read(invocation)
                    let values = try Contracts.decisionFilter.values(invocation, in: core)
                    let filter = try DecisionFilter(values, paging: paging, csv: invocation.format == .csv)
                    let page = try core.read {
                        try MeetingStore.decisions(filter, actor: actor, today: core.today, rules: core.settings.colourRules, $0)
                    }
                    // The table shows the lead by name; JSON and CSV keep the lead as the API gives it.
                    let items = invocation.format != .table ? page.items : page.items.map { item -> JSON in
                        guard case .object(var members) = item else { return item }
                        members.append(JSON.Member("lead_name", item["lead"]?["name"] ?? .null))
                        return .object(members)
                    }
                    CommandSupport.list(Page(items: items, next: page.next), columns: ["id", "meeting_id", "meeting_held_on", "text", "lead_name", "deadline", "status", "colour", "task_id", "reason"],
                                        csv: Replies.Columns.decision, invocation)
                }
            },
            Command("show", summary: "show one decision", examples: ["anwei consultations decisions show 4"], arguments: [ArgumentSpec("id", help: "decision id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let decision = try core.read {
                        try MeetingStore.decision(id, actor: actor, today: core.today, rules: core.settings.colourRules, $0)
                    }
                    Render.record(decision, invocation)
                }
            },
        ])
    }

    static func compliance(_ env: CommandEnvironment) -> Command {
        Command("compliance", summary: "which bodies held their quarterly meeting (green / yellow / red, with the reason)",
                examples: ["anwei consultations compliance", "anwei consultations compliance --quarter 2024-Q1 --json", "anwei consultations compliance --as-of 2024-02-10"],
                options: Contracts.complianceQuery.options) { invocation in
            try env.run(invocation) { core, actor in
                guard [.admin, .office, .unit, .town].contains(actor.role) else { throw DomainError.forbidden("会议召开情况仅供区安委办、成员单位和属地查看 (compliance is for the office, member units and towns)") }
                let values = try Contracts.complianceQuery.values(invocation, in: core)
                let day = try Contracts.asOfDay(values, today: core.today)
                let quarter = values.quarter("quarter") ?? Quarter(containing: day)
                let lines = try core.read {
                    try Compliance.lines(quarter: quarter, today: day, rules: core.settings.colourRules, $0)
                }
                CommandSupport.list(Page(items: lines, next: nil), columns: ["quarter", "body", "kind", "held", "colour", "reason_code", "reason"],
                                    csv: Replies.Columns.complianceLine, invocation)
            }
        }
    }

    static let onDay = Contract([.date("on", "the same as --as-of (kept for scripts that use it)")])

    static func agenda(_ env: CommandEnvironment) -> Command {
        Command("agenda", summary: "the generated agenda of a body's next meeting",
                discussion: "Open decisions carried over, and since the last meeting of that kind: new major hazards, red tasks, overdue rectifications, expiring certificates, overdue tip-offs, supervision, missed meetings — each with a link to its record.",
                examples: ["anwei consultations agenda --next", "anwei consultations agenda --next --as-of 2024-06-30", "anwei consultations agenda --next --kind specialGroup --group 区燃气安全专项领导小组 --json"],
                options: [.flag("next", help: "the next meeting's agenda (the only one there is)")] + Contracts.agendaQuery.options + onDay.options) { invocation in
            try env.run(invocation) { core, actor in
                let values = try Contracts.agendaQuery.values(invocation, in: core)
                let today = try Contracts.asOfDay(values.date("as_of") ?? onDay.values(invocation, nil).date("on"), today: core.today)
                // The agenda is drawn from events: take in any still waiting first.
                env.deliverEvents(core)
                let agenda = try core.read {
                    try Agenda.next(kind: values.text("kind") ?? "riskConsultation", groupID: values.id("group_id"), actor: actor,
                                    today: today, rules: core.settings.colourRules, $0)
                }
                guard invocation.format == .table else {
                    if invocation.format == .json { invocation.output.line(agenda.pretty) } else { Render.list(rows(agenda), columns: ["section", "summary", "link"], invocation) }
                    return
                }
                let last = agenda["last_meeting"].map { $0 == .null ? "none yet" : "\(Render.cell($0["title"])) (\(Render.cell($0["held_on"])), \(Render.cell($0["link"])))" } ?? ""
                invocation.output.line("下次\(Render.cell(agenda["kind_name"]))议程（\(Render.cell(agenda["body"]))，生成于 \(Render.cell(agenda["generated_on"]))；上次会议：\(last)）")
                for section in agenda["sections"]?.arrayValue ?? [] {
                    let items = section["items"]?.arrayValue ?? []
                    invocation.output.line("\n\(Render.cell(section["title"]))（\(items.count)）")
                    if !items.isEmpty {
                        invocation.output.table(columns: ["summary", "link"], rows: items.map { [Render.cell($0["summary"]), Render.cell($0["link"])] })
                    }
                }
            }
        }
    }

    static func rows(_ agenda: JSON) -> [JSON] {
        (agenda["sections"]?.arrayValue ?? []).flatMap { section in
            (section["items"]?.arrayValue ?? []).map { .object(["section": section["type"] ?? .null, "summary": $0["summary"] ?? .null, "link": $0["link"] ?? .null]) }
        }
    }
}
