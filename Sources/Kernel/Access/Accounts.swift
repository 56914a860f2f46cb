// Users, sign-in and API tokens. A token is 256 random bits shown once and stored only as its
// SHA-256; tokens expire and can be revoked. Repeated failed sign-ins slow down, then lock.
import Foundation

public struct Accounts: Sendable {
    public let core: Core
    public init(core: Core) { self.core = core }

    static let tokenPrefix = "anw_"

    /// Whether `token` begins with `tokenPrefix`, compared as bytes (what `hasPrefix` says for an
    /// ASCII prefix, up to a token no lookup can find anyway), on every authenticated request.
    static func hasTokenPrefix(_ token: String) -> Bool {
        token.utf8.withContiguousStorageIfAvailable { $0.starts(with: tokenPrefix.utf8) } ?? token.hasPrefix(tokenPrefix)
    }

    public func userJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "username": .string(row.requiredString("username")),
            "display_name": .string(row.requiredString("display_name")), "role": .string(row.requiredString("role")),
            "scope": .string(row.requiredString("scope")), "grants": (try? JSONParser.parse(row.requiredString("grants"))) ?? .array([]),
            "disabled": .bool(row.bool("disabled")), "locked_until": JSON(row.string("locked_until")),
            "version": .int(row.requiredInt("version")), "created_at": .string(row.requiredString("created_at")),
        ])
    }

    /// Checks that a scope names a real body and suits the role.
    func checkScope(role: Role, scope: Scope, _ db: Connection) throws {
        func exists(_ table: String, _ id: Int64) throws -> Bool { try db.queryOne("SELECT 1 FROM \(table) WHERE id = ?", [id]) != nil }
        let problem: String?
        switch (role, scope) {
        case (.admin, .all), (.office, .all): problem = nil
        case (.unit, .unit(let id)): problem = try exists("registry_units", id) ? nil : "单位 \(id) 不存在 (no unit with id \(id))"
        case (.town, .territory(let id)): problem = try exists("registry_territories", id) ? nil : "属地 \(id) 不存在 (no territory with id \(id))"
        case (.inspector, .group(let id)): problem = id > 0 ? nil : "督导组编号须为正整数 (a group id must be positive)"
        case (.enterprise, .enterprise(let id)): problem = try exists("registry_enterprises", id) ? nil : "企业 \(id) 不存在 (no enterprise with id \(id))"
        default:
            let needed = switch role {
            case .admin, .office: "all"
            case .unit: "unit:ID"
            case .town: "territory:ID"
            case .inspector: "group:ID"
            case .enterprise: "enterprise:ID"
            }
            problem = "\(role.chinese)用户的范围须为 \(needed) (\(role.englishUser) needs scope \(needed))"
        }
        if let problem { throw DomainError.validation([FieldError("scope", "scope", problem)]) }
    }

    /// Adds a user.
    public func addUser(username: String, displayName: String?, role: Role, scope: Scope, password: String?, grants: [String], _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("只有系统管理员可以管理用户 (only the system administrator manages users)") }
        var errors: [FieldError] = []
        let name = username.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 64 || name.contains(where: { $0 == " " || $0 == ":" }) {
            errors.append(FieldError("username", "format", "用户名须为 1 到 64 个字符，不含空格和“:” (username must be 1–64 characters without spaces or ':')"))
        } else if let hidden = name.unicodeScalars.first(where: { $0.properties.generalCategory == .format || $0.properties.isWhitespace }) {
            // A right-to-left override or a zero-width character would make one name look like another in lists and the audit log.
            errors.append(FieldError("username", "format", "用户名不能含不可见或改变书写方向的字符 \(hidden.codePointName) (username must not contain an invisible or direction-changing character)"))
        }
        if let password, let weakness = PasswordHash.weakness(password) { errors.append(FieldError("password", "weak", "password \(weakness)")) }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        try checkScope(role: role, scope: scope, tx.db)
        let hash = password.map { PasswordHash.make($0, iterations: core.settings.passwordIterations) }
        do {
            try tx.db.execute("""
                INSERT INTO access_users (username, display_name, role, scope, grants, password_hash, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, [name, displayName ?? name, role.rawValue, scope.text, JSON(Set(grants).sorted()).serialized, hash, tx.nowText, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError(.conflict, "用户名 \(name) 已存在 (a user called \(name) already exists)", fieldErrors: [FieldError("username", "duplicate", "用户名 \(name) 已被使用 (username \(name) is taken)")])
        }
        let id = tx.db.lastInsertRowID
        let user = try userJSON(tx.db.queryOne("SELECT * FROM access_users WHERE id = ?", [id])!)
        try tx.audit(action: "user.create", entity: "user", entityID: String(id), after: user,
                     summary: "added user \(name) (\(role.rawValue), \(scope.text))" + (grants.isEmpty ? "" : " with rights \(Set(grants).sorted().joined(separator: ", "))"))
        try Grants.change(user: id, username: name, from: [], to: Set(grants), tx)
        return user
    }

    /// Changes a user's display name, role, scope or rights (what is given; `grants` replaces the
    /// list). The role and scope must fit together; a right is given only by one who holds it.
    public func updateUser(_ nameOrID: String, displayName: String?, role: Role?, scope: Scope?, grants: [String]?, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("只有系统管理员可以管理用户 (only the system administrator manages users)") }
        let row = try findUser(nameOrID, tx.db)
        let id = row.requiredInt("id"), name = row.requiredString("username")
        let before = userJSON(row), current = actor(row)
        let newRole = role ?? current.role, newScope = scope ?? current.scope
        if current.role == .admin, newRole != .admin, !row.bool("disabled") { try requireAnotherAdministrator(besides: id, tx) }
        if role != nil || scope != nil { try checkScope(role: newRole, scope: newScope, tx.db) }
        let newGrants = grants.map { Set($0) } ?? current.grants
        try Grants.change(user: id, username: name, from: current.grants, to: newGrants, tx)
        if let displayName, displayName.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DomainError.validation([FieldError("display_name", "blank", "显示名不能为空白 (the display name may not be blank)")])
        }
        try tx.db.execute("""
            UPDATE access_users SET display_name = ?, role = ?, scope = ?, grants = ?, version = version + 1, updated_at = ? WHERE id = ?
            """, [displayName ?? row.requiredString("display_name"), newRole.rawValue, newScope.text, JSON(newGrants.sorted()).serialized, tx.nowText, id])
        let user = userJSON(try findUser(String(id), tx.db))
        try tx.audit(action: "user.update", entity: "user", entityID: String(id), before: before, after: user,
                     summary: "changed user \(name) (\(newRole.rawValue), \(newScope.text))")
        return user
    }

    public func findUser(_ nameOrID: String, _ db: Connection) throws -> Row {
        let row = try Int64(nameOrID).flatMap { try db.queryOne("SELECT * FROM access_users WHERE id = ?", [$0]) }
            ?? db.queryOne("SELECT * FROM access_users WHERE username = ?", [nameOrID])
        guard let row else { throw DomainError.notFound("用户", "user", nameOrID) }
        return row
    }

    public func listUsers(_ db: Connection) throws -> [JSON] {
        try db.query("SELECT * FROM access_users ORDER BY id").map(userJSON)
    }

    /// A page of users after the id `after`, and the cursor of the next page.
    public func listUsers(after: Int64?, limit: Int, _ db: Connection) throws -> Page {
        let rows = try db.query("SELECT * FROM access_users WHERE id > ? ORDER BY id LIMIT ?", [after ?? 0, Int64(limit) + 1])
        return Page(items: rows.prefix(limit).map(userJSON), next: rows.count > limit ? Cursor.encode(rows[limit - 1].requiredInt("id")) : nil)
    }

    /// Disables (or enables) a user; a disabled user's tokens stop working at once.
    public func setDisabled(_ nameOrID: String, _ disabled: Bool, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("只有系统管理员可以管理用户 (only the system administrator manages users)") }
        let row = try findUser(nameOrID, tx.db)
        let id = row.requiredInt("id")
        if disabled, row.string("role") == Role.admin.rawValue, !row.bool("disabled") { try requireAnotherAdministrator(besides: id, tx) }
        try tx.db.execute("UPDATE access_users SET disabled = ?, failed_sign_ins = 0, locked_until = NULL, version = version + 1, updated_at = ? WHERE id = ?", [disabled, tx.nowText, id])
        let user = userJSON(try findUser(String(id), tx.db))
        try tx.audit(action: disabled ? "user.disable" : "user.enable", entity: "user", entityID: String(id), before: userJSON(row), after: user)
        return user
    }

    /// Sets a user's password (an admin for anyone; a user for themself) and ends the user's
    /// other sessions and tokens: every token of the user is revoked but `keeping` (the token the
    /// user changed it with, over HTTP). Returns how many were ended.
    @discardableResult
    public func setPassword(_ nameOrID: String, _ password: String, keeping token: String? = nil, _ tx: WriteTransaction) throws -> Int {
        let row = try findUser(nameOrID, tx.db)
        let id = row.requiredInt("id")
        guard tx.actor.isAdmin || tx.actor.userID == id else { throw DomainError.forbidden("只能修改自己的密码 (you may change only your own password)") }
        if tx.actor.userID != id { try requireHoldsRights(of: row, tx.actor, "set the password of") }
        if let weakness = PasswordHash.weakness(password) { throw DomainError.validation([FieldError("password", "weak", "password \(weakness)")]) }
        let hash = PasswordHash.make(password, iterations: core.settings.passwordIterations)
        try tx.db.execute("UPDATE access_users SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL, version = version + 1, updated_at = ? WHERE id = ?", [hash, tx.nowText, id])
        let kept = token.map(Crypto.sha256Hex) ?? ""
        let ended = try tx.db.execute("UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash != ?", [tx.nowText, id, kept])
        try tx.audit(action: "user.password", entity: "user", entityID: String(id),
                     summary: "password changed; \(ended) other session(s) and token(s) ended")
        return ended
    }

    /// Refuses to let `actor` act as another user (a token for them, their password) when that
    /// user holds a right the actor does not: that would hand the right out sideways.
    public func requireHoldsRights(of user: Row, _ actor: Actor, _ what: String) throws {
        let theirs = self.actor(user).grants
        if let withheld = theirs.sorted().first(where: { !actor.has(grant: $0) }) {
            throw DomainError.forbidden("用户 \(user.requiredString("username")) 持有权限 \(withheld)，你没有：不能\(what == "set the password of" ? "设置其密码" : "为其创建令牌") (you may not \(what) a user holding \(withheld), which you do not hold)")
        }
    }

    /// The last enabled system administrator stays one, so that no one signed in locks the
    /// system out of its users; the shell's own administrator (who can always undo it) may.
    func requireAnotherAdministrator(besides id: Int64, _ tx: WriteTransaction) throws {
        guard tx.actor.userID != nil else { return }
        let others = try tx.db.scalarInt("SELECT count(*) FROM access_users WHERE role = 'admin' AND disabled = 0 AND id != ?", [id])
        if others == 0 { throw DomainError(.conflict, "这是最后一个系统管理员 (this is the last enabled system administrator; add another first)") }
    }

    /// Creates a token for a user; the token text is returned once and never stored.
    public func createToken(for userID: Int64, label: String, lifetime: Double?, _ tx: WriteTransaction) throws -> (token: String, record: JSON) {
        let token = Accounts.tokenPrefix + Crypto.base64URL(Crypto.randomBytes(32))
        let expires = Instant.utc(tx.now.addingTimeInterval(lifetime ?? core.settings.tokenLifetime))
        try tx.db.execute("INSERT INTO access_tokens (user_id, token_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                          [userID, Crypto.sha256Hex(token), label, tx.nowText, expires])
        let id = tx.db.lastInsertRowID
        let record = try tokenJSON(tx.db.queryOne("SELECT t.*, u.username FROM access_tokens t JOIN access_users u ON u.id = t.user_id WHERE t.id = ?", [id])!)
        try tx.audit(action: "token.create", entity: "token", entityID: String(id), after: record, summary: "token '\(label)' for user \(userID)")
        return (token, record)
    }

    public func tokenJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "user_id": .int(row.requiredInt("user_id")), "username": JSON(row.string("username")),
            "label": .string(row.requiredString("label")), "created_at": .string(row.requiredString("created_at")),
            "expires_at": .string(row.requiredString("expires_at")), "revoked_at": JSON(row.string("revoked_at")),
            "last_used_at": JSON(row.string("last_used_at")),
        ])
    }

    public func listTokens(userID: Int64?, _ db: Connection) throws -> [JSON] {
        try listTokens(userID: userID, after: nil, limit: Int.max - 1, db).items
    }

    /// A page of tokens (of one user, or all) after the id `after`.
    public func listTokens(userID: Int64?, after: Int64?, limit: Int, _ db: Connection) throws -> Page {
        var sql = "SELECT t.*, u.username FROM access_tokens t JOIN access_users u ON u.id = t.user_id WHERE t.id > ?"
        var args: [any DatabaseValueConvertible] = [after ?? 0]
        if let userID { sql += " AND t.user_id = ?"; args.append(userID) }
        let rows = try db.query(sql + " ORDER BY t.id LIMIT ?", args + [Int64(min(limit, Int(Int32.max))) + 1])
        return Page(items: rows.prefix(limit).map(tokenJSON), next: rows.count > limit ? Cursor.encode(rows[limit - 1].requiredInt("id")) : nil)
    }

    /// Revokes a token by id (admin, or the token's owner).
    public func revokeToken(id: Int64, _ tx: WriteTransaction) throws -> JSON {
        guard let row = try tx.db.queryOne("SELECT t.*, u.username FROM access_tokens t JOIN access_users u ON u.id = t.user_id WHERE t.id = ?", [id]),
              tx.actor.isAdmin || tx.actor.userID == row.int("user_id") else { throw DomainError.notFound("令牌", "token", String(id)) }
        try tx.db.execute("UPDATE access_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", [tx.nowText, id])
        let after = tokenJSON(try tx.db.queryOne("SELECT t.*, u.username FROM access_tokens t JOIN access_users u ON u.id = t.user_id WHERE t.id = ?", [id])!)
        try tx.audit(action: "token.revoke", entity: "token", entityID: String(id), before: tokenJSON(row), after: after)
        return after
    }

    /// Revokes the token presented (sign-out).
    public func revoke(token: String, _ tx: WriteTransaction) throws {
        guard let row = try tx.db.queryOne("SELECT id FROM access_tokens WHERE token_hash = ?", [Crypto.sha256Hex(token)]) else { return }
        _ = try revokeToken(id: row.requiredInt("id"), tx)
    }

    /// The actor for a row of access_users.
    public func actor(_ row: Row) -> Actor {
        let grants = ((try? JSONParser.parse(row.requiredString("grants")))?.arrayValue ?? []).compactMap(\.stringValue)
        return Actor(userID: row.requiredInt("id"), username: row.requiredString("username"),
                     role: Role(rawValue: row.requiredString("role")) ?? .enterprise,
                     scope: Scope(text: row.requiredString("scope")) ?? .enterprise(-1), grants: Set(grants))
    }

    /// The actor a bearer token stands for, or nil when it is unknown, expired, revoked or its user disabled.
    ///
    /// What a token stands for is read once per reader connection and reused until the database
    /// changes (`Connection.memoized`): any commit, by this server or by the CLI in another process
    /// (a revoked token, a disabled user, a new role, scope or coverage), makes the next request read
    /// it again. Expiry is checked against the clock on every request. The memo is found by the
    /// token itself, so a request whose token is remembered skips hashing it.
    public func authenticate(token: String) throws -> Actor? {
        guard token.utf8.count < 200, Accounts.hasTokenPrefix(token) else { return nil }
        let now = core.clock.now()
        return try core.read { db in
            let holder = try db.memoized(Accounts.tokenHolders, token) { () throws -> TokenHolder in
                let hash = Crypto.sha256Hex(token)
                guard let row = try db.queryOne("""
                    SELECT u.*, t.expires_at AS token_expires_at FROM access_tokens t JOIN access_users u ON u.id = t.user_id
                    WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0
                    """, [hash]) else { return .none }
                return .actor(actor(row), expires: Expiry(row.requiredString("token_expires_at")))
            }
            guard case .actor(var actor, let expires) = holder, expires.isAfter(now) else { return nil }
            if case .group(let groupID) = actor.scope {
                let today = CalendarDate(now)
                let key = CoverageKey(group: groupID, quarter: InspectorCoverage.quarter(of: today))
                actor.coveredTerritories = try db.memoized(Accounts.coverage, key) {
                    try InspectorCoverage.territories(group: groupID, today: today, db)
                }
            }
            return actor
        }
    }

    /// Who each token stands for, by the token.
    static let tokenHolders = MemoTable<String, TokenHolder>()
    /// The territories an inspection group covers in a quarter.
    static let coverage = MemoTable<CoverageKey, Set<Int64>>()

    struct CoverageKey: Hashable {
        let group: Int64
        let quarter: String
    }

    /// Who a token stands for and until when (the clock decides whether it still does).
    enum TokenHolder {
        case none
        case actor(Actor, expires: Expiry)
    }

    /// A stored `expires_at`, compared with the clock as SQL compared the texts (`expires_at > now`)
    /// without formatting the clock's time on every request: a text in the stored form (what
    /// `Instant.utc` writes, to the millisecond) is compared as milliseconds.
    struct Expiry {
        let text: String
        let millis: Int64?

        init(_ text: String) {
            self.text = text
            if let date = Instant.parse(text), Instant.utc(date) == text {
                millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
            } else {
                millis = nil
            }
        }

        func isAfter(_ now: Date) -> Bool {
            guard let millis else { return text > Instant.utc(now) }
            return millis > Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        }
    }

    /// Signs in with a password; returns a new token. Failures count; enough of them lock the account.
    ///
    /// An unknown name (or a disabled account, or one without a password) is answered exactly as a
    /// known one: one PBKDF2 on every path, the same failures before the same lock, the same status
    /// and message, so that neither the answer nor its time tells which usernames exist. The
    /// failures of names that are no account are counted in this process (`SignInFailures`).
    public func signIn(username: String, password: String, label: String) throws -> (token: String, user: JSON) {
        let settings = core.settings
        let outcome: Result<(String, JSON), DomainError> = try core.write(.system("sign-in")) { tx in
            let found = try tx.db.queryOne("SELECT * FROM access_users WHERE username = ?", [username])
            let account = found.flatMap { row in !row.bool("disabled") && row.string("password_hash") != nil ? row : nil }
            // One PBKDF2 whatever the name: the stored hash, or a dummy of the same cost.
            let matches = PasswordHash.verify(password, against: account?.string("password_hash") ?? PasswordHash.dummy(iterations: settings.passwordIterations))
            guard let account else {
                let key = SignInFailures.Key(database: ObjectIdentifier(core.database), username: username)
                switch SignInFailures.shared.fail(key, now: tx.now, limit: settings.signInFailuresBeforeLock, lockSeconds: settings.signInLockSeconds) {
                case .locked(let until): return .failure(Self.locked(until: until, now: tx.now))
                case .failed(let lockedNow): return .failure(Self.wrongPassword(lockedNow: lockedNow, settings))
                }
            }
            let id = account.requiredInt("id")
            if let text = account.string("locked_until"), text > tx.nowText {
                return .failure(Self.locked(until: Instant.parse(text) ?? tx.now, now: tx.now))
            }
            guard matches else {
                let failures = account.requiredInt("failed_sign_ins") + 1
                let lock = failures >= Int64(settings.signInFailuresBeforeLock) ? Instant.utc(tx.now.addingTimeInterval(settings.signInLockSeconds)) : nil
                try tx.db.execute("UPDATE access_users SET failed_sign_ins = ?, locked_until = ? WHERE id = ?", [failures, lock, id])
                try tx.audit(action: "user.sign_in_failed", entity: "user", entityID: String(id), summary: "failed sign-in \(failures)" + (lock != nil ? ", locked" : ""))
                return .failure(Self.wrongPassword(lockedNow: lock != nil, settings))
            }
            try tx.db.execute("UPDATE access_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?", [id])
            let (token, _) = try createToken(for: id, label: label, lifetime: nil, tx)
            return .success((token, userJSON(account)))
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error):
            // Failed attempts slow down the caller (and a guessing script with it).
            Thread.sleep(forTimeInterval: 0.3)
            throw error
        }
    }

    /// The answer to a wrong password (or an unknown name): the same words for both.
    static func wrongPassword(lockedNow: Bool, _ settings: Settings) -> DomainError {
        DomainError(.unauthorized, lockedNow
            ? "用户名或密码错误；账号已锁定 \(Int(settings.signInLockSeconds / 60)) 分钟 (wrong username or password; the account is now locked for \(Int(settings.signInLockSeconds / 60)) minutes)"
            : "用户名或密码错误 (wrong username or password)")
    }

    /// The answer while a name is locked (a known account or not).
    static func locked(until: Date, now: Date) -> DomainError {
        DomainError(.tooManyRequests, "多次登录失败，账号已锁定至 \(Instant.shanghai(until))；请联系区安委办解锁或稍后再试 (this account is locked after repeated failed sign-ins until \(Instant.shanghai(until)); ask the committee office to unlock it or wait)",
                    headers: [("Retry-After", String(Int(max(1, until.timeIntervalSince(now)))))])
    }
}
