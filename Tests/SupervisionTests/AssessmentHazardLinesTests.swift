// Issue 23: the assessment's hazard lines (nine in ten at ten years) read the hazard's code and
// grade from the fact's detail in SQL instead of parsing the whole detail in Swift. Each line must
// read as `AssessmentLines.describe` makes it from the parsed detail, whatever the detail holds.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class AssessmentHazardLinesTests: XCTestCase {
    func testAHazardLineNamesTheCodeAndGradeAsTheParsedDetailWould() throws {
        let test = try DemoFixture.make()
        let territory = try test.id("territories", "西岭镇")
        let details: [(kind: String, detail: String)] = [
            ("hazardClosedLate", #"{"hazard_id":1,"code":"YH-2024-900001","grade":"general","sector":"transport"}"#),
            ("hazardClosedLate", #"{"hazard_id":2,"code":"YH-2024-900002","grade":"major"}"#),
            ("hazardMajorRegistered", #"{"hazard_id":3,"code":"YH-\u5e74-900003","grade":"major"}"#),
            ("hazardMajorRegistered", #"{"hazard_id":4,"grade":"major"}"#),
            ("hazardClosedLate", #"{"hazard_id":5,"code":900005,"grade":"major"}"#),
            ("hazardClosedLate", #"{"hazard_id":6,"code":"YH-2024-900006","grade":1}"#),
            ("hazardClosedLate", #"{"hazard_id":7,"code":"YH-2024-900007"}"#),
            ("hazardMajorRegistered", #"not json {"#),
            ("hazardMajorRegistered", #"["code","YH-2024-900009"]"#),
            ("hazardClosedLate", #"{"hazard_id":10,"code":"YH-2024-\"900010\"","grade":"MAJOR"}"#),
        ]
        try test.core.database.write { db in
            for (index, fact) in details.enumerated() {
                try db.execute("""
                    INSERT INTO supervision_facts (event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on)
                    VALUES (?, 'test', ?, 'territory', ?, '2024-03-0\(index % 9 + 1)', 2024, '2024-Q1', ?, ?, NULL)
                    """, [Int64(900_000 + index), fact.kind, territory, "hazard:test-\(index)", fact.detail])
            }
            // A second fact of the same hazard: the line takes the group's max(detail), as before.
            try db.execute("""
                INSERT INTO supervision_facts (event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on)
                VALUES (900100, 'test', 'hazardClosedLate', 'territory', ?, '2024-03-20', 2024, '2024-Q1', 'hazard:test-0', ?, NULL)
                """, [territory, #"{"hazard_id":1,"code":"YH-2024-900001","grade":"major","sector":"transport"}"#])
        }
        let report = try test.core.read { try AssessmentService(core: test.core).report(year: 2024, $0) }
        let xiling = try XCTUnwrap(report["results"]?.arrayValue?.first { $0["kind"] == "territory" && $0["id"] == .int(territory) })
        let lines = xiling["lines"]?.arrayValue ?? []
        let context = try test.core.read { try AssessmentContext(core: test.core, year: 2024, asOf: CalendarDate(year: 2024, month: 6, day: 15)!, $0) }
        for (index, fact) in details.enumerated() {
            let reference = "hazard:test-\(index)"
            let line = try XCTUnwrap(lines.first { ($0["source"]?.stringValue ?? "").hasSuffix("(\(reference))") }, "a line for \(reference)")
            let detail = index == 0 ? #"{"hazard_id":1,"code":"YH-2024-900001","grade":"major","sector":"transport"}"# : fact.detail
            let parsed = (try? JSONParser.parse(detail)) ?? .null
            let expected = "\(AssessmentLines.label(fact.kind))：" + AssessmentLines.describe(fact.kind, reference: reference, date: "2024-03-0\(index % 9 + 1)", parsed, context)
            XCTAssertEqual(line["reason"]?.stringValue, expected, "\(fact.kind) \(detail)")
            XCTAssertEqual(line["code"]?.stringValue, fact.kind)
            XCTAssertEqual(line["source"]?.stringValue, "event \(900_000 + index) (\(reference))")
        }
        XCTAssertTrue(lines.contains { $0["reason"]?.stringValue == "隐患逾期销号：隐患 YH-2024-900001（重大），2024-03-01" }, "max(detail) of the hazard's two facts")
        XCTAssertTrue(lines.contains { $0["reason"]?.stringValue == "新增重大隐患：隐患 YH-年-900003（重大），2024-03-03" }, "an escaped character read as the parser reads it")
        XCTAssertTrue(lines.contains { $0["reason"]?.stringValue == "新增重大隐患：hazard:test-7，2024-03-08" }, "a detail that is not JSON names the reference")
        // The report is the same bytes when asked again (and its digest is of those bytes).
        let again = try test.core.read { try AssessmentService(core: test.core).report(year: 2024, $0) }
        XCTAssertEqual(report.serialized, again.serialized)
        guard case .object(let members) = report else { return XCTFail("an object") }
        let body = JSON.object(members.filter { $0.key != "digest" })
        XCTAssertEqual(report["digest"]?.stringValue, Crypto.sha256Hex(body.serialized))
    }

    /// An overdue hazard's line reads its code, grade, days and listing in SQL when the days are a
    /// whole number, and parses the detail otherwise: either way as `describe` writes it.
    func testAnOverdueHazardLineReadsAsTheParsedDetailWould() throws {
        let test = try DemoFixture.make()
        let territory = try test.id("territories", "西岭镇")
        let details: [String] = [
            #"{"hazard_id":1,"code":"YH-2024-800001","grade":"general","days_overdue":12,"listed":false}"#,
            #"{"hazard_id":2,"code":"YH-2024-800002","grade":"major","days_overdue":95,"listed":true}"#,
            #"{"hazard_id":3,"grade":"major","days_overdue":0}"#,
            #"{"hazard_id":4,"code":"YH-2024-800004","days_overdue":"12","listed":"true"}"#,
            #"{"hazard_id":5,"code":"YH-2024-800005","days_overdue":1.5,"listed":1}"#,
            #"{"hazard_id":6,"code":"YH-2024-800006","days_overdue":1e2}"#,
            #"{"hazard_id":7,"code":"YH-2024-800007","days_overdue":99999999999999999999}"#,
            #"{"hazard_id":8,"code":"YH-2024-800008","days_overdue":-3,"listed":null}"#,
            #"{"hazard_id":9,"code":"YH-2024-800009"}"#,
            #"not json {"#,
            #"{"hazard_id":11,"code":"YH-2024-800011","days_overdue":true}"#,
            #"{"hazard_id":12,"code":"YH-2024-\u5e74","grade":"major","days_overdue":[1,2],"listed":true}"#,
        ]
        try test.core.database.write { db in
            for (index, detail) in details.enumerated() {
                try db.execute("""
                    INSERT INTO supervision_facts (event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on)
                    VALUES (?, 'test', 'hazardOverdue', 'territory', ?, '2024-04-0\(index % 9 + 1)', 2024, '2024-Q2', ?, ?, NULL)
                    """, [Int64(800_000 + index), territory, "hazard:overdue-\(index)", detail])
            }
        }
        let report = try test.core.read { try AssessmentService(core: test.core).report(year: 2024, $0) }
        let xiling = try XCTUnwrap(report["results"]?.arrayValue?.first { $0["kind"] == "territory" && $0["id"] == .int(territory) })
        let lines = xiling["lines"]?.arrayValue ?? []
        let context = try test.core.read { try AssessmentContext(core: test.core, year: 2024, asOf: CalendarDate(year: 2024, month: 6, day: 15)!, $0) }
        for (index, detail) in details.enumerated() {
            let reference = "hazard:overdue-\(index)"
            let line = try XCTUnwrap(lines.first { ($0["source"]?.stringValue ?? "").hasSuffix("(\(reference))") }, "a line for \(reference)")
            let parsed = (try? JSONParser.parse(detail)) ?? .null
            let expected = "隐患逾期未整改：" + AssessmentLines.describe("hazardOverdue", reference: reference, date: "2024-04-0\(index % 9 + 1)", parsed, context)
            XCTAssertEqual(line["reason"]?.stringValue, expected, detail)
        }
        XCTAssertTrue(lines.contains { $0["reason"]?.stringValue == "隐患逾期未整改：隐患 YH-2024-800002（重大），逾期 95 天（已挂牌）" })
        XCTAssertTrue(lines.contains { $0["reason"]?.stringValue == "隐患逾期未整改：隐患 YH-2024-800005（一般），逾期 1.5 天" })
    }
}
