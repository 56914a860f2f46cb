// One CLI process opens its database once; commands share that Application.
import CLI
import Foundation
import Kernel

/// The applications opened by this process's commands, by database path.
final class Session: Sendable {
    private let open = Locked<[String: Application]>([:])
    let clock: any Clock

    init(clock: any Clock) { self.clock = clock }

    /// The Application for `--db`, which must already exist unless `create`.
    func application(_ invocation: Invocation, create: Bool = false) throws -> Application {
        let path = invocation.value("db") ?? "./anwei.db"
        if let existing = open.current[path] { return existing }
        var clock = self.clock
        if let text = invocation.value("today") {
            guard let today = CalendarDate(iso: text) else { throw CommandError.usage("选项 --today 须为日期 YYYY-MM-DD，收到 '\(text.prefix(40))' (--today expects YYYY-MM-DD)") }
            clock = OffsetClock(today: today, realNow: self.clock.now(), base: self.clock)
        }
        let app = try withDomainErrors { try Application.open(path: path, clock: clock, create: create) }
        open.withLock { $0[path] = app }
        return app
    }

    /// The actor for `--as` (a username), or the local administrator.
    func actor(_ invocation: Invocation, _ core: Core) throws -> Actor {
        guard let name = invocation.value("as") else { return .localAdministrator }
        return try withDomainErrors {
            let row = try core.read { db in try db.queryOne("SELECT * FROM access_users WHERE username = ?", [name]) }
            guard let row else { throw DomainError(.notFound, "--as 指定的用户 '\(name)' 不存在（见 anwei users list） (--as names no user '\(name)')") }
            guard !row.bool("disabled") else { throw DomainError(.forbidden, "用户 '\(name)' 已停用 (user '\(name)' is disabled)") }
            var actor = Accounts(core: core).actor(row)
            if case .group(let groupID) = actor.scope {
                actor.coveredTerritories = try core.read { try InspectorCoverage.territories(group: groupID, today: core.today, $0) }
            }
            return actor
        }
    }

    /// Refuses a system command (backup, restore, check, migrate) to one named by `--as` who is
    /// not the system administrator; without `--as` the shell's own administrator runs it. Read
    /// from the database at `path` without opening (or migrating) it as an application.
    func requireSystemAdministrator(_ invocation: Invocation, _ what: String, path: String? = nil) throws {
        guard let name = invocation.value("as") else { return }
        let path = path ?? invocation.value("db") ?? "./anwei.db"
        guard FileManager.default.fileExists(atPath: path) else { throw DomainError(.notFound, "--as 指定的用户 '\(name)' 不存在：找不到数据库 \(path) (--as names no user '\(name)': no database at \(path))") }
        let row = try Database(path: path, readerCount: 1).read { try $0.queryOne("SELECT role, disabled FROM access_users WHERE username = ?", [name]) }
        guard let row else { throw DomainError(.notFound, "--as 指定的用户 '\(name)' 不存在（见 anwei users list） (--as names no user '\(name)')") }
        guard !row.bool("disabled") else { throw DomainError(.forbidden, "用户 '\(name)' 已停用 (user '\(name)' is disabled)") }
        try Self.requireSystem(Actor(userID: nil, username: name, role: Role(rawValue: row.requiredString("role")) ?? .enterprise, scope: .all), what)
    }

    /// The system administrator's commands (users, others' tokens, webhooks, the event feed, the
    /// audit log, backups): refused to anyone else named by `--as`.
    static func requireSystem(_ actor: Actor, _ what: String) throws {
        guard actor.isAdmin else { throw DomainError.forbidden("only the system administrator (系统管理员) \(what); \(actor.username) (\(actor.role.rawValue)) may not") }
    }

    var environment: CommandEnvironment {
        CommandEnvironment(
            core: { [self] invocation in try application(invocation).core },
            actor: { [self] invocation, core in try actor(invocation, core) },
            deliverEvents: { [self] core in
                for app in open.current.values where app.core === core { app.dispatcher.deliverDue() }
            })
    }

    func closeAll() {
        for app in open.current.values { app.close() }
    }
}
