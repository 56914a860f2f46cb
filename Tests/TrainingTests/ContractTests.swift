// The one declared contract, over HTTP and the CLI alike: unknown fields, wrong types and control
// characters are refused naming the field; names resolve through aliases, an ambiguous one is
// refused with its candidates; the paging rule; PATCH clears and refuses as declared.
import Kernel
import TestSupport
import XCTest

final class ContractTests: TrainingTestCase {
    override class var today: CalendarDate { CalendarDate(year: 2024, month: 6, day: 15)! }

    /// A training record's body for the safety manager of an education enterprise, with `extra` on top.
    func recordBody(_ extra: [String: JSON] = [:]) throws -> JSON {
        let e = try test.enterprise(industry: "education")
        var members: [String: JSON] = ["person_id": .int(e.manager), "enterprise_id": .int(e.id), "course": "年度再培训", "held_on": "2024-05-01",
                                       "class_hours": 4, "kind": "refresher"]
        for (key, value) in extra { members[key] = value }
        return .object(members.sorted { $0.key < $1.key }.map { JSON.Member($0.key, $0.value) })
    }

    func recordArguments(_ extra: [String] = []) throws -> [String] {
        let e = try test.enterprise(industry: "education")
        return ["training", "records", "add", "--person", String(e.manager), "--enterprise", String(e.id), "--course", "年度再培训",
                "--held-on", "2024-05-01", "--class-hours", "4", "--kind", "refresher"] + extra
    }

    func errors(_ reply: HTTPReply) -> [(field: String, code: String)] {
        (reply.json["errors"]?.arrayValue ?? []).map { ($0["field"]?.string ?? "", $0["code"]?.string ?? "") }
    }

    /// A 422 whose errors name `field` with `code`.
    func assertRefused(_ reply: HTTPReply, _ field: String, _ code: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(reply.status, 422, reply.text, file: file, line: line)
        XCTAssertTrue(errors(reply).contains { $0.field == field && $0.code == code }, reply.text, file: file, line: line)
    }

    func testUnknownFieldWrongTypeAndControlCharacterAreRefusedNamingTheField() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let before = try test.scalar("SELECT count(*) FROM training_records")

        let unknown = try admin.post("/api/v1/training/records", try recordBody(["colour": "red"]))
        assertRefused(unknown, "colour", "unknown_field")
        let unknownOption = test.cli(try recordArguments(["--colour", "red"]))
        XCTAssertEqual(unknownOption.code, 2)
        XCTAssertTrue(unknownOption.err.contains("--colour"), unknownOption.err)

        let wrongType = try admin.post("/api/v1/training/records", try recordBody(["class_hours": "many"]))
        assertRefused(wrongType, "class_hours", "type")
        let wrongOption = test.cli(try recordArguments() + ["--class-hours", "many"])
        XCTAssertEqual(wrongOption.code, 5)
        XCTAssertTrue(wrongOption.err.contains("class_hours"), wrongOption.err)

        let escape = try admin.post("/api/v1/training/records", try recordBody(["course": "课程\u{1B}[31m红"]))
        assertRefused(escape, "course", "control_character")
        let escapeOption = test.cli(try recordArguments() + ["--course", "课程\u{1B}[31m红"])
        XCTAssertEqual(escapeOption.code, 5)
        XCTAssertTrue(escapeOption.err.contains("course") && escapeOption.err.contains("U+001B"), escapeOption.err)

        // An action that takes no fields refuses any.
        let appointment = try test.scalar("SELECT min(id) FROM training_appointments")
        let end = try admin.post("/api/v1/training/appointments/\(appointment)/actions/end", .object(["reason": "x"]))
        assertRefused(end, "reason", "unknown_field")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), before, "nothing written")
    }

    func testAliasesResolveAndAnAmbiguousNameListsItsCandidates() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let unit = try test.scalar("SELECT id FROM registry_units WHERE name = '区住房城乡建设局'")

        let session = try admin.post("/api/v1/training/leader-sessions", .object([
            "unit_id": "区住建局", "topic": "学习安全生产十五条措施", "held_on": "2024-05-20", "class_hours": 2, "attendees": 12,
        ]))
        XCTAssertEqual(session.status, 201, session.text)
        XCTAssertEqual(session.json["unit_id"]?.int, unit)
        let location = session.header("Location") ?? ""
        XCTAssertEqual(try admin.get(location).json["topic"]?.string, "学习安全生产十五条措施", "its Location answers")
        let listed = try admin.get("/api/v1/training/leader-sessions?unit_id=%E5%8C%BA%E4%BD%8F%E5%BB%BA%E5%B1%80&limit=200").json["items"]?.arrayValue ?? []
        XCTAssertFalse(listed.isEmpty)
        XCTAssertTrue(listed.allSatisfy { $0["unit_id"]?.int == unit })
        let cli = test.json(["training", "leader-sessions", "add", "--unit", "区住建局", "--topic", "学习重大事故隐患判定标准",
                             "--held-on", "2024-05-21", "--class-hours", "2", "--attendees", "10"])
        XCTAssertEqual(cli["unit_id"]?.int, unit)
        let cliList = test.json(["training", "leader-sessions", "list", "--unit", "区住建局", "--limit", "200"]).arrayValue ?? []
        XCTAssertTrue(!cliList.isEmpty && cliList.allSatisfy { $0["unit_id"]?.int == unit })

        // 叶华: two people in the demo.
        let candidates = try test.core.read { try $0.query("SELECT id FROM registry_people WHERE name = '叶华' ORDER BY id") }.map { $0.requiredInt("id") }
        XCTAssertEqual(candidates.count, 2)
        let e = try test.enterprise(industry: "education")
        let ambiguous = try admin.post("/api/v1/training/people", .object(["person_id": "叶华", "enterprise_id": .int(e.id), "role": "worker"]))
        assertRefused(ambiguous, "person_id", "ambiguous")
        for id in candidates { XCTAssertTrue(ambiguous.text.contains("id \(id)"), ambiguous.text) }
        let cliAmbiguous = test.cli(["training", "people", "add", "--person", "叶华", "--enterprise", String(e.id), "--role", "worker"])
        XCTAssertEqual(cliAmbiguous.code, 5)
        for id in candidates { XCTAssertTrue(cliAmbiguous.err.contains("id \(id)"), cliAmbiguous.err) }
        // A role by its Chinese name is the same choice.
        let byLabel = test.json(["training", "people", "add", "--person", String(candidates[0]), "--enterprise", String(e.id), "--role", "从业人员"])
        XCTAssertEqual(byLabel["role"]?.string, "worker")
    }

    func testPagingRuleOverHTTPAndTheCLI() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        for path in ["people", "records", "certificates", "bans", "appointments", "leader-sessions"] {
            XCTAssertEqual(try admin.get("/api/v1/training/\(path)?limit=201").status, 400, path)
            XCTAssertEqual(try admin.get("/api/v1/training/\(path)?after=").status, 200, path)
        }
        let first = try admin.get("/api/v1/training/people?after=")
        XCTAssertEqual(first.json["items"]?.arrayValue?.count, 50, "the default page size")
        XCTAssertNotNil(first.json["next"]?.stringValue)

        let tooMany = test.cli(["training", "people", "list", "--limit", "201"])
        XCTAssertEqual(tooMany.code, 5)
        XCTAssertTrue(tooMany.err.contains("limit"), tooMany.err)
        let page = test.cli(["training", "people", "list", "--limit", "3", "--after", "", "--json"])
        XCTAssertEqual(page.code, 0, page.err)
        let items = (try JSONParser.parse(page.out)).arrayValue ?? []
        XCTAssertEqual(items.count, 3)
        XCTAssertTrue(page.err.contains("--after \(items.last?["id"]?.int ?? 0)"), "the next cursor on stderr: \(page.err)")
        let next = test.json(["training", "people", "list", "--limit", "3", "--after", String(items.last?["id"]?.int ?? 0)]).arrayValue ?? []
        XCTAssertGreaterThan(next.first?["id"]?.int ?? 0, items.last?["id"]?.int ?? 0)
    }

    func testUpdateClearsWhatMayBeClearedAndRefusesTheRest() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let e = try test.enterprise(industry: "education")
        let person = try test.freePerson(20)
        let added = test.json(["training", "people", "add", "--person", String(person), "--enterprise", String(e.id), "--role", "worker",
                               "--hired-on", "2024-01-02"])
        let id = added["id"]?.int ?? 0
        XCTAssertEqual(added["hired_on"]?.string, "2024-01-02")
        let cleared = try admin.patch("/api/v1/training/people/\(id)", .object(["hired_on": .null]))
        XCTAssertEqual(cleared.status, 200, cleared.text)
        XCTAssertEqual(cleared.json["hired_on"], .null)
        let role = try admin.patch("/api/v1/training/people/\(id)", .object(["role": .null]))
        assertRefused(role, "role", "not_clearable")
        let nothing = try admin.patch("/api/v1/training/people/\(id)", .object([:]))
        XCTAssertEqual(nothing.status, 422)
        XCTAssertTrue(errors(nothing).contains { $0.code == "nothing_to_change" }, nothing.text)
        let version = cleared.json["version"]?.int ?? 0
        let stale = try admin.patch("/api/v1/training/people/\(id)", .object(["role": "newWorker"]), headers: [("If-Match", "\"\(version - 1)\"")])
        XCTAssertEqual(stale.status, 412, stale.text)
        let current = try admin.patch("/api/v1/training/people/\(id)", .object(["role": "newWorker"]), headers: [("If-Match", "\"\(version)\"")])
        XCTAssertEqual(current.status, 200, current.text)
        XCTAssertEqual(current.json["role"]?.string, "newWorker")
        let moved = try admin.patch("/api/v1/training/people/\(id)", .object(["person_id": 1]))
        XCTAssertTrue(errors(moved).contains { $0.field == "person_id" && $0.code == "unknown_field" }, "a training person's person does not change: \(moved.text)")
    }
}

extension ContractTests {
    /// A leaders' study session is recorded once held, as a training record is: a future day is
    /// refused over HTTP and in the CLI alike, nothing written.
    func testALeadersStudySessionInTheFutureIsRefused() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let before = try test.scalar("SELECT count(*) FROM training_leader_sessions")
        let unitUser = server.client(token: try test.token(for: "fgj"))
        let future = try unitUser.post("/api/v1/training/leader-sessions", .object([
            "topic": "学习习近平总书记关于安全生产的重要论述", "held_on": "2099-01-01", "class_hours": 2, "attendees": 10]))
        assertRefused(future, "held_on", "future")
        let cli = test.cli(["training", "leader-sessions", "add", "--as", "fgj", "--topic", "学习安全生产法", "--held-on", "2024-06-16",
                            "--class-hours", "2", "--attendees", "10"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("晚于今天"), cli.err)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_leader_sessions"), before, "nothing written")
        // Today is taken.
        let today = try unitUser.post("/api/v1/training/leader-sessions", .object([
            "topic": "学习安全生产法", "held_on": "2024-06-15", "class_hours": 2, "attendees": 10]))
        XCTAssertEqual(today.status, 201, today.text)
    }
}
