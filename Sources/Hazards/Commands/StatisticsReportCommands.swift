// `anwei hazards reports list PERIOD`: the enterprises' filed statistics reports with their figures
// and who has not filed (--filed false), within scope, as the route reads them (CSV: every row).
import CLI
import Kernel

enum StatisticsReportCommands {
    static func list(_ env: CommandEnvironment, _ service: HazardService) -> Command {
        let reports = StatisticsReportList(settings: service.settings)
        let options = Contract(StatisticsReportList.input.fields.filter { $0.name != "period" })
        return Command("list", summary: "the enterprises' reports of a period with their figures; --filed false: who has not filed (--csv: every row)",
                       examples: ["anwei hazards reports list 2024-Q1", "anwei hazards reports list 2024-Q1 --filed false --territory 东城镇 --csv"],
                       options: options.options + Paging.contract.options, arguments: [ArgumentSpec("period", help: "YYYY-Qn or YYYY")]) { invocation in
            try env.run(invocation) { core, actor in
                let period = try service.reportPeriod(try HazardInput.period.values(text: [("period", invocation.argument("period") ?? "")], nil))
                let paging = try Paging.read(invocation)
                let csv = invocation.format == .csv
                let page = try core.read { db in
                    let filters = StatisticsReportList.filters(try options.values(invocation, db))
                    return try reports.list(period: period, filters: filters, actor: actor, after: csv ? nil : try paging.afterID(), limit: csv ? nil : paging.limit, db)
                }
                Render.page(page, columns: csv ? StatisticsReportList.columns : ["enterprise_id", "enterprise_name", "territory_name", "filed", "filed_at", "on_time", "found", "closed", "open", "major_open"], invocation)
            }
        }
    }
}
