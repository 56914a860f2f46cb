// 责任清单: the annual work plan, the task ledger and the responsibility lists.
import CLI
import Kernel

/// The Responsibilities module (domain.md §3).
public struct ResponsibilitiesDomain: Domain {
    public init() {}
    public let name = "responsibilities"
    public let summary = "责任清单: the annual work plan, the task ledger, duty lists"
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { [TaskFromEvents.fromDecision, TaskFromEvents.fromFinding] }
    public func routes(_ core: Core) -> [APIRoute] { ResponsibilitiesRoutes.routes(core) }
    public func command(_ environment: CommandEnvironment) -> Command {
        Command(name, summary: summary,
                discussion: "The annual work plan (工作要点) imported from its text, the task ledger (台账) with 签收, progress and 办结, three-colour status (红黄绿灯), and the responsibility lists.",
                examples: ["anwei responsibilities tasks list --colour red", "anwei responsibilities plan import plan.txt --year 2024 --dry-run"],
                subcommands: [PlanCommands.group(environment), LedgerCommands.tasksGroup(environment), LedgerCommands.ledgerGroup(environment)] + ListCommands.groups(environment))
    }
    public func scheduledChecks() -> [ScheduledCheck] { [DeadlineReminders.check] }
    public var overview: [OverviewSource] { [DesignationService.overview, ListService.businessFormOverview, LineOverview.source] }
    public func loadDemo(_ core: Core) throws { try ResponsibilitiesDemo.load(core) }
}
