// CLI: `anwei training <noun> <verb> ...`, the same service calls as `/api/v1/training/...`.
import CLI
import Kernel

enum TrainingCommands {
    static func command(_ environment: CommandEnvironment, service: TrainingService, name: String, summary: String) -> Command {
        let kit = CommandKit(environment: environment, service: service)
        return Command(name, summary: summary,
                       discussion: "Training (培训) of enterprise people in class hours (学时), special-operation certificates (特种作业操作证) and their reviews, exams, and bans on responsible persons (禁业).",
                       subcommands: [people(kit), records(kit), certificates(kit), bans(kit), appointments(kit), compliance(kit),
                                     enterprises(kit), sessions(kit), rules(kit)])
    }

    static func people(_ kit: CommandKit) -> Command {
        Command("people", summary: "people of enterprises in their training roles", subcommands: [
            kit.list(summary: "list training people", TrainingOperations.listPeople,
                     columns: ["id", "person_name", "enterprise_name", "role", "hired_on", "role_since", "retraining_since", "left_on"],
                     example: "anwei training people list --enterprise 12"),
            kit.add("give a registry person a training role in an enterprise", TrainingOperations.addPerson,
                    example: "anwei training people add --person 31 --enterprise 12 --role newWorker --hired-on 2024-03-01") { "added training person \(Render.cell($0["id"])): \(Render.cell($0["person_name"])), \(Render.cell($0["role"]))" },
            kit.show("show one training person", TrainingOperations.person, example: "anwei training people show 3"),
            kit.action("update", "change a training person's role or dates", TrainingOperations.updatePerson,
                       example: "anwei training people update 3 --role specialOperator --role-since 2024-05-01") { "updated training person \(Render.cell($0["id"]))" },
            kit.action("change-job", "record a job change (调岗); re-training is owed from then", TrainingOperations.changeJob,
                       example: "anwei training people change-job 3 --on 2024-04-01 --role specialOperator") { "\(Render.cell($0["person_name"])) changed job on \(Render.cell($0["retraining_since"])); re-training owed" },
            kit.action("leave", "record that a person left the job (离岗)", TrainingOperations.leave, example: "anwei training people leave 3 --on 2023-01-10") { "\(Render.cell($0["person_name"])) left on \(Render.cell($0["left_on"]))" },
            kit.action("return", "record a return to work; after a year or more away re-training is owed", TrainingOperations.returnToWork,
                       example: "anwei training people return 3 --on 2024-03-01") { "\(Render.cell($0["person_name"])) returned" + ($0["retraining_reason"]?.stringValue == "returned" ? "; re-training owed from \(Render.cell($0["retraining_since"]))" : "") },
            Command("sync", summary: "add the registry's enterprise posts (principal person, safety manager, ...) as training people",
                    examples: ["anwei training people sync", "anwei training people sync --enterprise 12"],
                    options: TrainingInputs.sync.options) { invocation in
                try kit.environment.run(invocation) { core, actor in
                    let added = try core.write(actor) { tx in
                        try kit.service.syncFromRegistry(enterprise: try TrainingInputs.sync.values(invocation, tx.db).id("enterprise_id"), tx)
                    }
                    Render.done("added \(added) training people from the registry", .object(["added": .int(Int64(added))]), invocation)
                }
            },
            kit.importCommand(.people, noun: "people"),
        ])
    }

    static func records(_ kit: CommandKit) -> Command {
        Command("records", summary: "training records: course, date, class hours, kind, exam", subcommands: [
            kit.list(summary: "list training records", TrainingOperations.listRecords,
                     columns: ["id", "person_name", "enterprise_name", "course", "held_on", "class_hours", "kind", "level", "exam"],
                     example: "anwei training records list --person 31 --year 2024"),
            kit.add("record a training", TrainingOperations.addRecord,
                    example: "anwei training records add --person 31 --enterprise 12 --course 年度再培训 --held-on 2024-03-05 --class-hours 16 --kind refresher --exam-score 86") { "recorded training \(Render.cell($0["id"])): \(Render.cell($0["person_name"])), \(Render.cell($0["class_hours"])) h" },
            kit.show("show one training record", TrainingOperations.record, example: "anwei training records show 5"),
            kit.action("exam", "record an exam score, or the one make-up after a fail", TrainingOperations.exam,
                       example: "anwei training records exam 5 --score 85") { "training \(Render.cell($0["id"])): exam \(Render.cell($0["exam"]))" },
            kit.importCommand(.trainings, noun: "records"),
        ])
    }

    static func certificates(_ kit: CommandKit) -> Command {
        Command("certificates", summary: "special-operation (and special-equipment) certificates and their reviews", subcommands: [
            kit.list(summary: "list certificates with their status today (or as they stood on --on DAY)", TrainingOperations.listCertificates,
                     columns: ["id", "person_name", "enterprise_name", "category", "item", "number", "valid_to", "status", "next_review_on"],
                     example: "anwei training certificates list --status reviewDue"),
            kit.add("record a certificate", TrainingOperations.addCertificate,
                    example: "anwei training certificates add --person 31 --enterprise 12 --category electrical --item 低压电工作业 --number T320115199001011234 --issued-on 2021-05-10") { "recorded certificate \(Render.cell($0["id"])): \(Render.cell($0["number"])), \(Render.cell($0["status"]))" },
            kit.show("show one certificate with its status today (or as it stood on --on DAY)", TrainingOperations.certificate, example: "anwei training certificates show 4 --on 2024-03-01"),
            kit.action("review", "record a review (复审): passed (default) or failed", TrainingOperations.review,
                       example: "anwei training certificates review 4 --on 2024-04-20 --result passed") { "certificate \(Render.cell($0["id"])): \(Render.cell($0["reason"]))" },
            kit.action("revoke", "revoke a certificate", TrainingOperations.revoke, example: "anwei training certificates revoke 4 --reason 违章作业被吊销") { "certificate \(Render.cell($0["id"])) is invalid" },
            Command("categories", summary: "the 11 special-operation categories", examples: ["anwei training certificates categories"]) { invocation in
                Render.list(TrainingService.categoriesJSON(), columns: ["code", "label"], invocation)
            },
            kit.importCommand(.certificates, noun: "certificates"),
        ])
    }

    static func bans(_ kit: CommandKit) -> Command {
        Command("bans", summary: "bans (禁业) on principal persons after accidents", subcommands: [
            kit.list(summary: "list bans", TrainingOperations.listBans,
                     columns: ["id", "person_name", "industry", "kind", "starts_on", "ends_on", "source"], example: "anwei training bans list"),
            kit.add("record a ban; conflicting appointments are flagged", TrainingOperations.addBan,
                    example: "anwei training bans add --person 31 --industry hazardousChemicals --accident-grade major --source '事故调查报告 2024-03'") { "recorded ban \(Render.cell($0["id"])) on \(Render.cell($0["person_name"])); conflicts: \($0["conflicts"]?.arrayValue?.count ?? 0)" },
            kit.show("show one ban and the appointments it conflicts with", TrainingOperations.ban, example: "anwei training bans show 1"),
        ])
    }

    static func appointments(_ kit: CommandKit) -> Command {
        Command("appointments", summary: "appointments of principal persons and safety managers (banned persons refused)", subcommands: [
            kit.list(summary: "list appointments", TrainingOperations.listAppointments,
                     columns: ["id", "enterprise_name", "person_name", "role", "appointed_on", "status", "flag_reason"],
                     example: "anwei training appointments list --status flagged"),
            kit.add("appoint a principal person or safety manager", TrainingOperations.appoint,
                    example: "anwei training appointments add --enterprise 12 --person 31 --role principalPerson") { "appointed \(Render.cell($0["person_name"])) \(Render.cell($0["role"])) of \(Render.cell($0["enterprise_name"])) (appointment \(Render.cell($0["id"])))" },
            kit.show("show one appointment", TrainingOperations.appointment, example: "anwei training appointments show 2"),
            kit.action("end", "end an appointment", TrainingOperations.endAppointment, example: "anwei training appointments end 2") { "appointment \(Render.cell($0["id"])) ended" },
        ])
    }

    static func compliance(_ kit: CommandKit) -> Command {
        Command("compliance", summary: "compliance with the class-hour rules, rolled up; every shortfall explained",
                discussion: "--by enterprise (default), territory, industry, person or shortfall. By enterprise, person and shortfall a page holds the rows of "
                    + "--limit enterprises (--after: the previous page's next); by territory and industry every group. --csv writes every row, UTF-8 with BOM for spreadsheets.",
                examples: ["anwei training compliance --by territory", "anwei training compliance --by shortfall --territory 东城镇 --csv > shortfalls.csv"],
                options: TrainingInputs.compliance.options + Paging.contract.options) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let paging = Paging(try Paging.contract.values(invocation, nil))
                let whole = invocation.format == .csv
                let after = try paging.afterID()
                let (by, page) = try core.read { db -> (RollUpBy, Page) in
                    let filters = try TrainingInputs.compliance.values(invocation, db)
                    return (filters.choice("by", RollUpBy.self) ?? .enterprise,
                            try kit.service.complianceItems(filters, actor: actor, today: core.today, after: whole ? nil : after,
                                                            limit: whole ? nil : paging.limit, db))
                }
                Render.page(page, columns: complianceColumns(by), invocation)
            }
        }
    }

    static func complianceColumns(_ by: RollUpBy) -> [String] {
        switch by {
        case .territory: return ["territory", "enterprises", "red_enterprises", "people", "compliant", "pending", "shortfall", "compliance_rate", "pending_rate"]
        case .industry: return ["industry_label", "enterprises", "red_enterprises", "people", "compliant", "pending", "shortfall", "compliance_rate", "pending_rate"]
        case .person: return ["person_name", "role", "enterprise_name", "required_hours", "attended_hours", "status", "shortfalls"]
        case .shortfall: return ["territory", "enterprise_name", "overdue", "message"]
        case .enterprise: return ["enterprise_id", "enterprise_name", "territory", "industry", "people", "compliant", "shortfall", "colour", "reasons"]
        }
    }

    static func enterprises(_ kit: CommandKit) -> Command {
        Command("enterprises", summary: "an enterprise's training view: colour, reasons, people", subcommands: [
            Command("show", summary: "an enterprise's training colour with reasons and each person's compliance",
                    examples: ["anwei training enterprises show 12 --year 2024"], options: TrainingInputs.enterpriseView.options,
                    arguments: [ArgumentSpec("id", help: "the enterprise id")]) { invocation in
                try kit.environment.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let year = try TrainingInputs.enterpriseView.values(invocation, nil).smallInt("year")
                    let view = try core.read { db in try kit.service.enterpriseView(id, year: year, actor: actor, today: core.today, db) }
                    if invocation.format == .table {
                        invocation.output.line("\(Render.cell(view["enterprise_name"])) (\(Render.cell(view["territory"])), \(Render.cell(view["industry_label"]))) \(Render.cell(view["year"])): \(Render.cell(view["colour"]))")
                        for reason in view["reasons"]?.arrayValue ?? [] { invocation.output.line("  - \(Render.cell(reason))") }
                        Render.list(view["people_compliance"]?.arrayValue ?? [], columns: ["person_name", "role", "required_hours", "attended_hours", "status", "shortfalls"], invocation)
                    } else {
                        Render.record(view, invocation)
                    }
                }
            },
        ])
    }

    static func sessions(_ kit: CommandKit) -> Command {
        Command("leader-sessions", summary: "leaders' study of the remarks on work safety (seed task (一)), per unit", subcommands: [
            kit.list(summary: "list leaders' study sessions", TrainingOperations.listSessions,
                     columns: ["id", "unit_name", "territory_name", "topic", "held_on", "class_hours", "attendees"],
                     example: "anwei training leader-sessions list --year 2024"),
            kit.add("record a study session of a unit or territory", TrainingOperations.addSession,
                    example: "anwei training leader-sessions add --unit 区应急管理局 --topic 学习习近平总书记关于安全生产的重要论述 --held-on 2024-03-12 --class-hours 2 --attendees 18") { "recorded study session \(Render.cell($0["id"])): \(Render.cell($0["topic"]))" },
            kit.show("show one study session", TrainingOperations.session, example: "anwei training leader-sessions show 3"),
        ])
    }

    static func rules(_ kit: CommandKit) -> Command {
        Command("rules", summary: "the training rules in force (hours, pass mark, certificate periods)", examples: ["anwei training rules"]) { invocation in
            Render.record(kit.service.rulesJSON(), invocation)
        }
    }
}
