// The composition root (architecture rule 10): the list of domains and the wiring of kernel,
// event bus, routes and commands — one function used by `main` and by the tests alike.
import Consultations
import Foundation
import Hazards
import Kernel
import Responsibilities
import Supervision
import Training

/// The five domains. A sixth is one new module and one line here.
public let allDomains: [any Domain] = [
    ResponsibilitiesDomain(),
    SupervisionDomain(),
    HazardsDomain(),
    TrainingDomain(),
    ConsultationsDomain(),
]

/// An open Anwei database with everything wired to it.
public final class Application: Sendable {
    public let core: Core
    public let domains: [any Domain]
    public let dispatcher: EventDispatcher
    public let records: RecordStore
    public let accounts: Accounts
    /// The domains' index upkeep (the server runs it in the background; `tick` runs it through).
    public let indexKeeper: IndexKeeper

    /// Every migration: the kernel's first, then each domain's, each in file-name order.
    public static var allMigrations: [Migration] {
        Migration.embedded(module: "kernel", kernelMigrations) + allDomains.flatMap(\.migrations)
    }

    /// Opens `path` (creating it when `create`), refuses foreign or newer databases, and applies pending migrations.
    public static func open(path: String, clock: any Clock = SystemClock(), settings: Settings = Settings(),
                            memory: DatabaseMemory = DatabaseMemory(),
                            create: Bool = true, migrate: Bool = true) throws -> Application {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw DomainError(.notFound, "找不到数据库 \(path)；可用 'anwei migrate --db \(path)' 或 'anwei demo --db \(path)' 创建 (no database at \(path))")
        }
        let database = try Database(path: path, memory: memory)
        let bus = EventBus([InspectorCoverage.subscription] + allDomains.flatMap(\.subscriptions))
        let core = Core(database: database, clock: clock, bus: bus, settings: settings, registryRules: allDomains.flatMap(\.registryRules))
        if migrate {
            try Upgrade.migrate(database, allMigrations, now: clock.now()) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        } else {
            try Migrator.checkCompatible(database, allMigrations)
        }
        return Application(core: core)
    }

    init(core: Core) {
        self.core = core
        self.domains = allDomains
        self.dispatcher = EventDispatcher(core: core)
        self.records = RecordStore(RegistrySchemas.all)
        self.accounts = Accounts(core: core)
        self.indexKeeper = IndexKeeper(core: core, upkeeps: allDomains.flatMap(\.indexUpkeep))
    }

    /// Every scheduled check of every domain.
    public var scheduledChecks: [ScheduledCheck] { domains.flatMap { $0.scheduledChecks() } }

    /// Runs every scheduled check once at the clock's now, then delivers the events they published.
    public func tick() throws -> [(check: String, published: Int)] {
        var results: [(String, Int)] = []
        for check in scheduledChecks { results.append((check.id, try check.run(core))) }
        // All of it, however long the gap since the last tick (it stopped at 10,000 deliveries).
        dispatcher.deliverAll()
        // Where no server keeps the indexes (cron runs tick), this does, a bounded share per tick (an
        // index that has never been merged since an upgrade may take several: the ten-year file's).
        indexKeeper.runOnce()
        return results
    }

    /// Stops background delivery and index upkeep, and checkpoints the WAL.
    public func close() {
        dispatcher.stop()
        indexKeeper.stop()
        core.database.checkpoint()
    }
}
