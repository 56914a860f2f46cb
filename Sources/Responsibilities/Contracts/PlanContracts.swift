// What importing a work plan takes (`POST .../plans`, `plan import`) and what the plan routes
// answer: an import's result (also a dry run's), a plan as listed, a plan with its sections.
import Kernel

enum PlanContracts {
    static let year = FieldSpec.year("year", required: true, "the plan's year: deadlines such as 2月底前 fall in it")

    /// `POST .../plans`: the plan as text (or its bytes in base64, e.g. GB18030) and its year.
    static let importBody = Contract([
        year,
        .paragraph("text", max: 200_000, "the plan's text (工作要点), as it is; give this or content_base64", example: "一、总体要求\n(一)加强值守。(责任单位:区安委办牵头)"),
        .text("content_base64", max: 800_000, "the plan file's bytes in base64 (UTF-8 or GB18030); give this or text"),
        .text("source_name", max: 200, "the file's name, kept with the plan (default: upload)", example: "2024工作要点.txt"),
        .boolean("dry_run", "describe what would be created, with every warning; write nothing"),
    ])

    /// `plan import`: the year (the file is the argument; `--dry-run` a flag).
    static let importOptions = Contract([year])

    /// `POST .../plans/{id}/actions/withdraw`, `plan withdraw`.
    static let withdrawBody = Contract([
        .paragraph("reason", max: 2000, required: true, "why the plan is withdrawn (撤销理由)", example: "误导入了征求意见稿"),
    ])

    /// `POST .../designations/{id}/actions/designate`, `plan designate`: the units the office names for a 有关 clause.
    static let designateBody = Contract([
        .list("units", of: .reference("units"), maxItems: 200, "member units designated (ids, names or aliases, e.g. 区住建局)"),
        .list("territories", of: .reference("territories"), maxItems: 200, "towns, scenic areas or development zones designated (ids or names)"),
        .paragraph("note", max: 2000, "a note kept in the audit record", example: "经主任会议研究确定"),
        .date("due", "one due date instead of the clause's periods (needed when they have all ended)", example: "2024-12-31"),
    ])

    static let designationStatuses: [(code: String, label: String)] = [("pending", "待明确"), ("designated", "已明确"), ("withdrawn", "已撤销")]

    /// `GET .../designations`, `plan to-designate`.
    static let designationFilter = Contract([
        .choice("status", designationStatuses, "only assignments in this state (default: every one)"),
    ])

    /// `POST .../tasks/{id}/actions/add-unit|remove-unit`, `tasks add-unit|remove-unit`.
    static let taskUnitBody = Contract([
        .reference("unit", "units", "the member unit (id, name or alias); give this or territory"),
        .reference("territory", "territories", "the town, scenic area or development zone (id or name); give this or unit"),
        .choice("role", UnitRole.self, "the role of an added unit (default lead; a territory's is territorial)"),
        .date("due", "for an added unit: one due date instead of the task's periods", example: "2024-12-31"),
        .paragraph("reason", max: 2000, "why (kept in the audit record; a removed unit's lines show it)", example: "职能调整"),
    ])

    static let designation: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the assignment's id").always,
        FieldSpec.integer("task_id", 1...Int64.max, "its task").always,
        FieldSpec.integer("plan_id", 1...Int64.max, "the task's plan"),
        FieldSpec.text("task_number", "the task's number").always,
        FieldSpec.text("task_title", "the task's title").always,
        FieldSpec.text("phrase", "the plan's words, e.g. 区安委会有关成员单位").always,
        FieldSpec.choice("role", UnitRole.self, "the role the clause gives them").always,
        FieldSpec.text("role_label", "the role in Chinese").always,
        FieldSpec.integer("line", 1...Int64.max, "its line in the plan's text"),
        FieldSpec.choice("status", designationStatuses, "pending (待明确), designated (已明确) or withdrawn").always,
        FieldSpec.date("since", "the day it began waiting (the import)").always,
        FieldSpec.date("designated_on", "when the office designated the units"),
        FieldSpec.text("designated_by", "who designated them"),
        FieldSpec.list("units", of: .object([
            FieldSpec.choice("kind", LedgerContracts.unitKinds, "member unit or territory").always,
            FieldSpec.integer("id", 1...Int64.max, "its id").always, FieldSpec.text("name", "its name").always,
        ]), maxItems: 1000, "the units designated").always,
        FieldSpec.list("periods", of: .text(maxLength: 10), maxItems: 400, "the due instances their lines get").always,
    ]

    static let designationResult: [FieldSpec] = designation + [
        FieldSpec.integer("ledger_lines_created", 0...Int64.max, "lines made for the periods not yet ended").always,
    ]

    static let taskUnitResult: [FieldSpec] = [
        FieldSpec.integer("task_id", 1...Int64.max, "the task").always,
        FieldSpec.integer("ledger_lines", 0...Int64.max, "lines written (added) or withdrawn (removed)").always,
    ]

    static let revision: FieldSpec = .object("revision", [
        FieldSpec.integer("plan_id", 1...Int64.max, "the plan revised").always,
        FieldSpec.integer("from_revision", 1...Int64.max, "its revision before").always,
        FieldSpec.integer("to_revision", 1...Int64.max, "its revision after").always,
        FieldSpec.list("tasks_added", of: .object([
            FieldSpec.text("number", "").always, FieldSpec.text("title", "").always,
            FieldSpec.integer("ledger_lines", 0...Int64.max, "").always, FieldSpec.integer("to_designate", 0...Int64.max, "").always,
        ]), maxItems: 10_000, "new tasks").always,
        FieldSpec.list("tasks_withdrawn", of: .object([
            FieldSpec.integer("task_id", 1...Int64.max, "").always, FieldSpec.text("number", ""), FieldSpec.text("title", ""),
            FieldSpec.integer("ledger_lines", 0...Int64.max, "lines withdrawn with it").always,
        ]), maxItems: 10_000, "tasks no longer in the text: withdrawn, kept with their history").always,
        FieldSpec.list("tasks_changed", of: .object([
            FieldSpec.integer("task_id", 1...Int64.max, "").always, FieldSpec.text("number", "").always, FieldSpec.text("title", "").always,
            FieldSpec.text("old_number", ""), FieldSpec.text("old_title", ""),
            FieldSpec.integer("lines_added", 0...Int64.max, "").always, FieldSpec.integer("lines_withdrawn", 0...Int64.max, "").always,
            FieldSpec.integer("lines_kept", 0...Int64.max, "").always, FieldSpec.integer("lines_updated", 0...Int64.max, "").always,
            FieldSpec.list("units_added", of: .text(maxLength: 200), maxItems: 10_000, "").always,
            FieldSpec.list("designations_added", of: .text(maxLength: 200), maxItems: 1000, "").always,
            FieldSpec.integer("designations_withdrawn", 0...Int64.max, "").always,
        ]), maxItems: 10_000, "tasks matched by number and title whose units or deadlines changed").always,
        FieldSpec.integer("tasks_unchanged", 0...Int64.max, "tasks that did not change").always,
        FieldSpec.integer("lines_added", 0...Int64.max, "ledger lines added").always,
        FieldSpec.integer("lines_withdrawn", 0...Int64.max, "ledger lines withdrawn").always,
        FieldSpec.integer("lines_kept", 0...Int64.max, "ledger lines kept with their history").always,
    ], "what a revision of the year's plan changes (a second import for the year)")

    // MARK: Replies

    static let lineNumber = FieldSpec.integer("line", 1...Int64.max, "the line of the plan's text").always
    static let warning: [FieldSpec] = [lineNumber, FieldSpec.text("code", "a stable code for scripts, e.g. task_unassigned").always,
                                       FieldSpec.text("message", "what is wrong there (Chinese)").always]
    static let unresolved: [FieldSpec] = [lineNumber, FieldSpec.text("text", "the unit name that matches no unit or territory").always]
    static let note: [FieldSpec] = [lineNumber, FieldSpec.text("text", "the phrase").always, FieldSpec.text("message", "why it was not expanded").always]

    static let deadline: [FieldSpec] = [
        FieldSpec.text("phrase", "the plan's words, e.g. 2月底前").always,
        FieldSpec.choice("kind", [("by", ""), ("withinMonth", ""), ("quarterly", ""), ("monthly", ""), ("halfYearly", ""), ("specialPeriods", "")],
                         "by a date, within a month, each quarter, each month, each half-year, or in named periods").always,
        lineNumber,
        FieldSpec.date("due", "the due date; null for recurring or named periods"),
        FieldSpec.list("occurrences", of: .date, maxItems: 366, "each due date of a recurring deadline").always,
        FieldSpec.list("periods", of: .text(maxLength: 200), maxItems: 50, "named periods, e.g. 节假日").always,
    ]

    static let unit: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the member unit's or territory's id").always,
        FieldSpec.choice("kind", LedgerContracts.unitKinds, "member unit or territory").always,
        FieldSpec.text("name", "its name").always,
        FieldSpec.choice("role", UnitRole.self, "lead (牵头), cooperating (协同), separatelyResponsible (分工负责) or territorial (属地责任)").always,
        FieldSpec.text("via", "the plan's words that named it").always,
    ]

    static let warnings = FieldSpec.list("warnings", of: .object(warning), maxItems: 100_000, "what the importer could not read, by line").always

    /// An import's result (a dry run's too).
    static let importResult: [FieldSpec] = {
        let clause: [FieldSpec] = [
            lineNumber, FieldSpec.text("raw", "the clause as written").always,
            FieldSpec.list("units", of: .object(unit), maxItems: 10_000, "the units it names, resolved").always,
            FieldSpec.list("unresolved", of: .object(unresolved), maxItems: 10_000, "names that match nothing").always,
            FieldSpec.list("deadlines", of: .object(deadline), maxItems: 100, "its deadlines").always,
        ]
        let task: [FieldSpec] = [
            FieldSpec.text("number", "e.g. (一) or 1.").always, FieldSpec.text("title", "its first sentence").always, lineNumber,
            FieldSpec.list("clauses", of: .object(clause), maxItems: 1000, "its responsibility clauses").always,
            FieldSpec.list("deadlines", of: .object(deadline), maxItems: 100, "deadlines in its text").always,
            FieldSpec.integer("ledger_lines", 0...Int64.max, "the ledger lines it gives").always,
        ]
        let section: [FieldSpec] = [
            FieldSpec.text("number", "e.g. 一、").always, FieldSpec.text("title", "its title").always, lineNumber,
            FieldSpec.list("tasks", of: .object(task), maxItems: 10_000, "its tasks").always,
        ]
        return [
            FieldSpec.integer("plan_id", 1...Int64.max, "the plan; null on a dry run of a plan not yet imported"),
            FieldSpec.boolean("created", "whether this request created the plan (false: dry run, or the same year and text were imported before)").always,
            FieldSpec.boolean("dry_run", "nothing was written").always,
            FieldSpec.boolean("importable", "every unit name matched the registry").always,
            FieldSpec.integer("year", 1900...2200, "the plan's year").always,
            FieldSpec.text("title", "the plan's title line, if it has one"),
            FieldSpec.text("content_hash", "SHA-256 of the text").always,
            FieldSpec.date("import_date", "the day of the import").always,
            FieldSpec.integer("section_count", 0...Int64.max, "sections").always,
            FieldSpec.integer("task_count", 0...Int64.max, "tasks").always,
            FieldSpec.integer("ledger_line_count", 0...Int64.max, "ledger lines").always,
            FieldSpec.list("sections", of: .object(section), maxItems: 1000, "sections with their tasks and clauses").always,
            warnings,
            FieldSpec.list("notes", of: .object(note), maxItems: 100_000, "collective phrases understood but not expanded").always,
            FieldSpec.list("unresolved", of: .object(unresolved), maxItems: 100_000, "unit names that match nothing (they refuse the import)").always,
            FieldSpec.list("to_designate", of: .object([
                FieldSpec.text("task_number", "the task").always, FieldSpec.text("phrase", "the plan's words").always,
                FieldSpec.choice("role", UnitRole.self, "the role the clause gives").always, lineNumber,
            ]), maxItems: 10_000, "有关 units the office designates later (待明确): no lines until then").always,
            revision,
        ]
    }()

    /// A plan as listed.
    static let plan: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the plan's id").always,
        FieldSpec.integer("year", 1900...2200, "its year").always,
        FieldSpec.text("title", "its title line, if it has one"),
        FieldSpec.text("content_hash", "SHA-256 of the text").always,
        FieldSpec.text("source_name", "the file it came from").always,
        FieldSpec.date("import_date", "the day it was imported").always,
        FieldSpec.integer("task_count", 0...Int64.max, "tasks").always,
        FieldSpec.integer("ledger_line_count", 0...Int64.max, "ledger lines").always,
        warnings,
        FieldSpec.text("created_by", "who imported it").always,
        FieldSpec.text("created_at", "RFC 3339").always,
        FieldSpec.integer("revision", 1...Int64.max, "its current revision (1: as first imported)").always,
        FieldSpec.date("withdrawn_on", "the day the plan was withdrawn; null while in force"),
        FieldSpec.text("withdrawn_reason", "why it was withdrawn"),
    ]

    /// A plan with its sections, tasks, clauses and their units.
    static let planDetail: [FieldSpec] = {
        let clause: [FieldSpec] = [
            FieldSpec.integer("id", 1...Int64.max, "the clause's id").always, lineNumber,
            FieldSpec.text("raw", "the clause as written").always, FieldSpec.text("text", "the clause's text").always,
            FieldSpec.list("units", of: .object(unit), maxItems: 10_000, "its units with ids and roles").always,
            FieldSpec.list("deadlines", of: .object(deadline), maxItems: 100, "its deadlines").always,
        ]
        let task: [FieldSpec] = [
            FieldSpec.integer("id", 1...Int64.max, "the task's id").always,
            FieldSpec.text("number", "e.g. (一)").always, FieldSpec.text("title", "its title").always,
            FieldSpec.integer("line", 1...Int64.max, "its line in the text"),
            FieldSpec.date("start_date", "when the work starts counting").always,
            FieldSpec.list("clauses", of: .object(clause), maxItems: 1000, "its clauses").always,
            FieldSpec.date("withdrawn_on", "the day a revision withdrew it; null while in force"),
        ]
        let section: [FieldSpec] = [
            FieldSpec.integer("id", 1...Int64.max, "the section's id").always,
            FieldSpec.text("number", "e.g. 一、").always, FieldSpec.text("title", "its title").always, lineNumber,
            FieldSpec.list("tasks", of: .object(task), maxItems: 10_000, "its tasks").always,
        ]
        return plan + [FieldSpec.list("sections", of: .object(section), maxItems: 1000, "its sections (of the current revision)").always,
                       FieldSpec.list("withdrawn_tasks", of: .object(task), maxItems: 10_000, "tasks withdrawn by a revision or with the plan").always]
    }()
}
