// Issue 20, items 14–16 and 19: the system administrator's part and the office's, rights that
// cannot be handed out sideways, passwords that end old sessions, a sign-in lock that does not
// tell which names exist, and an access log that names who was refused. HTTP and the CLI.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class AccessRightsTests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!

    override class func setUp() {
        test = try! TestApplication(demo: true)
        server = try! TestServer(test)
    }

    override class func tearDown() {
        server.stop()
        server = nil
        test = nil
    }

    func client(_ user: String) throws -> HTTPClient { Self.server.client(token: try Self.test.token(for: user)) }

    func audit(_ action: String) throws -> [Row] {
        try Self.test.core.read { try $0.query("SELECT * FROM kernel_audit WHERE action = ? ORDER BY id", [action]) }
    }

    // MARK: - 15. Rights are given only by their holders

    func testARightIsGivenOnlyByItsHolderAndEveryGrantIsAuditedNamingIt() throws {
        let admin = try client("admin")  // the demo's administrator holds tipoffs.contact.read
        // A second administrator without the right.
        XCTAssertEqual(Self.test.cli(["users", "add", "--username", "admin2", "--role", "admin", "--scope", "all", "--password", "another long passphrase"]).code, 0)
        let admin2 = try client("admin2")
        let dongcheng = try Self.test.id("territories", "东城镇")
        let spy: JSON = .object(["username": "spy", "role": "town", "scope": .string("territory:\(dongcheng)"), "password": "a good long passphrase",
                                 "grants": .array(["tipoffs.contact.read"])])
        let refused = try admin2.post("/api/v1/users", spy)
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertTrue(refused.text.contains("tipoffs.contact.read"), refused.text)
        XCTAssertNil(try Self.test.core.read { try $0.queryOne("SELECT id FROM access_users WHERE username = 'spy'") }, "nothing written")
        let cli = Self.test.cli(["users", "add", "--username", "spy", "--role", "town", "--scope", "territory:\(dongcheng)", "--grants", "tipoffs.contact.read", "--as", "admin2"])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("tipoffs.contact.read"), cli.err)

        // Sideways through an update: a user without the right, then the right added.
        let plain = try admin2.post("/api/v1/users", .object(["username": "spy", "role": "town", "scope": .string("territory:\(dongcheng)"), "password": "a good long passphrase"]))
        XCTAssertEqual(plain.status, 201, plain.text)
        let spyID = try XCTUnwrap(plain.json["id"]?.intValue)
        XCTAssertEqual(try admin2.patch("/api/v1/users/\(spyID)", .object(["grants": .array(["tipoffs.contact.read"])])).status, 403)
        XCTAssertNotEqual(Self.test.cli(["users", "update", "spy", "--grants", "tipoffs.contact.read", "--as", "admin2"]).code, 0)
        XCTAssertEqual(try Self.test.core.read { try $0.queryOne("SELECT grants FROM access_users WHERE id = ?", [spyID])?.string("grants") }, "[]")
        XCTAssertEqual(try admin2.patch("/api/v1/users/\(spyID)", .object(["grants": .array(["reporter_contact"])])).status, 422, "only rights that exist")
        XCTAssertEqual(try client("anweiban").patch("/api/v1/users/\(spyID)", .object(["display_name": "x"])).status, 403, "users are the system administrator's")

        // The holder gives it: audited naming the right; taken away by any administrator, audited too.
        let given = try admin.patch("/api/v1/users/\(spyID)", .object(["grants": .array(["tipoffs.contact.read"])]))
        XCTAssertEqual(given.status, 200, given.text)
        XCTAssertEqual(given.json["grants"], .array(["tipoffs.contact.read"]))
        let grant = try XCTUnwrap(try audit("user.grant").last)
        XCTAssertEqual(grant.string("actor"), "admin")
        XCTAssertTrue(grant.string("summary")?.contains("tipoffs.contact.read") ?? false)
        XCTAssertTrue(grant.string("summary")?.contains("spy") ?? false)
        let taken = Self.test.cli(["users", "update", "spy", "--grants", "", "--as", "admin2", "--json"])
        XCTAssertEqual(taken.code, 0, taken.err)
        XCTAssertTrue(try audit("user.revoke_grant").last?.string("summary")?.contains("tipoffs.contact.read") ?? false)
        // The local administrator (the server's own shell) holds every right.
        XCTAssertEqual(Self.test.cli(["users", "update", "spy", "--grants", "tipoffs.contact.read"]).code, 0)
        XCTAssertEqual(try audit("user.grant").last?.string("actor"), "local-admin")
        XCTAssertEqual(Grants.tipOffContact, "tipoffs.contact.read", "the Hazards module reads the contact with this right")
    }

    func testChangingAUserIsCheckedAndTakesEffectOnTheirTokensAtOnce() throws {
        let admin = try client("admin")
        XCTAssertEqual(Self.test.cli(["users", "add", "--username", "mover", "--role", "unit", "--scope", "unit:1", "--password", "a good long passphrase"]).code, 0)
        let mover = try client("mover")
        let id = try Self.test.core.read { try $0.scalarInt("SELECT id FROM access_users WHERE username = 'mover'") }
        XCTAssertEqual(try mover.get("/api/v1/responsibilities/unit-lists").status, 200)
        for (body, field) in [(JSON.object(["scope": "unit:abc"]), "scope"), (.object(["role": "office"]), "scope"), (.object(["role": "town", "scope": "territory:999999"]), "scope"),
                              (.object(["role": "root"]), "role"), (.object(["grants": .array(["*"])]), "grants[0]")] {
            let reply = try admin.patch("/api/v1/users/\(id)", body)
            XCTAssertEqual(reply.status, 422, "\(body): \(reply.text)")
            XCTAssertEqual(reply.json["errors"]?.arrayValue?.first?["field"]?.stringValue, field, reply.text)
        }
        XCTAssertEqual(try admin.patch("/api/v1/users/999999", .object(["display_name": "x"])).status, 404)
        XCTAssertEqual(try mover.patch("/api/v1/users/\(id)", .object(["role": "office", "scope": "all"])).status, 403, "no one raises themself")
        let moved = try admin.patch("/api/v1/users/\(id)", .object(["role": "town", "scope": "territory:1", "display_name": "调任"]))
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["role"], "town")
        XCTAssertEqual(moved.json["display_name"], "调任")
        XCTAssertEqual(try mover.get("/api/v1/responsibilities/unit-lists").status, 403, "the new role holds for the token already given")
        let cli = Self.test.cli(["users", "update", "mover", "--scope", "nowhere"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertEqual(Self.test.cli(["users", "update", "nobody-at-all", "--display-name", "x"]).code, 3)
        XCTAssertEqual(try audit("user.update").last?.string("actor"), "admin")
    }

    func testAUsernameCannotHideOrReverseItsCharacters() throws {
        let admin = try client("admin")
        // "x<RLO>nimda" shows as "xadmin" reversed in a list or the audit log; a zero-width space makes a twin of a name.
        for (name, code) in [("x\u{202E}nimda", "U+202E"), ("dong\u{200B}cheng", "U+200B"), ("a\u{3000}b", "U+3000")] {
            let reply = try admin.post("/api/v1/users", .object(["username": .string(name), "role": "unit", "scope": "unit:1", "password": "a good long passphrase"]))
            XCTAssertEqual(reply.status, 422, reply.text)
            XCTAssertEqual(reply.json["errors"]?.arrayValue?.first?["field"]?.stringValue, "username", reply.text)
            // U+202E is refused by every text field already (a control character); the others by the username's own rule.
            let message = reply.json["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
            XCTAssertTrue(message.contains(code) && (message.contains("用户名不能含不可见或改变书写方向的字符") || message.contains("含有控制字符")), reply.text)
            let cli = Self.test.cli(["users", "add", "--username", name, "--role", "unit", "--scope", "unit:1", "--password", "a good long passphrase"])
            XCTAssertEqual(cli.code, 5, cli.err)
        }
        XCTAssertEqual(try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM access_users WHERE username IN (?, ?, ?)", ["x\u{202E}nimda", "dong\u{200B}cheng", "a\u{3000}b"]) }, 0)
        XCTAssertEqual(try admin.post("/api/v1/users", .object(["username": "安监员小王", "role": "unit", "scope": "unit:1", "password": "a good long passphrase"])).status, 201,
                       "a Chinese name is a name")
    }

    func testNoOneActsAsAHolderOfARightTheyDoNotHold() throws {
        if try Self.test.core.read({ try $0.queryOne("SELECT id FROM access_users WHERE username = 'admin3'") }) == nil {
            XCTAssertEqual(Self.test.cli(["users", "add", "--username", "admin3", "--role", "admin", "--scope", "all", "--password", "another long passphrase"]).code, 0)
        }
        let admin3 = try client("admin3")
        let holder = try Self.test.core.read { try $0.scalarInt("SELECT id FROM access_users WHERE username = 'admin'") }
        let fgj = try Self.test.core.read { try $0.scalarInt("SELECT id FROM access_users WHERE username = 'fgj'") }
        let token = try admin3.post("/api/v1/tokens", .object(["user_id": .int(holder), "label": "borrowed"]))
        XCTAssertEqual(token.status, 403, "a token for the holder would read the contact: \(token.text)")
        XCTAssertEqual(try admin3.post("/api/v1/users/\(holder)/actions/passwd", .object(["password": "taken over by another"])).status, 403)
        let cli = Self.test.cli(["tokens", "create", "--user", "admin", "--as", "admin3"])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("tipoffs.contact.read"), cli.err)
        XCTAssertEqual(try admin3.post("/api/v1/tokens", .object(["user_id": .int(fgj)])).status, 201, "a user without rights: as before")
    }

    func testTheLastSystemAdministratorStaysOne() throws {
        let test = try TestApplication()
        XCTAssertEqual(test.cli(["users", "add", "--username", "a1", "--role", "admin", "--scope", "all"]).code, 0)
        // Signed in, the last administrator cannot lock the system out of its users.
        XCTAssertEqual(test.cli(["users", "disable", "a1", "--as", "a1"]).code, 4)
        XCTAssertEqual(test.cli(["users", "update", "a1", "--role", "office", "--scope", "all", "--as", "a1"]).code, 4)
        XCTAssertEqual(test.cli(["users", "add", "--username", "a2", "--role", "admin", "--scope", "all"]).code, 0)
        XCTAssertEqual(test.cli(["users", "update", "a1", "--role", "office", "--scope", "all", "--as", "a2"]).code, 0)
        XCTAssertEqual(test.cli(["users", "disable", "a2", "--as", "a2"]).code, 4)
        // The shell's own administrator may (and can always enable one again).
        XCTAssertEqual(test.cli(["users", "disable", "a2"]).code, 0)
        XCTAssertEqual(test.cli(["users", "enable", "a2"]).code, 0)
    }

    func testEveryReadOfAReportersContactIsAudited() throws {
        let tipOff = try Self.test.core.read { try $0.scalarInt("SELECT min(id) FROM hazards_tipoffs WHERE contact IS NOT NULL") }
        let before = try audit("hazards.tipoff.contact_read").count
        let shown = try client("admin").get("/api/v1/tipoffs/\(tipOff)")
        XCTAssertEqual(shown.status, 200, shown.text)
        XCTAssertNotNil(shown.json["contact"]?.stringValue)
        var records = try audit("hazards.tipoff.contact_read")
        XCTAssertEqual(records.count, before + 1)
        XCTAssertEqual(records.last?.string("actor"), "admin")
        XCTAssertEqual(records.last?.string("entity_id"), String(tipOff))
        let contact = shown.json["contact"]?.stringValue ?? "-"
        XCTAssertFalse(try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE summary LIKE ?", ["%\(contact)%"]) } > 0,
                       "the audit names the read, never the contact")
        // The office without the right: no contact, nothing to audit.
        let office = try client("anweiban").get("/api/v1/tipoffs/\(tipOff)")
        XCTAssertEqual(office.status, 200)
        XCTAssertNil(office.json["contact"])
        XCTAssertEqual(try audit("hazards.tipoff.contact_read").count, before + 1)
        // The CLI reads are audited the same way.
        let cli = Self.test.cli(["hazards", "tipoffs", "show", String(tipOff), "--as", "admin", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.contains(contact))
        records = try audit("hazards.tipoff.contact_read")
        XCTAssertEqual(records.count, before + 2)
    }

    // MARK: - 16. Passwords and the sign-in lock

    func testChangingAPasswordEndsTheOtherSessionsAndTokens() throws {
        let anonymous = Self.server.client()
        func signIn(_ password: String) throws -> HTTPClient {
            let reply = try anonymous.post("/api/v1/session", .object(["username": "yjj", "password": .string(password)]))
            XCTAssertEqual(reply.status, 201, reply.text)
            return anonymous.with(token: reply.json["token"]?.stringValue)
        }
        let laptop = try signIn(DemoData.password), phone = try signIn(DemoData.password)
        let integration = try client("yjj")
        let me = try Self.test.core.read { try $0.scalarInt("SELECT id FROM access_users WHERE username = 'yjj'") }
        XCTAssertEqual(try laptop.post("/api/v1/users/\(me)/actions/passwd", .object(["password": "a brand new passphrase"])).status, 204)
        XCTAssertEqual(try laptop.get("/api/v1/org/units?limit=1").status, 200, "the session that changed it goes on")
        XCTAssertEqual(try phone.get("/api/v1/org/units?limit=1").status, 401, "another session ends")
        XCTAssertEqual(try integration.get("/api/v1/org/units?limit=1").status, 401, "and every other token")
        XCTAssertTrue(try audit("user.password").last?.string("summary")?.contains("2 other") ?? false)

        // The administrator resets it: every token of the user ends, the administrator's own stay.
        let admin = try client("admin")
        XCTAssertEqual(try admin.post("/api/v1/users/\(me)/actions/passwd", .object(["password": "reset by the administrator"])).status, 204)
        XCTAssertEqual(try laptop.get("/api/v1/org/units?limit=1").status, 401)
        XCTAssertEqual(try admin.get("/api/v1/org/units?limit=1").status, 200)
        // From the CLI too.
        let again = try signIn("reset by the administrator")
        let cli = try Binary.run(["users", "passwd", "yjj", "--db", Self.test.path], stdin: "changed at the shell")
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.contains("1 session"), cli.out)
        XCTAssertEqual(try again.get("/api/v1/org/units?limit=1").status, 401)
        // A user changes only their own.
        XCTAssertEqual(try client("fgj").post("/api/v1/users/\(me)/actions/passwd", .object(["password": "not mine to change"])).status, 403)
    }

    func testTheSignInLockAnswersAnUnknownNameAsAKnownOne() throws {
        let anonymous = Self.server.client()
        func attempt(_ name: String) throws -> HTTPReply {
            try anonymous.post("/api/v1/session", .object(["username": .string(name), "password": "a wrong password"]))
        }
        for name in ["dongcheng", "no-such-user"] {
            var replies: [HTTPReply] = []
            for _ in 1...6 { replies.append(try attempt(name)) }
            XCTAssertEqual(replies.map(\.status), [401, 401, 401, 401, 401, 429], name)
            XCTAssertEqual(replies[0].json["detail"], "用户名或密码错误 (wrong username or password)", name)
            XCTAssertEqual(replies[4].json["detail"], "用户名或密码错误；账号已锁定 15 分钟 (wrong username or password; the account is now locked for 15 minutes)", name)
            XCTAssertTrue(replies[5].json["detail"]?.stringValue?.hasPrefix("多次登录失败，账号已锁定至 ") ?? false, name)
            XCTAssertNotNil(replies[5].header("Retry-After"), name)
        }
        // A disabled account is answered as any other name.
        XCTAssertEqual(Self.test.cli(["users", "add", "--username", "gone", "--role", "office", "--scope", "all", "--password", "a good long passphrase"]).code, 0)
        XCTAssertEqual(Self.test.cli(["users", "disable", "gone"]).code, 0)
        let disabled = try attempt("gone")
        XCTAssertEqual(disabled.status, 401)
        XCTAssertEqual(disabled.json["detail"], "用户名或密码错误 (wrong username or password)")
    }

    func testTheDummyHashCostsWhatARealOneCosts() {
        let dummy = PasswordHash.dummy(iterations: 600_000).split(separator: "$")
        let real = PasswordHash.make("a real passphrase", iterations: 600_000).split(separator: "$")
        XCTAssertEqual(dummy.count, 4)
        XCTAssertEqual(dummy[1], real[1], "the same iterations")
        XCTAssertEqual(dummy[2].count, real[2].count, "a salt of the same length")
        XCTAssertEqual(dummy[3].count, real[3].count, "a hash of the same length")
        XCTAssertFalse(PasswordHash.verify("", against: PasswordHash.dummy(iterations: 1000)))
    }

    // MARK: - 14. The system administrator's part

    func testTheSystemCommandsAreTheAdministratorsFromTheCLIAsWell() throws {
        let backup = Self.test.folder.file("copy.db")
        let system: [[String]] = [
            ["users", "list"], ["tokens", "list", "--user", "admin"], ["audit", "list"], ["audit", "verify"], ["events", "list"], ["events", "deliveries"],
            ["webhooks", "list"], ["backup", "--to", backup], ["check"], ["migrate", "--status"], ["restore", backup, "--check"],
            ["users", "add", "--username", "x9", "--role", "town", "--scope", "territory:1"], ["tokens", "create", "--user", "fgj"],
        ]
        for user in ["anweiban", "fgj", "dongcheng", "inspector1", "qiye"] {
            for command in system {
                let run = Self.test.cli(command + ["--as", user])
                XCTAssertNotEqual(run.code, 0, "\(user): \(command.joined(separator: " ")) \(run.out)")
                XCTAssertTrue(run.err.contains("system administrator"), "\(user) \(command): \(run.err)")
            }
        }
        for command in system.prefix(10) {
            let run = Self.test.cli(command + ["--as", "admin"])
            XCTAssertEqual(run.code, 0, "admin: \(command.joined(separator: " ")) \(run.err)")
        }
        // Anyone lists their own tokens, never another's.
        let own = Self.test.cli(["tokens", "list", "--as", "fgj", "--json"])
        XCTAssertEqual(own.code, 0, own.err)
        XCTAssertFalse(own.out.contains("\"admin\""), own.out)
        // The office acts for the office: the registry, the ledger's verify and return.
        let territory = Self.test.cli(["org", "territories", "add", "--name", "办公室新镇", "--kind", "town", "--as", "anweiban"])
        XCTAssertEqual(territory.code, 0, territory.err)
        let route = try client("anweiban").post("/api/v1/responsibilities/ledger/999999/actions/verify", .object([:]))
        XCTAssertEqual(route.status, 404, "the office verifies ledger lines (this one does not exist): \(route.text)")
    }

    // MARK: - 19. The access log names who was refused

    func testTheAccessLogNamesTheUserOnA403() throws {
        let reply = try client("fgj").get("/api/v1/users")
        XCTAssertEqual(reply.status, 403)
        let id = try XCTUnwrap(reply.header("X-Request-Id"))
        let line = try XCTUnwrap(Self.server.log.current.first { $0.contains("id=\(id)") })
        XCTAssertTrue(line.contains("status=403"), line)
        XCTAssertTrue(line.hasSuffix("user=fgj"), line)
        let anonymous = try Self.server.client(token: "anw_not_a_token").get("/api/v1/users")
        XCTAssertEqual(anonymous.status, 401)
        let unknown = try XCTUnwrap(Self.server.log.current.first { $0.contains("id=\(anonymous.header("X-Request-Id") ?? "?")") })
        XCTAssertTrue(unknown.hasSuffix("user=-"), unknown)
    }
}
