import App
import Foundation
import Kernel
import TestSupport
import XCTest

/// The HTTP API conventions, on the real server over TCP.
final class APITests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!
    nonisolated(unsafe) static var admin: String!

    override class func setUp() {
        test = try! TestApplication(demo: true)
        server = try! TestServer(test)
        admin = try! test.token(for: "admin")
    }

    override class func tearDown() {
        server.stop()
        server = nil
        test = nil
    }

    var client: HTTPClient { Self.server.client(token: Self.admin) }

    func testOperationsEndpoints() throws {
        let anonymous = Self.server.client()
        XCTAssertEqual(try anonymous.get("/healthz").json["status"], "ok")
        XCTAssertEqual(try anonymous.get("/readyz").status, 200)
        let metrics = try anonymous.get("/metrics")
        XCTAssertEqual(metrics.status, 200)
        for name in ["http_requests_total", "http_request_duration_seconds", "http_open_connections", "anwei_db_pool_waits_total", "anwei_event_delivery_backlog"] {
            XCTAssertTrue(metrics.text.contains(name), name)
        }
        let openapi = try anonymous.get("/api/v1/openapi.json")
        XCTAssertEqual(openapi.json["openapi"], "3.1.0")
        XCTAssertNotNil(openapi.json["paths"]?["/api/v1/org/enterprises/{id}"])
    }

    func testProblemsForUnknownRoutesMethodsAndCredentials() throws {
        let anonymous = Self.server.client()
        let noToken = try anonymous.get("/api/v1/org/units")
        XCTAssertEqual(noToken.status, 401)
        XCTAssertEqual(noToken.header("Content-Type"), "application/problem+json")
        XCTAssertNotNil(noToken.header("WWW-Authenticate"))
        XCTAssertEqual(try anonymous.with(token: "anw_not-a-real-token").get("/api/v1/org/units").status, 401)
        XCTAssertEqual(try client.get("/api/v1/nothing-here").status, 404)
        let wrongMethod = try client.send("DELETE", "/api/v1/org/units")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertTrue(wrongMethod.header("Allow")?.contains("GET") ?? false)
        XCTAssertEqual(try client.get("/api/v1/org/units/abc").status, 404, "a non-integer id matches no route")
        XCTAssertEqual(try client.get("/api/v1/org/units/999999").status, 404)
    }

    func testBadBodiesAreClearErrorsNotCrashes() throws {
        let notJSON = try client.send("POST", "/api/v1/org/territories", body: Array("name=x".utf8), headers: [("Content-Type", "text/plain")])
        XCTAssertEqual(notJSON.status, 415)
        let broken = try client.send("POST", "/api/v1/org/territories", body: Array("{\"name\":".utf8), headers: [("Content-Type", "application/json")])
        XCTAssertEqual(broken.status, 400)
        XCTAssertTrue(broken.json["detail"]?.stringValue?.contains("not valid JSON") ?? false)
        let array = try client.post("/api/v1/org/territories", .array([]))
        XCTAssertEqual(array.status, 400)
        let invalid = try client.post("/api/v1/org/territories", .object(["name": "某地", "kind": "village", "colour": "blue"]))
        XCTAssertEqual(invalid.status, 422)
        let fields = invalid.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        XCTAssertEqual(Set(fields), ["kind", "colour"])
        XCTAssertEqual(try client.get("/api/v1/org/units?limit=0").status, 400)
        XCTAssertEqual(try client.get("/api/v1/org/units?after=%%%").status, 400)
        let unknownFilter = try client.get("/api/v1/org/enterprises?colour=red")
        XCTAssertEqual(unknownFilter.status, 422, "an unknown query field, like an unknown body field")
        XCTAssertTrue(unknownFilter.json["detail"]?.stringValue?.contains("colour") ?? false)
    }

    func testCreateWithLocationETagIfMatchAndIdempotency() throws {
        let body: JSON = .object(["name": "测试镇", "kind": "town"])
        let key = UUID().uuidString
        let created = try client.post("/api/v1/org/territories", body, headers: [("Idempotency-Key", key)])
        XCTAssertEqual(created.status, 201, created.text)
        let location = try XCTUnwrap(created.header("Location"))
        XCTAssertTrue(location.hasPrefix("/api/v1/org/territories/"))
        let replay = try client.post("/api/v1/org/territories", body, headers: [("Idempotency-Key", key)])
        XCTAssertEqual(replay.status, 201)
        XCTAssertEqual(replay.header("Location"), location)
        XCTAssertEqual(replay.json["id"], created.json["id"], "a retried create returns the first result")
        XCTAssertEqual(try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_territories WHERE name = '测试镇'") }, 1)
        let otherBody = try client.post("/api/v1/org/territories", .object(["name": "别的镇", "kind": "town"]), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(otherBody.status, 422, "the same key for a different request is refused")

        let fetched = try client.get(location)
        XCTAssertEqual(fetched.header("ETag"), "\"1\"")
        let stale = try client.patch(location, .object(["principal_leader": "王伟"]), headers: [("If-Match", "\"7\"")])
        XCTAssertEqual(stale.status, 412)
        let updated = try client.patch(location, .object(["principal_leader": "王伟"]), headers: [("If-Match", "\"1\"")])
        XCTAssertEqual(updated.status, 200, updated.text)
        XCTAssertEqual(updated.header("ETag"), "\"2\"")
        let duplicate = try client.post("/api/v1/org/territories", body)
        XCTAssertEqual(duplicate.status, 409)
    }

    /// An answer that shows a secret once (a token, a sign-in, a webhook's secret, a tip-off's
    /// receipt key) is never kept for an Idempotency-Key: a retry is told it was done, and the
    /// database holds neither the secret nor a digest of the request (a sign-in's holds a password).
    func testAnIdempotencyKeyNeverKeepsASecretAnswer() throws {
        let secrets: [(path: String, body: JSON, secret: String, signedIn: Bool)] = [
            ("/api/v1/tokens", .object(["days": 1]), "token", true),
            ("/api/v1/session", .object(["username": "anweiban", "password": "anwei-demo-2024"]), "token", false),
            ("/api/v1/webhooks", .object(["url": "http://127.0.0.1:9/hook", "events": .array(["hazards.*"])]), "secret", true),
            ("/api/v1/tipoffs", .object(["text": "仓库门口堆放大量易燃纸箱，堵塞消防通道", "place": "东城镇人民路202号"]), "receipt_key", false),
        ]
        for (path, body, field, signedIn) in secrets {
            let caller = signedIn ? client : Self.server.client()
            let key = UUID().uuidString
            let first = try caller.post(path, body, headers: [("Idempotency-Key", key)])
            XCTAssertEqual(first.status, 201, "\(path): \(first.text)")
            let secret = try XCTUnwrap(first.json[field]?.stringValue, path)
            let again = try caller.post(path, body, headers: [("Idempotency-Key", key)])
            XCTAssertEqual(again.status, 409, "\(path): \(again.text)")
            XCTAssertFalse(again.text.contains(secret), "\(path): the secret is shown once")
            XCTAssertTrue(again.json["detail"]?.stringValue?.contains("其回答含只显示一次的密钥，不再重发") == true, again.text)
            XCTAssertEqual(again.header("Location"), first.header("Location"), path)
            let kept = try XCTUnwrap(Self.test.core.read { try $0.queryOne("SELECT request_digest, body FROM kernel_idempotency_keys WHERE key = ?", [key]) }, path)
            XCTAssertEqual(kept.blob("body") ?? [], [], "\(path): no answer kept")
            XCTAssertEqual(kept.string("request_digest"), "secret-answer-not-kept", "\(path): no digest of the request kept")
            // The same key for another request is still refused as such.
            let other = try caller.post("/api/v1/org/territories", .object(["name": "另一个镇", "kind": "town"]), headers: [("Idempotency-Key", key)])
            XCTAssertTrue([401, 403, 422].contains(other.status), "\(path): \(other.text)")
        }
        XCTAssertEqual(try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_webhooks WHERE url = 'http://127.0.0.1:9/hook'") }, 1, "one webhook made")
        XCTAssertEqual(try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM hazards_tipoffs WHERE text LIKE '仓库门口堆放大量易燃纸箱%'") }, 1, "one tip-off made")
    }

    /// The Link of a page repeats the request's query in order, percent-encoded, with `after`
    /// replaced by the page's cursor (not added a second time).
    func testLinkRepeatsTheQueryEncodedWithTheNewCursor() throws {
        let first = try client.get("/api/v1/org/enterprises?q=%E5%85%AC%E5%8F%B8&limit=1&industry=manufacturing")
        XCTAssertEqual(first.status, 200, first.text)
        let cursor = try XCTUnwrap(first.json["next"]?.stringValue)
        XCTAssertEqual(first.header("Link"), "</api/v1/org/enterprises?q=%E5%85%AC%E5%8F%B8&limit=1&industry=manufacturing&after=\(cursor)>; rel=\"next\"")
        let second = try client.get("/api/v1/org/enterprises?q=%E5%85%AC%E5%8F%B8&after=\(cursor)&limit=1&industry=manufacturing")
        XCTAssertEqual(second.status, 200, second.text)
        let next = try XCTUnwrap(second.json["next"]?.stringValue)
        XCTAssertNotEqual(next, cursor)
        XCTAssertEqual(second.header("Link"), "</api/v1/org/enterprises?q=%E5%85%AC%E5%8F%B8&limit=1&industry=manufacturing&after=\(next)>; rel=\"next\"")
    }

    func testKeysetPaginationWithLinkAndCSVExport() throws {
        var seen: [Int64] = []
        var path: String? = "/api/v1/org/enterprises?industry=manufacturing&limit=25"
        var pages = 0
        while let next = path {
            let page = try client.get(next)
            XCTAssertEqual(page.status, 200)
            seen += page.json["items"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
            pages += 1
            if let link = page.header("Link") {
                XCTAssertTrue(link.hasSuffix("rel=\"next\""))
                path = String(link.dropFirst().prefix { $0 != ">" })
                XCTAssertNotNil(page.json["next"]?.stringValue)
            } else {
                XCTAssertEqual(page.json["next"], .null)
                path = nil
            }
        }
        XCTAssertEqual(seen.count, 70, "the demo has 70 manufacturing enterprises")
        XCTAssertEqual(Set(seen).count, seen.count, "no item twice")
        XCTAssertEqual(seen, seen.sorted())
        XCTAssertEqual(pages, 3)
        let csv = try client.get("/api/v1/org/enterprises?industry=manufacturing", headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        XCTAssertTrue(csv.header("Content-Type")?.hasPrefix("text/csv") ?? false)
        XCTAssertEqual(Array(csv.body.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 with BOM")
        XCTAssertEqual(csv.text.split(separator: "\r\n").count, 71, "a header and every row, not one page")
    }

    func testEventFeedAndAudit() throws {
        _ = try client.patch("/api/v1/org/enterprises/2", .object(["address": "滨河路8号"]))
        var events: [JSON] = []
        var after: Int64 = 0
        while true {
            let feed = try client.get("/api/v1/events?after=\(after)&type=registry.*&limit=200")
            XCTAssertEqual(feed.status, 200)
            let page = feed.json["items"]?.arrayValue ?? []
            events += page
            guard let next = feed.json["next"]?.stringValue else { break }
            after = Int64(next) ?? 0
        }
        let ids = events.compactMap { $0["id"]?.intValue }
        XCTAssertEqual(ids, ids.sorted(), "the feed is ordered")
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(events.last?["payload"]?["enterprise_id"], .int(2), "the newest change is the one just made")
        XCTAssertEqual(events.last?["payload"]?["fields"], JSON(["address"]))
        XCTAssertEqual(try client.get("/api/v1/events?after=\(ids.last ?? 0)&type=registry.*").json["items"]?.arrayValue?.count, 0)
        let audit = try client.get("/api/v1/audit?entity=enterprise&entity_id=2")
        XCTAssertEqual(audit.json["items"]?.arrayValue?.first?["action"], "enterprise.update")
        XCTAssertEqual(try client.get("/api/v1/audit/verify").json["intact"], .bool(true))
    }

    func testSignInSignOutAndLocking() throws {
        let anonymous = Self.server.client()
        let signIn = try anonymous.post("/api/v1/session", .object(["username": "fgj", "password": .string(DemoData.password)]))
        XCTAssertEqual(signIn.status, 201, signIn.text)
        let token = try XCTUnwrap(signIn.json["token"]?.stringValue)
        XCTAssertTrue(token.hasPrefix("anw_") && token.count >= 46, "256 random bits")
        let stored = try Self.test.core.read { try $0.query("SELECT token_hash FROM access_tokens").compactMap { $0.string("token_hash") } }
        XCTAssertFalse(stored.contains(token), "tokens are stored only as SHA-256")
        XCTAssertTrue(stored.contains(Crypto.sha256Hex(token)))
        let me = anonymous.with(token: token)
        XCTAssertEqual(try me.get("/api/v1/org/units?limit=1").status, 200)
        XCTAssertEqual(try me.send("DELETE", "/api/v1/session").status, 204)
        XCTAssertEqual(try me.get("/api/v1/org/units?limit=1").status, 401, "a revoked token stops working")

        for attempt in 1...5 {
            let wrong = try anonymous.post("/api/v1/session", .object(["username": "xiling", "password": .string("wrong password \(attempt)")]))
            XCTAssertEqual(wrong.status, 401)
        }
        let locked = try anonymous.post("/api/v1/session", .object(["username": "xiling", "password": .string(DemoData.password)]))
        XCTAssertEqual(locked.status, 429, "locked after repeated failures, even with the right password")
        XCTAssertTrue(locked.json["detail"]?.stringValue?.contains("locked") ?? false)
        XCTAssertNotNil(locked.header("Retry-After"))
        XCTAssertEqual(try anonymous.post("/api/v1/session", .object(["username": "nobody", "password": "whatever it is"])).status, 401)
    }

    func testPasswordsAreHashedWithPBKDF2AndASaltPerUser() throws {
        let hashes = try Self.test.core.read { try $0.query("SELECT password_hash FROM access_users").compactMap { $0.string("password_hash") } }
        XCTAssertEqual(hashes.count, 8)
        XCTAssertTrue(hashes.allSatisfy { $0.hasPrefix("pbkdf2-sha256$600000$") })
        XCTAssertEqual(Set(hashes.map { $0.split(separator: "$")[2] }).count, 8, "every salt differs")
        XCTAssertFalse(hashes.contains { $0.contains(DemoData.password) })
    }

    func testTheOfficeSeesTheDistrictAndActsForItButDoesNotRunTheSystem() throws {
        let office = Self.server.client(token: try Self.test.token(for: "anweiban"))
        let hazards = try office.get("/api/v1/hazards?limit=200")
        XCTAssertEqual(hazards.status, 200)
        let everyHazard = try client.get("/api/v1/hazards?limit=200").json["items"]?.arrayValue?.count
        XCTAssertEqual(hazards.json["items"]?.arrayValue?.count, everyHazard, "the office reads the whole district, as the administrator does")
        XCTAssertEqual(try office.get("/api/v1/supervision/assessment/scheme?year=2024").status, 200)
        for path in ["/api/v1/users", "/api/v1/webhooks", "/api/v1/audit", "/api/v1/events"] {
            XCTAssertEqual(try office.get(path).status, 403, "\(path) is the system administrator's")
        }
        let made = try office.post("/api/v1/users", .object(["username": "x1", "role": "office", "scope": "all", "password": "long enough password 1"]))
        XCTAssertEqual(made.status, 403, made.text)
        let byAdmin = try client.post("/api/v1/users", .object(["username": "office2", "role": "office", "scope": "all", "password": "long enough password 1"]))
        XCTAssertEqual(byAdmin.status, 201, "the administrator adds office staff: \(byAdmin.text)")
        let wrongScope = try client.post("/api/v1/users", .object(["username": "office3", "role": "office", "scope": "unit:1", "password": "long enough password 1"]))
        XCTAssertEqual(wrongScope.status, 422, "office staff see the whole district: \(wrongScope.text)")
    }

    func testTheOverviewAnswersEveryRoleAListAndACSVWithItsHeader() throws {
        for user in ["admin", "anweiban", "fgj", "dongcheng", "inspector1", "qiye"] {
            let client = Self.server.client(token: try Self.test.token(for: user))
            let list = try client.get("/api/v1/overview")
            XCTAssertEqual(list.status, 200, "\(user): \(list.text)")
            XCTAssertNotNil(list.json["items"]?.arrayValue, user)
            let csv = try client.get("/api/v1/overview", headers: [("Accept", "text/csv")])
            XCTAssertEqual(csv.status, 200)
            XCTAssertTrue(csv.text.contains("module,kind,title,detail,since,age_days,link"), csv.text)
        }
        XCTAssertEqual(try Self.server.client().get("/api/v1/overview").status, 401)
        let cli = Self.test.cli(["overview", "--as", "anweiban", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertNotNil(try JSONParser.parse(cli.out).arrayValue)
    }
}
