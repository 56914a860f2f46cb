// 培训: people, class hours, special-operation certificates, exams, bans.
import CLI
import Kernel

/// The Training module (domain.md §6).
public struct TrainingDomain: Domain {
    public let service: TrainingService

    public init(rules: TrainingRules = TrainingRules()) { service = TrainingService(rules: rules) }

    public let name = "training"
    public let summary = "安全培训: class hours, special-operation certificates, exams, bans"
    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { [] }
    public func routes(_ core: Core) -> [APIRoute] { TrainingRoutes(service: service).routes() }
    public func command(_ environment: CommandEnvironment) -> Command {
        TrainingCommands.command(environment, service: service, name: name, summary: summary)
    }
    public func scheduledChecks() -> [ScheduledCheck] { TrainingChecks.all(service) }
    public func loadDemo(_ core: Core) throws { try TrainingDemo(service: service).load(core) }
    public var registryRules: [RegistryRule] { service.registryRules }
    public var overview: [OverviewSource] { [CertificatesOverview(service: service).source] }
}
