import App
import HTTP
import Foundation
import Kernel
import TestSupport
import XCTest

/// Every role against the kernel's endpoints: exactly what domain.md §1 allows; out of scope is 404.
/// The generated role × route matrix is below (an extension of this class: one server, one demo).
final class RoleMatrixTests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!
    nonisolated(unsafe) static var tokens: [String: String] = [:]

    override class func setUp() {
        test = try! TestApplication(demo: true)
        server = try! TestServer(test)
        for user in ["admin", "anweiban", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"] { tokens[user] = try! test.token(for: user) }
    }

    override class func tearDown() {
        server.stop()
        server = nil
        test = nil
    }

    func client(_ user: String) -> HTTPClient { Self.server.client(token: Self.tokens[user]) }

    func testWhoMayReadAndWriteWhat() throws {
        // (method, path, body) → expected status per user.
        let territory: JSON = .object(["name": "矩阵镇", "kind": "town"])
        let cases: [(String, String, JSON?, [String: Int])] = [
            ("GET", "/api/v1/org/units?limit=1", nil, ["admin": 200, "fgj": 200, "dongcheng": 200, "inspector1": 200, "qiye": 200]),
            ("GET", "/api/v1/org/territories?limit=1", nil, ["admin": 200, "fgj": 200, "dongcheng": 200, "inspector1": 200, "qiye": 200]),
            ("GET", "/api/v1/users", nil, ["admin": 200, "anweiban": 403, "fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403]),
            ("GET", "/api/v1/audit", nil, ["admin": 200, "anweiban": 403, "fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403]),
            ("GET", "/api/v1/events", nil, ["admin": 200, "anweiban": 403, "fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403]),
            ("POST", "/api/v1/org/territories", .object(["name": "矩阵办镇", "kind": "town"]), ["anweiban": 201]),
            ("POST", "/api/v1/org/territories", territory, ["fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403, "admin": 201]),
            ("POST", "/api/v1/users", .object(["username": "matrix", "role": "town", "scope": "territory:1", "password": "a good long passphrase"]),
             ["anweiban": 403, "fgj": 403, "qiye": 403, "admin": 201]),
        ]
        for (method, path, body, expected) in cases {
            for (user, status) in expected.sorted(by: { $0.key > $1.key }) {
                let reply = try client(user).send(method, path, json: body)
                XCTAssertEqual(reply.status, status, "\(user) \(method) \(path): \(reply.text)")
                if status == 403 { XCTAssertEqual(reply.header("Content-Type"), "application/problem+json") }
            }
        }
        // The refusal names the role in Chinese and the endpoint, with the route's summary as it is.
        let refused = try client("qiye").get("/api/v1/users")
        XCTAssertEqual(refused.json["detail"]?.stringValue?.hasPrefix("生产经营单位用户无权使用此接口 GET /api/v1/users (an enterprise user may not use this endpoint: "), true, refused.text)
    }

    func testEnterprisesAreScopedAndOutOfScopeIsNotFound() throws {
        let core = Self.test.core
        let dongcheng = try Self.test.id("territories", "东城镇")
        let inTown = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = ?", [dongcheng]) }
        let elsewhere = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id != ?", [dongcheng]) }
        let fgj = try Self.test.id("units", "区发改局"), yjj = try Self.test.id("units", "区应急管理局")
        let supervisedByYjj = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE supervising_unit_id = ?", [yjj]) }

        let townList = try client("dongcheng").get("/api/v1/org/enterprises?limit=200").json["items"]?.arrayValue ?? []
        XCTAssertEqual(Int64(townList.count), try core.read { try $0.scalarInt("SELECT count(*) FROM registry_enterprises WHERE territory_id = ?", [dongcheng]) })
        XCTAssertTrue(townList.allSatisfy { $0["territory_id"] == .int(dongcheng) })
        XCTAssertEqual(try client("dongcheng").get("/api/v1/org/enterprises/\(inTown)").status, 200)
        XCTAssertEqual(try client("dongcheng").get("/api/v1/org/enterprises/\(elsewhere)").status, 404, "another town's enterprise is not found")
        XCTAssertEqual(try client("xiling").get("/api/v1/org/enterprises/\(inTown)").status, 404)

        XCTAssertEqual(try client("yjj").get("/api/v1/org/enterprises/\(supervisedByYjj)").status, 200)
        let fgjList = try client("fgj").get("/api/v1/org/enterprises").json["items"]?.arrayValue ?? []
        XCTAssertTrue(fgjList.allSatisfy { $0["supervising_unit_id"] == .int(fgj) }, "a unit sees only the enterprises it supervises")
        XCTAssertEqual(try client("fgj").get("/api/v1/org/enterprises/\(supervisedByYjj)").status, 404)

        let qiyeList = try client("qiye").get("/api/v1/org/enterprises").json["items"]?.arrayValue ?? []
        XCTAssertEqual(qiyeList.count, 1, "an enterprise sees itself only")
        XCTAssertEqual(qiyeList.first?["id"], .int(inTown))
        // An inspector sees the enterprises of the territories its group covers this quarter (the clock is in 2024-Q1).
        let covered = try core.read { try $0.query("SELECT territory_id FROM access_group_coverage WHERE group_id = 1 AND quarter = '2024-Q1'").compactMap { $0.int("territory_id") } }
        XCTAssertFalse(covered.isEmpty, "the demo's first group covers territories in 2024-Q1")
        let inspectorList = try client("inspector1").get("/api/v1/org/enterprises?limit=200").json["items"]?.arrayValue ?? []
        let expected = try core.read { try $0.scalarInt("SELECT count(*) FROM registry_enterprises WHERE territory_id IN (\(covered.map(String.init).joined(separator: ",")))") }
        XCTAssertEqual(Int64(inspectorList.count), expected)
        XCTAssertTrue(inspectorList.allSatisfy { covered.contains($0["territory_id"]?.intValue ?? -1) })
        let uncovered = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id NOT IN (\(covered.map(String.init).joined(separator: ",")))") }
        XCTAssertEqual(try client("inspector1").get("/api/v1/org/enterprises/\(uncovered)").status, 404)
        XCTAssertEqual(try client("qiye").patch("/api/v1/org/enterprises/\(inTown)", .object(["address": "x"])).status, 403,
                       "an enterprise may not edit the registry")
        XCTAssertEqual(try client("dongcheng").patch("/api/v1/org/enterprises/\(elsewhere)", .object(["address": "x"])).status, 403)
    }

    func testPeopleAreScopedThroughTheirPosts() throws {
        let core = Self.test.core
        let qiyeEnterprise = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')") }
        let people = try client("qiye").get("/api/v1/org/people?limit=200").json["items"]?.arrayValue ?? []
        XCTAssertEqual(people.count, 2, "its principal person and safety manager")
        let ids = people.compactMap { $0["id"]?.intValue }
        let posts = try core.read { try $0.scalarInt("SELECT count(*) FROM registry_posts WHERE enterprise_id = ? AND person_id IN (\(ids.map(String.init).joined(separator: ",")))", [qiyeEnterprise]) }
        XCTAssertEqual(posts, 2)
    }
}

// The role × route matrix (issue 20), generated from the route list itself: every route, every
// role (admin, office, unit, town, inspector, enterprise, anonymous). A route that admits no
// role answers 403, no token 401; a route that admits a role never refuses it a read; a record
// in the role's scope answers 2xx, one outside it 404; a write to a record that does not exist
// never succeeds. A new route is in the matrix the moment it is registered, so none ships
// without its scope rule. One server, one demo, one token per role.
extension RoleMatrixTests {
    /// One demo user per role; nil is the public (no token).
    static let users: [(Role?, String)] = [(.admin, "admin"), (.office, "anweiban"), (.unit, "fgj"), (.town, "dongcheng"),
                                           (.inspector, "inspector1"), (.enterprise, "qiye"), (nil, "anonymous")]

    /// Writes the matrix does not send with a shared token: they would end it (each is tested
    /// where it belongs: sign-out in APITests, the password in AccessRightsTests).
    static let unsent: Set<String> = ["DELETE /api/v1/session"]

    /// Reads a role is admitted to but refused by the module, with the reason — kept here on
    /// purpose, so that a new one is a decision, not an accident.
    static let refusedReads: [String: String] = [:]

    static func client(_ role: Role?) -> HTTPClient {
        server.client(token: role.flatMap { role in users.first { $0.0 == role }.flatMap { tokens[$0.1] } })
    }

    struct Tally {
        var requests = 0
        var failures: [String] = []
        mutating func check(_ ok: Bool, _ what: @autoclosure () -> String) {
            requests += 1
            if !ok { failures.append(what()) }
        }
    }

    /// `/a/{id:int}/b/{x}` with every parameter given.
    static func fill(_ template: String, _ values: [Int64]) -> String {
        var values = values[...]
        return template.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            guard part.hasPrefix("{") else { return String(part) }
            if part.hasPrefix("{sha256") { return String(repeating: "0", count: 64) }
            return String(values.popFirst() ?? 1)
        }.joined(separator: "/")
    }

    static func admits(_ route: APIRoute, _ role: Role?) -> Bool {
        switch route.access {
        case .open: return true
        case .roles(let roles): return role.map(roles.contains) ?? false
        }
    }

    /// The ids `role` sees in the collection at `path` (every page), or nil when it is no list.
    static func ids(_ path: String, _ role: Role?) throws -> Set<Int64>? {
        var found: Set<Int64> = []
        var next: String? = path + (path.contains("?") ? "&" : "?") + "limit=200"
        var pages = 0
        while let url = next, pages < 20 {
            let reply = try client(role).get(url)
            guard reply.status == 200, let items = reply.json["items"]?.arrayValue else { return pages == 0 ? nil : found }
            found.formUnion(items.compactMap { $0["id"]?.intValue })
            next = reply.json["next"]?.stringValue.map { path + (path.contains("?") ? "&" : "?") + "limit=200&after=\($0)" }
            pages += 1
        }
        return found
    }

    func testEveryRouteForEveryRole() throws {
        let routes = APIServer.routes(Self.test.app, metrics: ServerMetrics())
        var tally = Tally()
        let started = Date()

        // What each role is answered for a record that does not exist: out of scope must look the same.
        var nothing: [String: Int] = [:]
        // 1. The gate: every route, every role, with ids that do not exist (nothing is changed).
        for route in routes where !Self.unsent.contains("\(route.method) \(route.path)") {
            let path = Self.fill(route.path, [999_999, 999_998])
            for (role, user) in Self.users {
                let reply = try Self.client(role).send(route.method, path, json: route.method == "GET" || route.method == "DELETE" ? nil : .object([:]))
                nothing["\(user) \(route.method) \(route.path)"] = reply.status
                let what = "\(user) \(route.method) \(route.path) → \(reply.status) \(reply.text.prefix(160))"
                if !Self.admits(route, role) {
                    tally.check(reply.status == (role == nil ? 401 : 403), what)
                    continue
                }
                tally.check(reply.status < 500, what)
                tally.check(reply.status != 401, what)
                if route.method != "GET" {
                    tally.check(!(200..<300).contains(reply.status) || route.path.contains("{") == false, "a write to nothing succeeded: " + what)
                }
            }
        }

        // 2. Scope: every read of one record (and what hangs under it) whose collection is a
        // list: the role's own records answer 2xx, the district's others 404.
        let lists = Dictionary(routes.filter { $0.method == "GET" && !$0.path.contains("{") }.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var district: [String: Set<Int64>] = [:]
        var seen: [String: Set<Int64>] = [:]
        var scoped = 0, inScopeReads = 0, outOfScope = 0, pastTheBody = 0
        for route in routes {
            guard let range = route.path.range(of: "/{id:int}") else { continue }
            let own = String(route.path[..<range.lowerBound])
            let collection = Self.listOf[own] ?? own
            guard let list = lists[collection] else {
                guard route.method == "GET" else { continue }
                tally.check(Self.recordWithoutList.contains(route.path), "\(route.path): a record read whose collection is no list; add the list or name it in recordWithoutList")
                continue
            }
            if district[collection] == nil { district[collection] = try Self.ids(collection, .admin) ?? [] }
            let all = district[collection] ?? []
            scoped += 1
            for (role, user) in Self.users where role != nil && Self.admits(route, role) && Self.admits(list, role) {
                let key = "\(user) \(collection)"
                if seen[key] == nil { seen[key] = try Self.ids(collection, role) ?? [] }
                let mine = seen[key] ?? []
                tally.check(mine.isSubset(of: all), "\(user) lists \(collection) records the administrator does not see: \(mine.subtracting(all).sorted().prefix(5))")
                let rest = route.path[range.upperBound...].contains("{")  // a second parameter (an attachment): only the first is scoped here
                if route.method != "GET" {
                    // A write to a record outside the scope: answered as one that does not exist
                    // (its state, a 409, would tell it does), with an empty body and with one the
                    // schema accepts; never a success.
                    if let outside = all.subtracting(mine).min(), !Self.unsent.contains("\(route.method) \(route.path)") {
                        let body = Self.exampleBody(route)
                        let missing = try Self.client(role).send(route.method, Self.fill(route.path, [999_999, 1]), json: body)
                        let given = try Self.client(role).send(route.method, Self.fill(route.path, [outside, 1]), json: body)
                        outOfScope += 1
                        if given.status == 404 { pastTheBody += 1 }
                        tally.check(given.status == missing.status && !(200..<300).contains(given.status),
                                    "\(user) \(route.method) \(route.path) out of scope (\(outside)) → \(given.status) \(given.text.prefix(160)); a record that does not exist → \(missing.status) \(missing.text.prefix(160))")
                        let reply = try Self.client(role).send(route.method, Self.fill(route.path, [outside, 1]), json: .object([:]))
                        let same = nothing["\(user) \(route.method) \(route.path)"]
                        tally.check([404, 422, 400].contains(reply.status) || reply.status == same, "\(user) \(route.method) \(route.path) out of scope (\(outside)) → \(reply.status) \(reply.text.prefix(160))")
                    }
                    continue
                }
                if let inScope = mine.min(), !rest {
                    inScopeReads += 1
                    let reply = try Self.client(role).get(Self.fill(route.path, [inScope]) + Self.query(route))
                    let refused = Self.refusedReads["\(user) GET \(route.path)"] != nil
                    tally.check((200..<300).contains(reply.status) || refused, "\(user) GET \(route.path) in scope (\(inScope)) → \(reply.status) \(reply.text.prefix(160))")
                }
                if let outside = all.subtracting(mine).min() {
                    outOfScope += 1
                    let reply = try Self.client(role).get(Self.fill(route.path, [outside, 1]) + Self.query(route))
                    tally.check(reply.status == 404, "\(user) GET \(route.path) out of scope (\(outside)) → \(reply.status) \(reply.text.prefix(160))")
                }
            }
        }
        // Lists as each role: admitted roles are answered (never refused by the module but as declared).
        for route in routes where route.method == "GET" && !route.path.contains("{") {
            guard case .roles = route.access else { continue }  // the open ones: the gate above
            for (role, user) in Self.users where role != nil && Self.admits(route, role) {
                let reply = try Self.client(role).get(route.path + Self.query(route))
                let refused = Self.refusedReads["\(user) GET \(route.path)"] != nil
                tally.check((200..<300).contains(reply.status) || (refused && reply.status == 403) || reply.status == 422,
                            "\(user) GET \(route.path) → \(reply.status) \(reply.text.prefix(160))")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("role × route matrix: \(routes.count) routes × \(Self.users.count) roles, \(scoped) record routes scoped (\(inScopeReads) reads in scope, \(outOfScope) out of scope, \(pastTheBody) writes out of scope answered 404 past the body), \(tally.requests) checks in \(String(format: "%.1f", seconds)) s, \(tally.failures.count) failed")
        XCTAssertGreaterThan(scoped, 20, "the scope half of the matrix found the record routes")
        XCTAssertEqual(tally.failures, [], tally.failures.prefix(40).joined(separator: "\n"))
    }

    /// Record reads with no list beside them, and why.
    static let recordWithoutList: Set<String> = []

    /// Records listed elsewhere: the training view of an enterprise is the registry's enterprise.
    static let listOf: [String: String] = ["/api/v1/training/enterprises": "/api/v1/org/enterprises"]

    /// A body the route's contract accepts as far as the schema can tell: each required field
    /// with its example or a plain value of its type. Sent to a record out of scope and to one
    /// that does not exist: the two answers must be the same (else the answer tells the record
    /// exists), and neither may succeed.
    static func exampleBody(_ route: APIRoute) -> JSON {
        func value(_ field: FieldSpec) -> JSON {
            if let example = field.example { return example }
            switch field.type {
            case .text, .multilineText: return "矩阵"
            case .integer(let range): return .int(max(range.lowerBound, min(range.upperBound, 1)))
            case .number(let range): return .double(max(range.lowerBound, min(range.upperBound, 1)))
            case .boolean: return .bool(true)
            case .date: return "2024-06-30"
            case .year: return .int(2024)
            case .quarter: return "2024-Q2"
            case .period: return "2024"
            case .choice(let codes): return .string(codes.first?.code ?? "")
            case .reference, .recordID: return .int(1)
            case .creditCode: return "91110000600037341L"
            case .identityNumber: return "11010519491231002X"
            case .textList: return .array(["矩阵"])
            case .list(let item, _): return .array([value(FieldSpec("item", type: item))])
            case .object(let fields): return .object(fields.filter(\.required).map { JSON.Member($0.name, value($0)) })
            case .anyJSON: return .object([])
            }
        }
        return .object((route.body?.fields ?? []).filter(\.required).map { JSON.Member($0.name, value($0)) })
    }

    /// Query parameters a read needs (the year of the assessment, …): none by default.
    static func query(_ route: APIRoute) -> String { "" }
}
