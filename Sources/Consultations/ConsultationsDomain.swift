// 会商研判: quarterly risk consultation and the committee meetings, whose decisions become tasks.
import CLI
import Kernel

/// The Consultations module (domain.md §7).
public struct ConsultationsDomain: Domain {
    public init() {}
    public let name = "consultations"
    public let summary = "会商研判: risk consultation and committee meetings, decisions that become tasks"
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { [] }
    public func routes(_ core: Core) -> [APIRoute] { [] }
    public func command(_ environment: CommandEnvironment) -> Command {
        Command(name, summary: summary, discussion: "Meetings (会商研判, 第一议题, plenary, special groups): attendees, risks judged on the 红橙黄蓝 scale, decisions that become tracked tasks, quarterly compliance.")
    }
    public func scheduledChecks() -> [ScheduledCheck] { [] }
}
