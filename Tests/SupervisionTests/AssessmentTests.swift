// The yearly assessment: reproducible to the byte, every score line explains itself.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class AssessmentTests: XCTestCase {
    func testAssessmentRunIsReproducibleAndExplainsEveryLine() throws {
        let test = try DemoFixture.make()
        let unit = try test.id("units", "区发改局")
        let territory = try test.id("territories", "西岭镇")
        try test.core.write(.system("others")) { tx in
            try tx.audit(action: "test.publish", entity: "test", entityID: "facts")
            try tx.publish(TaskOverdue(TaskDeadlineReached(ledgerLineId: 9001, taskId: 90, unitId: unit, unitKind: "unit", due: date("2024-02-29"), period: nil,
                                                           colourReason: "overdue: due 2024-02-29 (rule R1)")))
            try tx.publish(MeetingMissing(body: "西岭镇", bodyKind: "territory", bodyId: territory, kind: "quarterlyConsultation", quarter: "2024-Q1"))
            let hazard = HazardFacts(hazardId: 501, code: "YH-2024-0501", grade: "general", territoryId: territory, sector: "manufacturing", supervisingUnitId: unit, enterpriseId: nil, source: "selfInspection")
            try tx.publish(HazardOverdue(hazard: hazard, daysOverdue: 1, listed: false))
            try tx.publish(HazardOverdue(hazard: hazard, daysOverdue: 30, listed: false))
        }
        test.app.dispatcher.deliverDue()
        _ = try test.core.write(.localAdministrator) { tx in
            try AssessmentService(core: test.core).addItem(try read(AssessmentFields.item, ["year": 2024, "subject_territory_id": .int(territory), "indicator": "A2",
                                                                                     "points": -2, "reason": "年度工作清单迟报", "evidence": "区安委办 2024-03-05 通报"], tx.db), tx)
        }
        let first = test.cli(["supervision", "assessment", "run", "--year", "2024", "--json"])
        XCTAssertEqual(first.code, 0, first.err)
        let second = test.cli(["supervision", "assessment", "run", "--year", "2024", "--json"])
        XCTAssertEqual(first.out, second.out, "same data → byte-identical report")
        let report = try JSONParser.parse(first.out)
        XCTAssertEqual(report["as_of"], "2024-06-15")
        let results = report["results"]?.arrayValue ?? []
        XCTAssertEqual(results.filter { $0["kind"] == "territory" }.count, 10)
        XCTAssertEqual(results.filter { $0["kind"] == "unit" }.count, 54, "every member unit except the office")
        for result in results {
            for line in result["lines"]?.arrayValue ?? [] {
                XCTAssertFalse((line["reason"]?.stringValue ?? "").isEmpty)
                XCTAssertFalse((line["source"]?.stringValue ?? "").isEmpty)
                XCTAssertNotEqual(line["points"], .int(0))
            }
        }
        let xiling = try XCTUnwrap(results.first { $0["kind"] == "territory" && $0["id"] == .int(territory) })
        let reasons = (xiling["lines"]?.arrayValue ?? []).map { Render.cell($0["indicator"]) + " " + Render.cell($0["points"]) + " " + Render.cell($0["source"]) }
        XCTAssertTrue(reasons.contains { $0.hasPrefix("B1 -3 event") }, "the overdue hazard counts once: \(reasons)")
        XCTAssertEqual(reasons.filter { $0.hasPrefix("B1 ") }.count, 1)
        XCTAssertTrue(reasons.contains { $0.hasPrefix("D1 -3 event") })
        XCTAssertTrue(reasons.contains { $0.hasPrefix("A2 -2 assessment item") })
        let fgj = try XCTUnwrap(results.first { $0["kind"] == "unit" && $0["id"] == .int(unit) })
        XCTAssertTrue((fgj["lines"]?.arrayValue ?? []).contains { $0["indicator"] == "A1" && $0["points"] == .int(-2) && (($0["reason"]?.stringValue ?? "").contains("台账行 9001")) && (($0["source"]?.stringValue ?? "").contains("ledger-line:9001")) },
                      "the reason is Chinese, the stable reference beside it")
        // Ranks: 1 is the best score in each kind.
        let ranked = results.filter { $0["kind"] == "territory" }
        XCTAssertEqual(ranked.first?["rank"], .int(1))
        XCTAssertGreaterThanOrEqual(ranked.first?["score"]?.intValue ?? 0, ranked.last?["score"]?.intValue ?? 0)
        // The runs are recorded with the same digest.
        let digests = try test.core.read { try $0.query("SELECT DISTINCT digest FROM supervision_assessment_runs WHERE year = 2024") }
        XCTAssertEqual(digests.count, 1)
        // Public export.
        let csv = test.cli(["supervision", "assessment", "export", "--year", "2024"])
        XCTAssertTrue(csv.out.hasPrefix("\u{FEFF}类别,名称,得分,排名"))
        XCTAssertTrue(csv.out.contains("西岭镇"))
        let html = test.cli(["supervision", "assessment", "export", "--year", "2024", "--html"])
        XCTAssertTrue(html.out.contains("<!DOCTYPE html>") && html.out.contains("年度工作清单迟报"))
    }

    func testHigherLevelFindingsBecomeARectificationList() throws {
        let (test, server) = try servedDemo()
        let admin = try server.client(as: "admin", of: test)
        let reply = try admin.post("/api/v1/supervision/assessment/higher-findings", .object(["items": .array([
            .object(["description": "区级安委办对成员单位考核细则不健全", "responsible_unit_id": "区安委办", "deadline": "2024-12-31"]),
            .object(["description": "部分镇隐患台账更新不及时", "responsible_territory_id": "东城镇", "deadline": "2024-12-31"]),
        ])]))
        XCTAssertEqual(reply.status, 201, reply.text)
        XCTAssertEqual(reply.json["items"]?.arrayValue?.map { $0["source"] }, ["higherAssessment", "higherAssessment"])
        let list = try admin.get("/api/v1/supervision/findings?status=open&responsible_kind=territory")
        XCTAssertTrue(list.json.items.contains { $0["description"] == "部分镇隐患台账更新不及时" })
        let bad = try admin.post("/api/v1/supervision/assessment/higher-findings", .object(["items": .array([.object(["description": "x"])])]))
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue((bad.json["errors"]?.arrayValue ?? []).contains { $0["field"] == "items[0].deadline" })
    }
}
