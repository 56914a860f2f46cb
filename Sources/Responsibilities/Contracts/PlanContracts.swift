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

    // MARK: Replies

    static let lineNumber = FieldSpec.integer("line", 1...Int64.max, "the line of the plan's text").always
    static let warning: [FieldSpec] = [lineNumber, FieldSpec.text("message", "what is wrong there").always]
    static let unresolved: [FieldSpec] = [lineNumber, FieldSpec.text("text", "the unit name that matches no unit or territory").always]
    static let note: [FieldSpec] = [lineNumber, FieldSpec.text("text", "the phrase").always, FieldSpec.text("message", "why it was not expanded").always]

    static let deadline: [FieldSpec] = [
        FieldSpec.text("phrase", "the plan's words, e.g. 2月底前").always,
        FieldSpec.choice("kind", [("by", ""), ("withinMonth", ""), ("quarterly", ""), ("specialPeriods", "")], "by a date, within a month, each quarter, or in named periods").always,
        lineNumber,
        FieldSpec.date("due", "the due date; null for recurring or named periods"),
        FieldSpec.list("occurrences", of: .date, maxItems: 366, "each due date of a recurring deadline").always,
        FieldSpec.list("periods", of: .text(maxLength: 200), maxItems: 50, "named periods, e.g. 节假日").always,
    ]

    static let unit: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the member unit's or territory's id").always,
        FieldSpec.choice("kind", LedgerContracts.unitKinds, "member unit or territory").always,
        FieldSpec.text("name", "its name").always,
        FieldSpec.choice("role", UnitRole.self, "lead (牵头), cooperating (协同) or separatelyResponsible (分工负责)").always,
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
        ]
        let section: [FieldSpec] = [
            FieldSpec.integer("id", 1...Int64.max, "the section's id").always,
            FieldSpec.text("number", "e.g. 一、").always, FieldSpec.text("title", "its title").always, lineNumber,
            FieldSpec.list("tasks", of: .object(task), maxItems: 10_000, "its tasks").always,
        ]
        return plan + [FieldSpec.list("sections", of: .object(section), maxItems: 1000, "its sections").always]
    }()
}
