// What the ledger's routes and commands take: the list filters (the same for `GET .../ledger`,
// `GET .../tasks`, `ledger list` and `tasks list`), the day colours are computed for, a task
// the office assigns, and what each action on a line carries.
import Kernel

enum LedgerContracts {
    static let colours: [(code: String, label: String)] = StatusColour.allCases.map { ($0.rawValue, $0.chinese) }
    static let unitKinds: [(code: String, label: String)] = [("unit", "成员单位"), ("territory", "镇(景区、开发区)")]

    static let on = FieldSpec.date("on", "the day colours are computed for (default today)", example: "2024-03-01")

    /// The filters of a list of lines or tasks.
    static let filter = Contract([
        .reference("unit_id", "units", "only lines of this member unit (id, name or alias, e.g. 区住建局)"),
        .reference("territory_id", "territories", "only lines of this town, scenic area or development zone (id or name, e.g. 东城镇)"),
        .recordID("task_id", "task", chinese: "任务", "only this task's lines"),
        .recordID("plan_id", "plan", chinese: "工作计划", "only this plan's tasks"),
        .choice("status", LineStatus.self, "only lines in this state"),
        .choice("colour", colours, "only lines (tasks) of this colour on the day"),
        .text("period", max: 10, "only this due instance: a date 2024-02-29, a quarter 2024-Q1, a month 2024-03 or a half-year 2024-H1", example: "2024-Q1"),
        .boolean("withdrawn", "only withdrawn (撤销) lines and tasks, kept with their history; default: those in force"),
        on,
    ])

    /// Only the day (one task, one line).
    static let day = Contract([on])

    /// `POST .../tasks`, `tasks add`.
    static let assignment = Contract([
        .text("title", max: 200, required: true, "the task (its first sentence)", example: "汛前安全检查"),
        .paragraph("text", max: 4000, "details (default: the title)"),
        .list("units", of: .reference("units"), maxItems: 200, "member units that lead the task (ids, names or aliases, e.g. 区住建局)"),
        .list("territories", of: .reference("territories"), maxItems: 200, "towns, scenic areas or development zones (ids or names)"),
        .boolean("all_member_units", "区安委会各成员单位: every member unit (and the office)"),
        .boolean("all_territories", "各镇(景区、开发区): every town, scenic area and development zone"),
        .date("due", "due date; give this or quarterly_year", example: "2024-05-31"),
        .year("quarterly_year", "每季度: one line per quarter of this year, each due at the quarter's end; give this or due"),
    ])

    // MARK: Actions on a line

    static let reporter = FieldSpec.text("reporter", max: 100, "who reports (default: the acting user)", example: "张敏")
    static let attachments = FieldSpec.list("attachments", of: .object([
        .text("file_name", max: 200, "the file's name", example: "部署通知.pdf"),
        .text("content_base64", max: 14_000_000, required: true, "the file's bytes in base64 (at most 10 MiB)", example: "6YCa55+l"),
    ]), maxItems: 10, "evidence files")

    /// The fields an action takes over HTTP; `cli` leaves out the files (the CLI reads them from disk with `--attach`).
    static func action(_ action: LineAction, cli: Bool = false) -> Contract? {
        let files = cli ? [] : [attachments]
        switch action {
        case .sign, .verify: return nil
        case .progress:
            return Contract([.integer("percent", 0...100, required: true, "progress, 0–100", example: 50),
                             .paragraph("text", max: 5000, required: true, "what was done (进展情况)", example: "已完成排查"), reporter] + files)
        case .complete:
            return Contract([.paragraph("text", max: 5000, required: true, "what was done (完成情况)", example: "已印发"), reporter] + files)
        case .return:
            return Contract([.paragraph("reason", max: 2000, required: true, "why the line is returned (退回理由)", example: "佐证材料不全")])
        }
    }
}
