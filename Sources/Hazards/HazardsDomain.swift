// 隐患: the major-accident-hazard register from report to closure, and public tip-offs.
import CLI
import Kernel

/// The Hazards module (domain.md §5).
public struct HazardsDomain: Domain {
    public init() {}
    public let name = "hazards"
    public let summary = "隐患治理: the hazard register, remediation, review and closure, public tip-offs"
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { [] }
    public func routes(_ core: Core) -> [APIRoute] { [] }
    public func command(_ environment: CommandEnvironment) -> Command {
        Command(name, summary: summary, discussion: "Hazards (隐患): general and major, from report through remediation plan, 挂牌督办, rectification, review and closure (销号); stock (存量) and new; public tip-offs (群众举报).")
    }
    public func scheduledChecks() -> [ScheduledCheck] { [] }
}
