// A training-record import of 5,000 rows through the real CLI (issue 23): all or nothing, the bad
// line named; the enterprises' colours are judged once at the end, as if the rows were added one by one.
import Kernel
import TestSupport
import XCTest

final class BulkRecordImportTests: XCTestCase {
    func testFiveThousandRecordsAllOrNothingAndColoursJudgedOnce() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        // The demo's people in their training roles, cycled through.
        let roles: [(person: Int64, enterprise: Int64)] = try test.core.read { db in
            try db.query("SELECT person_id, enterprise_id FROM training_people ORDER BY id").map { ($0.requiredInt("person_id"), $0.requiredInt("enterprise_id")) }
        }
        XCTAssertGreaterThan(roles.count, 50)
        func csv(badLine: Int?) -> String {
            var lines = ["person_id,enterprise_id,course,held_on,class_hours,kind,exam_score"]
            for index in 0..<5_000 {
                let role = roles[index % roles.count]
                let held = index + 2 == badLine ? "2024-07-01" : "2024-0\(1 + index % 5)-1\(index % 10)"
                lines.append("\(role.person),\(role.enterprise),年度安全生产再培训,\(held),8,refresher,\(60 + index % 41)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
        let records = try test.scalar("SELECT count(*) FROM training_records")
        let audit = try test.scalar("SELECT count(*) FROM kernel_audit")
        let file = test.folder.file("records.csv")
        try csv(badLine: 4_321).write(toFile: file, atomically: true, encoding: .utf8)

        let rejected = test.cli(["training", "records", "import", file])
        XCTAssertEqual(rejected.code, 5)
        XCTAssertTrue(rejected.err.contains("line 4321") && rejected.err.contains("held_on"), String(rejected.err.prefix(500)))
        XCTAssertTrue(rejected.err.contains("1 bad row"), String(rejected.err.prefix(300)))
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), records, "nothing written")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM kernel_audit"), audit)

        try csv(badLine: nil).write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(test.json(["training", "records", "import", file])["imported"]?.int, 5_000)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records"), records + 5_000)
        // One audit record per training, the import's own, and at most one for the colours.
        let written = try test.scalar("SELECT count(*) FROM kernel_audit") - audit
        XCTAssertTrue((5_001...5_002).contains(written), "\(written) audit records")
        XCTAssertLessThanOrEqual(try test.scalar("SELECT count(*) FROM kernel_audit WHERE action = 'training.compliance.colours' AND id > ?", [audit]), 1)
        // Every enterprise of the file was judged (a colour for the year), once.
        let touched = Set(roles.prefix(5_000).map(\.enterprise))
        let judged = try test.core.read { db in
            Set(try db.query("SELECT enterprise_id FROM training_enterprise_colours WHERE year = 2024").map { $0.requiredInt("enterprise_id") })
        }
        XCTAssertTrue(touched.isSubset(of: judged), "\(touched.subtracting(judged).count) enterprise(s) not judged")
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
    }
}
