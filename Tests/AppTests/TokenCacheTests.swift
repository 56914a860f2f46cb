import App
import Foundation
import Kernel
import TestSupport
import XCTest

/// What a bearer token stands for is kept per reader connection between requests; these tests
/// hold it to being exactly as fresh as reading the database on every request.
final class TokenCacheTests: XCTestCase {
    /// Enough requests for every pooled reader connection to have the token remembered.
    func warm(_ client: HTTPClient, _ path: String = "/api/v1/org/units/1") throws {
        for _ in 0..<12 { XCTAssertEqual(try client.get(path).status, 200) }
    }

    func makeToken(_ test: TestApplication, _ username: String, lifetime: Double = 3600) throws -> (token: String, id: Int64) {
        try test.core.write(.localAdministrator) { tx in
            let accounts = Accounts(core: test.core)
            let made = try accounts.createToken(for: try accounts.findUser(username, tx.db).requiredInt("id"), label: "cache test", lifetime: lifetime, tx)
            return (made.token, made.record["id"]!.intValue!)
        }
    }

    func testATokenRevokedThroughTheAPIIsRefusedOnTheNextRequest() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try makeToken(test, "admin").token)
        let (token, id) = try makeToken(test, "fgj")
        let client = server.client(token: token)
        try warm(client)
        XCTAssertEqual(try admin.send("DELETE", "/api/v1/tokens/\(id)").status / 100, 2)
        XCTAssertEqual(try client.get("/api/v1/org/units/1").status, 401)
        XCTAssertEqual(try admin.get("/api/v1/org/units/1").status, 200)

        // Signing out revokes the token used, on the next request too.
        let (other, _) = try makeToken(test, "fgj")
        let signedIn = server.client(token: other)
        try warm(signedIn)
        XCTAssertEqual(try signedIn.send("DELETE", "/api/v1/session").status / 100, 2)
        XCTAssertEqual(try signedIn.get("/api/v1/org/units/1").status, 401)
    }

    func testATokenRevokedByTheCLIInAnotherProcessIsRefusedOnTheNextRequest() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let (token, id) = try makeToken(test, "admin")
        let client = server.client(token: token)
        try warm(client)
        let revoked = try Binary.run(["tokens", "revoke", String(id), "--db", test.path])
        XCTAssertEqual(revoked.code, 0, revoked.err)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/7").status, 401)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises?limit=5").status, 401)
    }

    func testDisablingAUserStopsItsTokensAtOnceAndEnablingRestoresThem() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try makeToken(test, "admin").token)
        let client = server.client(token: try makeToken(test, "fgj").token)
        try warm(client)
        let user = try test.core.read { try Accounts(core: test.core).findUser("fgj", $0).requiredInt("id") }
        XCTAssertEqual(try admin.post("/api/v1/users/\(user)/actions/disable", .object([:])).status, 200)
        XCTAssertEqual(try client.get("/api/v1/org/units/1").status, 401)
        XCTAssertEqual(try admin.post("/api/v1/users/\(user)/actions/enable", .object([:])).status, 200)
        XCTAssertEqual(try client.get("/api/v1/org/units/1").status, 200)
    }

    func testARoleOrScopeChangedByAnotherConnectionAppliesToTheNextRequest() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let client = server.client(token: try makeToken(test, "admin").token)
        try warm(client, "/api/v1/users")
        // Another writer on the same file (as another process would be), outside the server's connections.
        let other = try Connection(path: test.path)
        try other.execute("UPDATE access_users SET role = 'enterprise', scope = 'enterprise:7' WHERE username = 'admin'")
        XCTAssertEqual(try client.get("/api/v1/users").status, 403)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/7").status, 200)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/8").status, 404)
        try other.execute("UPDATE access_users SET role = 'admin', scope = 'all' WHERE username = 'admin'")
        XCTAssertEqual(try client.get("/api/v1/users").status, 200)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/8").status, 200)
    }

    func testATokenExpiresByTheClockWhileRemembered() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let client = server.client(token: try makeToken(test, "admin", lifetime: 60).token)
        try warm(client)
        test.clock.advance(seconds: 59.999)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/7").status, 200)
        test.clock.advance(seconds: 0.001)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/7").status, 401, "expired at its expires_at, to the millisecond")
        test.clock.advance(seconds: 2)
        XCTAssertEqual(try client.get("/api/v1/org/enterprises/7").status, 401)
    }
}
