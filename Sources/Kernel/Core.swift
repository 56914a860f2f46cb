// The kernel's shared services, handed to every domain: the database, the clock, the event bus.
import Foundation

/// What every domain shares. Made once by the composition root (App).
public final class Core: Sendable {
    public let database: Database
    public let clock: any Clock
    public let bus: EventBus
    public let settings: Settings
    /// The domains' rules on registry writes (`RegistryRule`), run by every write transaction.
    public let registryRules: [RegistryRule]

    public init(database: Database, clock: any Clock, bus: EventBus, settings: Settings = Settings(), registryRules: [RegistryRule] = []) {
        self.database = database
        self.clock = clock
        self.bus = bus
        self.settings = settings
        self.registryRules = registryRules
    }

    /// Runs `body` in one write transaction as `actor`: it must append an audit record for any change,
    /// and the events it publishes are committed with it. (Writes that arrive together share one
    /// commit, each in a savepoint of its own: `UnauditedWrite` or any error rolls back this
    /// write's changes alone; see `Database.write`.)
    ///
    /// `rerunnable`: `body` only reads and writes the database through `tx` and keeps nothing
    /// outside it, so it may be run a second time (see `Database.write(rerunnable:)`).
    public func write<T>(_ actor: Actor, rerunnable: Bool = false, _ body: (WriteTransaction) throws -> T) throws -> T {
        try database.write(rerunnable: rerunnable) { db in
            let tx = WriteTransaction(db: db, actor: actor, now: clock.now(), bus: bus, registryRules: registryRules)
            let result = try body(tx)
            if tx.changedRows && !tx.audited { throw UnauditedWrite() }
            return result
        }
    }

    /// Runs `body` on a consistent read snapshot.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try database.read(body)
    }

    public var today: CalendarDate { CalendarDate(clock.now()) }
}

/// Configuration with the defaults of domain.md; every number is a setting, never a constant in code.
public struct Settings: Sendable {
    public var colourRules = ColourRules()
    /// PBKDF2-HMAC-SHA256 iterations for passwords (≥ 600,000).
    public var passwordIterations = 600_000
    /// How long an API token lives (seconds).
    public var tokenLifetime: Double = 30 * 24 * 3600
    /// Failed sign-ins before a lock, and how long the lock lasts (seconds).
    public var signInFailuresBeforeLock = 5
    public var signInLockSeconds: Double = 15 * 60
    public init() {}
}
