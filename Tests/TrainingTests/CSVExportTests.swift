// Every CSV export of Training, over HTTP (Accept: text/csv) and the CLI (--csv), neutralises a
// cell a spreadsheet would run as a formula: a person's name, a course, a provider, a
// certificate item, a ban's source, a study session's topic.
import CLI
import Kernel
import TestSupport
import XCTest

final class CSVExportTests: TrainingTestCase {
    override class var today: CalendarDate { CalendarDate(year: 2024, month: 6, day: 15)! }

    static let name = "=HYPERLINK(\"http://evil.example\",\"点击\")"
    static let course = "+cmd|' /C calc'!A0"
    static let provider = "@SUM(1)"
    static let item = "-2+3"
    static let source = "=1+1 事故记录"
    static let topic = "@SUM(2)"

    /// Cells that begin like a formula, and whether each planted value came out with a leading `'`.
    func check(_ text: String, planted: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let records = try? CSV.parse(text) else { return XCTFail("\(what): not CSV: \(text.prefix(200))", file: file, line: line) }
        let cells = records.dropFirst().flatMap(\.fields)
        XCTAssertFalse(cells.isEmpty, "\(what): no rows", file: file, line: line)
        for cell in cells {
            if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                XCTFail("\(what): a formula cell: \(cell)", file: file, line: line)
            }
        }
        for value in planted { XCTAssertTrue(cells.contains("'" + value), "\(what): \(value) neutralised in \(text.prefix(400))", file: file, line: line) }
    }

    func testEveryCSVExportNeutralisesFormulaCells() throws {
        let person = try test.core.write(.localAdministrator) { tx in
            try RecordStore(RegistrySchemas.all).create(RegistrySchemas.people, ["name": .text(Self.name)], tx)["id"]?.intValue ?? 0
        }
        let e = try test.enterprise(industry: "commerce")
        let p = String(person), enterprise = String(e.id)
        test.json(["training", "people", "add", "--person", p, "--enterprise", enterprise, "--role", "specialOperator", "--hired-on", "2020-01-02"])
        test.json(["training", "records", "add", "--person", p, "--enterprise", enterprise, "--course", Self.course, "--held-on", "2024-03-01",
                   "--class-hours", "8", "--kind", "refresher", "--provider", Self.provider])
        test.json(["training", "bans", "add", "--person", p, "--industry", "coal", "--kind", "term", "--source", Self.source, "--starts-on", "2024-01-01"])
        test.json(["training", "appointments", "add", "--enterprise", enterprise, "--person", p, "--role", "safetyManager", "--appointed-on", "2024-02-01"])
        test.json(["training", "leader-sessions", "add", "--unit", "区住建局", "--topic", Self.topic, "--held-on", "2024-04-02", "--class-hours", "2", "--attendees", "9"])
        let unit = try test.scalar("SELECT id FROM registry_units WHERE name = '区住房城乡建设局'")

        let exports: [(path: String, cli: [String], planted: [String])] = [
            ("people?person_id=\(p)", ["people", "list", "--person", p], [Self.name]),
            ("records?person_id=\(p)", ["records", "list", "--person", p], [Self.name, Self.course, Self.provider]),
            ("certificates?person_id=\(p)", ["certificates", "list", "--person", p], [Self.name, Self.item]),
            ("bans?person_id=\(p)", ["bans", "list", "--person", p], [Self.name, Self.source]),
            ("appointments?person_id=\(p)", ["appointments", "list", "--person", p], [Self.name]),
            ("leader-sessions?unit_id=\(unit)&year=2024", ["leader-sessions", "list", "--unit", String(unit), "--year", "2024"], [Self.topic]),
            ("compliance?by=person&enterprise_id=\(enterprise)&year=2024", ["compliance", "--by", "person", "--enterprise", enterprise, "--year", "2024"], [Self.name]),
            ("compliance?by=shortfall&enterprise_id=\(enterprise)&year=2024", ["compliance", "--by", "shortfall", "--enterprise", enterprise, "--year", "2024"], [Self.name]),
        ]
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        // "-2+3" would be an option on the command line: this one comes over HTTP.
        let certificate = try admin.post("/api/v1/training/certificates", .object([
            "person_id": .int(person), "enterprise_id": .int(e.id), "category": "electrical", "item": .string(Self.item), "number": "T-CSV-1", "issued_on": "2021-01-05",
        ]))
        XCTAssertEqual(certificate.status, 201, certificate.text)
        for export in exports {
            let reply = try admin.get("/api/v1/training/" + export.path, headers: [("Accept", "text/csv")])
            XCTAssertEqual(reply.status, 200, export.path)
            XCTAssertTrue(reply.header("Content-Type")?.hasPrefix("text/csv") ?? false, export.path)
            check(reply.text, planted: export.planted, "GET " + export.path)
            let result = test.cli(["training"] + export.cli + ["--csv"])
            XCTAssertEqual(result.code, 0, result.err)
            check(result.out, planted: export.planted, "anwei training " + export.cli.joined(separator: " "))
        }
    }

    func testCSVExportsAreNotPaged() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let all = try test.scalar("SELECT count(*) FROM training_people")
        XCTAssertGreaterThan(all, 200, "more than a page in the demo")
        let csv = try admin.get("/api/v1/training/people", headers: [("Accept", "text/csv")])
        XCTAssertEqual(Int64((try CSV.parse(csv.text)).count - 1), all, "every row, not a page")
        let cli = test.cli(["training", "people", "list", "--csv"])
        XCTAssertEqual(Int64((try CSV.parse(cli.out)).count - 1), all)
    }
}
