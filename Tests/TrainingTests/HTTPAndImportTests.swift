// Every list and action over HTTP with scope (an enterprise user sees only its own people),
// CSV exports with BOM, all-or-nothing CSV imports naming bad lines, the demo's shortfalls.
import Kernel
import TestSupport
import XCTest

final class HTTPAndImportTests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!

    override class func setUp() {
        super.setUp()
        test = try? TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        server = try? TestServer(test)
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        test = nil
        super.tearDown()
    }

    var test: TestApplication { Self.test }
    var server: TestServer { Self.server }

    func testEnterpriseUserSeesOnlyItsOwnPeople() throws {
        let own = try test.qiyeEnterprise
        let qiye = server.client(token: try test.token(for: "qiye"))
        let people = try qiye.get("/api/v1/training/people?limit=200")
        XCTAssertEqual(people.status, 200)
        let items = people.json["items"]?.arrayValue ?? []
        XCTAssertFalse(items.isEmpty)
        XCTAssertTrue(items.allSatisfy { $0["enterprise_id"]?.int == own }, "only its own enterprise's people")
        let otherPerson = try test.scalar("SELECT min(id) FROM training_people WHERE enterprise_id != ?", [own])
        XCTAssertEqual(try qiye.get("/api/v1/training/people/\(otherPerson)").status, 404, "out of scope is not found")
        let otherCertificate = try test.scalar("SELECT min(id) FROM training_certificates WHERE enterprise_id != ?", [own])
        XCTAssertEqual(try qiye.get("/api/v1/training/certificates/\(otherCertificate)").status, 404)
        let records = try qiye.get("/api/v1/training/records?limit=200").json["items"]?.arrayValue ?? []
        XCTAssertTrue(records.allSatisfy { $0["enterprise_id"]?.int == own })
        let compliance = try qiye.get("/api/v1/training/compliance?by=enterprise&on=2024-06-15").json["items"]?.arrayValue ?? []
        XCTAssertEqual(compliance.map { $0["enterprise_id"]?.int }, [own])
        // Writing for another enterprise: not found; an inspector may not write at all.
        let other = try test.enterprise(industry: "gas")
        let write = try qiye.post("/api/v1/training/records", .object(["person_id": .int(other.manager), "enterprise_id": .int(other.id), "course": "x",
                                                                       "held_on": "2024-05-01", "class_hours": 4, "kind": "refresher"]))
        XCTAssertEqual(write.status, 404)
        let inspector = server.client(token: try test.token(for: "inspector1"))
        XCTAssertEqual(try inspector.post("/api/v1/training/bans", .object(["person_id": 1, "industry": "coal", "source": "x"])).status, 403)
    }

    func testCreateActionAndPaginationOverHTTP() throws {
        let own = try test.qiyeEnterprise
        let qiye = server.client(token: try test.token(for: "qiye"))
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        let created = try qiye.post("/api/v1/training/records", .object(["person_id": .int(manager), "enterprise_id": .int(own), "course": "2024年度再培训",
                                                                         "held_on": "2024-06-10", "class_hours": 4, "kind": "refresher"]))
        XCTAssertEqual(created.status, 201, created.text)
        let id = created.json["id"]?.int ?? 0
        XCTAssertEqual(created.header("Location"), "/api/v1/training/records/\(id)")
        let exam = try qiye.post("/api/v1/training/records/\(id)/actions/exam", .object(["score": 79]))
        XCTAssertEqual(exam.json["exam"]?.string, "awaitingMakeUp")
        XCTAssertEqual(try qiye.post("/api/v1/training/records/\(id)/actions/exam", .object(["score": 60])).json["exam"]?.string, "failed")
        let none = try qiye.post("/api/v1/training/records/\(id)/actions/exam", .object(["score": 99]))
        XCTAssertEqual(none.status, 409)
        XCTAssertEqual(none.json["current_state"]?.string, "failed")
        let bad = try qiye.post("/api/v1/training/records", .object(["person_id": .int(manager), "enterprise_id": .int(own), "kind": "weekly"]))
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue((bad.json["errors"]?.arrayValue ?? []).contains { $0["field"]?.string == "kind" })

        let admin = server.client(token: try test.token(for: "admin"))
        let first = try admin.get("/api/v1/training/certificates?limit=5")
        XCTAssertEqual(first.json["items"]?.arrayValue?.count, 5)
        let next = first.json["next"]?.string ?? ""
        let second = try admin.get("/api/v1/training/certificates?limit=5&after=\(next)")
        XCTAssertGreaterThan(second.json["items"]?.arrayValue?.first?["id"]?.int ?? 0, first.json["items"]?.arrayValue?.last?["id"]?.int ?? 0)
        let due = try admin.get("/api/v1/training/certificates?status=reviewDue&limit=200").json["items"]?.arrayValue ?? []
        XCTAssertFalse(due.isEmpty, "the demo has certificates in their review window")
        XCTAssertTrue(due.allSatisfy { $0["status"]?.string == "reviewDue" })
        for path in ["/api/v1/training/bans", "/api/v1/training/appointments?status=flagged", "/api/v1/training/leader-sessions",
                     "/api/v1/training/rules", "/api/v1/training/certificate-categories", "/api/v1/training/compliance?by=shortfall"] {
            XCTAssertEqual(try admin.get(path).status, 200, path)
        }
        XCTAssertEqual(try admin.get("/api/v1/training/appointments?status=flagged").json["items"]?.arrayValue?.isEmpty, false, "the demo's ban flags an appointment")
        let csv = try admin.get("/api/v1/training/compliance?by=territory&on=2024-06-15", headers: [("Accept", "text/csv")])
        XCTAssertEqual(Array(csv.body.prefix(3)), [0xEF, 0xBB, 0xBF], "CSV for spreadsheets starts with a BOM")
        XCTAssertTrue(csv.text.contains("东城镇"))
    }

    func testDemoShortfallsByTerritory() throws {
        let result = test.cli(["training", "compliance", "--by", "territory", "--json"])
        XCTAssertEqual(result.code, 0, result.err)
        let rows = (try JSONParser.parse(result.out)).arrayValue ?? []
        XCTAssertEqual(rows.count, 10, "every territory")
        XCTAssertGreaterThan(rows.reduce(0) { $0 + ($1["shortfall"]?.int ?? 0) }, 0, "the demo has shortfalls")
        XCTAssertGreaterThan(rows.reduce(0) { $0 + ($1["red_enterprises"]?.int ?? 0) }, 0)
        let shortfalls = test.json(["training", "compliance", "--by", "shortfall"]).arrayValue ?? []
        XCTAssertTrue(shortfalls.contains { $0["message"]?.string.range(of: #"^.+, (safety manager|principal person), 2024: \d+ of \d+ refresher hours$"#, options: .regularExpression) != nil })
    }

    func testImportIsAllOrNothingWithLineNumbers() throws {
        let e = try test.enterprise(industry: "tourism")
        let before = try test.scalar("SELECT count(*) FROM training_records")
        let bad = "\u{FEFF}person_id,enterprise_id,course,held_on,class_hours,kind,level\r\n" +
            "\(e.manager),\(e.id),年度再培训,2024-03-01,12,refresher,\r\n" +
            "\(e.manager),\(e.id),年度再培训,2024-13-01,12,refresher,\r\n" +
            "\(e.principal),\(e.id),新员工,2024-03-01,8,newWorker,\r\n"
        let file = test.folder.file("bad.csv")
        try bad.write(toFile: file, atomically: true, encoding: .utf8)
        let rejected = test.cli(["training", "records", "import", file])
        XCTAssertEqual(rejected.code, 5)
        XCTAssertTrue(rejected.err.contains("line 3") && rejected.err.contains("held_on"), rejected.err)
        XCTAssertTrue(rejected.err.contains("line 4") && rejected.err.contains("level"), rejected.err)
        XCTAssertFalse(rejected.err.contains("line 2"))
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), before, "nothing written")

        let good = "person_id,enterprise_id,course,held_on,class_hours,kind\n\(e.manager),\(e.id),年度再培训,2024-03-01,12,refresher\n\(e.principal),\(e.id),年度再培训,2024-03-02,12,refresher\n"
        try good.write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(test.cli(["training", "records", "import", file, "--dry-run"]).code, 0)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), before, "a dry run writes nothing")
        XCTAssertEqual(test.json(["training", "records", "import", file])["imported"]?.int, 2)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), before + 2)
        // Over HTTP, the same checks.
        let admin = server.client(token: try test.token(for: "admin"))
        let reply = try admin.post("/api/v1/training/records/import", .object(["csv": .string(bad)]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(reply.json["rows"]?.arrayValue?.map { $0["line"]?.int }, [3, 4])
        // Each line names its field with the reader's code (line 3) or the rule's (line 4).
        let rows = reply.json["rows"]?.arrayValue ?? []
        XCTAssertEqual(rows.first?["errors"]?.arrayValue?.first?["field"]?.string, "held_on")
        XCTAssertEqual(rows.first?["errors"]?.arrayValue?.first?["code"]?.string, "format")
        XCTAssertEqual(rows.last?["errors"]?.arrayValue?.first?["field"]?.string, "level")
        XCTAssertEqual(reply.json["errors"]?.arrayValue?.map { $0["code"]?.string }, ["bad_row", "bad_row"])
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), before + 2, "nothing written")
        let dry = try admin.post("/api/v1/training/records/import?dry_run=true", .object(["csv": .string(good)]))
        XCTAssertEqual(dry.status, 200, dry.text)
        XCTAssertEqual(dry.json["dry_run"], .bool(true))
        XCTAssertEqual(dry.json["rows"]?.int, 2)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), before + 2, "a dry run writes nothing")
    }

    func testPeopleImportReadsEachRowByTheSameDeclarations() throws {
        let e = try test.enterprise(industry: "agriculture")
        let free = try test.freePerson(30)
        let before = try test.scalar("SELECT count(*) FROM training_people")
        let file = test.folder.file("people.csv")
        // Line 2 is good; line 3 names 叶华 (two people); line 4 has a role that is no role and a date that is none.
        try "person_id,enterprise_id,role,hired_on\n\(free),\(e.id),从业人员,2024-02-01\n叶华,\(e.id),worker,\n\(free),\(e.id),boss,2024-02-30\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let rejected = test.cli(["training", "people", "import", file])
        XCTAssertEqual(rejected.code, 5, rejected.err)
        XCTAssertTrue(rejected.err.contains("line 3") && rejected.err.contains("person_id") && rejected.err.contains("id 16"), rejected.err)
        XCTAssertTrue(rejected.err.contains("line 4") && rejected.err.contains("role") && rejected.err.contains("hired_on"), rejected.err)
        XCTAssertFalse(rejected.err.contains("line 2"), rejected.err)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_people"), before, "nothing written")
        // A column that is not a field is named with the header's line.
        try "person_id,enterprise_id,role,left_on\n\(free),\(e.id),worker,\n".write(toFile: file, atomically: true, encoding: .utf8)
        let unknown = test.cli(["training", "people", "import", file])
        XCTAssertEqual(unknown.code, 5)
        XCTAssertTrue(unknown.err.contains("line 1") && unknown.err.contains("left_on"), unknown.err)
        // The good row alone imports, its role given in Chinese.
        try "person_id,enterprise_id,role,hired_on\n\(free),\(e.id),从业人员,2024-02-01\n".write(toFile: file, atomically: true, encoding: .utf8)
        let imported = test.json(["training", "people", "import", file])
        XCTAssertEqual(imported["imported"]?.int, 1)
        XCTAssertEqual(imported["items"]?.arrayValue?.first?["role"]?.string, "worker")
    }
}

extension HTTPAndImportTests {
    /// Two rows of one import making the same certificate (or the same training person): the second
    /// is named as a repeat of the first line, not as "already exists: certificate N" (a record the
    /// refused import never kept). Nothing written.
    func testARepeatedRowOfAnImportNamesTheFirstLine() throws {
        let own = try test.qiyeEnterprise
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        let admin = server.client(token: try test.token(for: "admin"))
        let certificates = try test.scalar("SELECT count(*) FROM training_certificates")
        let csv = "person_id,enterprise_id,category,item,number,issued_on\n"
            + "\(manager),\(own),electrical,低压电工作业,T-WALK-0001,2024-01-01\n"
            + "\(manager),\(own),electrical,高压电工作业,T-WALK-0001,2024-01-01\n"
        let reply = try admin.post("/api/v1/training/certificates/import", .object(["csv": .string(csv)]))
        XCTAssertEqual(reply.status, 422, reply.text)
        let rows = reply.json["rows"]?.arrayValue ?? []
        XCTAssertEqual(rows.map { $0["line"]?.int }, [3], reply.text)
        let message = rows.first?["message"]?.string ?? ""
        XCTAssertTrue(message.contains("与第 2 行重复") && message.contains("T-WALK-0001"), message)
        XCTAssertFalse(message.contains("certificate "), "no certificate of the refused import is named: \(message)")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_certificates"), certificates, "nothing written")

        let worker = try test.freePerson(20)
        let people = "person_id,enterprise_id,role\n\(worker),\(own),worker\n\(worker),\(own),newWorker\n"
        let file = test.folder.file("repeated-people.csv")
        try people.write(toFile: file, atomically: true, encoding: .utf8)
        let cli = test.cli(["training", "people", "import", file])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("第 3 行") && cli.err.contains("与第 2 行重复"), cli.err)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_people WHERE person_id = ?", [worker]), 0)
    }
}
