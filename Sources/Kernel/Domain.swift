// The plugin protocol every domain implements (architecture rule 5: registration is data).
import CLI
import HTTP

/// A domain module: its name, migrations, CLI commands, HTTP routes, subscriptions and checks.
public protocol Domain: Sendable {
    /// The module name, also its table prefix, CLI word and `/api/v1/<name>` path (lower case).
    var name: String { get }
    /// One line for `anwei --help`.
    var summary: String { get }
    var migrations: [Migration] { get }
    /// Event handlers; they run inside a write transaction given at delivery time.
    var subscriptions: [Subscription] { get }
    /// HTTP routes under `/api/v1/<name>/...`.
    func routes(_ core: Core) -> [APIRoute]
    /// The CLI subtree `anwei <name> ...`.
    func command(_ environment: CommandEnvironment) -> Command
    /// Checks the scheduler runs on every tick (deadlines, quarter ends, certificate windows).
    func scheduledChecks() -> [ScheduledCheck]
    /// Adds this module's share of the demo database (after the organisation exists). Deterministic.
    func loadDemo(_ core: Core) throws
    /// What this module has waiting for people (待办), on `GET /api/v1/overview` and `anwei overview`.
    var overview: [OverviewSource] { get }
    /// Rules this module sets on writes to the kernel's registry (e.g. Training's bans on principal persons).
    var registryRules: [RegistryRule] { get }
    /// Upkeep of this module's indexes that the server does between requests (`IndexKeeper`).
    var indexUpkeep: [IndexUpkeep] { get }
}

extension Domain {
    public func loadDemo(_ core: Core) throws {}
    public var overview: [OverviewSource] { [] }
    public var registryRules: [RegistryRule] { [] }
    public var indexUpkeep: [IndexUpkeep] { [] }
}

/// A scheduled check: it publishes each threshold's event once (see `WriteTransaction.fireOnce`).
public struct ScheduledCheck: Sendable {
    public var id: String
    public var summary: String
    /// Runs the check at the core's "now"; returns how many events it published.
    public var run: @Sendable (Core) throws -> Int

    public init(id: String, summary: String, run: @escaping @Sendable (Core) throws -> Int) {
        self.id = id
        self.summary = summary
        self.run = run
    }
}

/// What a CLI command needs from the composition root: the core for `--db`, the actor for `--as`.
public struct CommandEnvironment: Sendable {
    /// Opens (and migrates) the database named by the invocation's `--db`.
    public var core: @Sendable (Invocation) throws -> Core
    /// The acting user named by `--as` (the local administrator by default).
    public var actor: @Sendable (Invocation, Core) throws -> Actor
    /// Delivers pending events (after a command's writes, so handlers run before it exits).
    public var deliverEvents: @Sendable (Core) -> Void

    public init(core: @escaping @Sendable (Invocation) throws -> Core,
                actor: @escaping @Sendable (Invocation, Core) throws -> Actor,
                deliverEvents: @escaping @Sendable (Core) -> Void) {
        self.core = core
        self.actor = actor
        self.deliverEvents = deliverEvents
    }

    /// Runs a command's body with the core and the acting user, its domain errors as the CLI's
    /// exit codes, then delivers the events its writes published: the frame every leaf shares.
    public func run(_ invocation: Invocation, _ body: (Core, Actor) throws -> Void) throws {
        try withDomainErrors {
            let core = try core(invocation)
            try body(core, try actor(invocation, core))
            deliverEvents(core)
        }
    }
}
