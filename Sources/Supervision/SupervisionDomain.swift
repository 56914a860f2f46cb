// 督导组与考核: five supervision groups, inspections and findings, the enforcement ladder, assessment.
import CLI
import Kernel

/// The Supervision module (domain.md §4).
public struct SupervisionDomain: Domain {
    public init() {}
    public let name = "supervision"
    public let summary = "督导检查与考核: supervision groups, inspections, findings, the enforcement ladder, assessment"
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { SupervisionEvents.subscriptions }
    public var overview: [OverviewSource] { [DrawService.redrawOverview] }
    public func routes(_ core: Core) -> [APIRoute] { SupervisionRoutes().all() }
    public func command(_ environment: CommandEnvironment) -> Command {
        Command(name, summary: summary, discussion: "Supervision groups (督导组), their coverage of territories each quarter, inspections (明查, 暗访, 四不两直), findings and rectification lists, instruments (催办 … 提级调查) and the yearly assessment (考核).",
                subcommands: SupervisionCommands(kit: CommandKit(env: environment)).all())
    }
    public func scheduledChecks() -> [ScheduledCheck] {
        [ScheduledCheck(id: CoverageService.checkID, summary: "a quarter ended with a covered territory unvisited: red, supervision.visit.missing") { core in
            try CoverageService(core: core).publishMissingVisits()
        }] + SupervisionEvents.laterChecks
    }
    public func loadDemo(_ core: Core) throws { try SupervisionDemo.load(core) }
}
