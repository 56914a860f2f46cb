// 隐患: the major-accident-hazard register from report to closure, and public tip-offs.
import CLI
import Foundation
import Kernel

/// The Hazards module (domain.md §5).
public struct HazardsDomain: Domain {
    public let settings: HazardsSettings
    public init(settings: HazardsSettings = HazardsSettings()) { self.settings = settings }
    public let name = "hazards"
    public let summary = "隐患治理: the hazard register, remediation, review and closure, public tip-offs"
    var service: HazardService { HazardService(settings: settings) }
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { HazardsEvents.subscriptions(service) }
    public func routes(_ core: Core) -> [APIRoute] {
        HazardsRoutes.routes(service)
            + TipOffRoutes.routes(TipOffService(settings: settings), limits: TipOffLimits(settings, environment: ProcessInfo.processInfo.environment))
            + StatisticsReportRoutes.routes(service)
    }
    public func command(_ environment: CommandEnvironment) -> Command { HazardsCommands.command(environment, service) }
    public func scheduledChecks() -> [ScheduledCheck] { HazardsChecks.all(settings) }
    public var overview: [OverviewSource] { HazardsOverview.sources(settings) }
    public func loadDemo(_ core: Core) throws { try HazardsDemo.load(core, service: service) }
    /// The descriptions' trigram index merges its segments here, not in the creates' commits (011).
    public var indexUpkeep: [IndexUpkeep] { [.fullTextMerge(id: "hazards.fulltext-merge", table: "hazards_fts")] }
}
