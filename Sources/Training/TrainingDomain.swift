// 培训: people, class hours, special-operation certificates, exams, bans.
import CLI
import Kernel

/// The Training module (domain.md §6).
public struct TrainingDomain: Domain {
    public init() {}
    public let name = "training"
    public let summary = "安全培训: class hours, special-operation certificates, exams, bans"
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { [] }
    public func routes(_ core: Core) -> [APIRoute] { [] }
    public func command(_ environment: CommandEnvironment) -> Command {
        Command(name, summary: summary, discussion: "Training (培训) of enterprise people in class hours (学时), special-operation certificates (特种作业操作证) and their reviews, exams, and bans on responsible persons (禁业).")
    }
    public func scheduledChecks() -> [ScheduledCheck] { [] }
}
