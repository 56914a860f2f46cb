// Issue 19 item 7: a 四不两直 draw cannot be rigged. One sealed draw per group and quarter; a
// re-draw needs a reason, keeps the first, stands on the office's overview and reaches the
// assessment; reveal reports each enterprise's deviation; verify fails loudly on a mismatch.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class RedrawTests: XCTestCase {
    func testASecondSealedDrawNeedsAReasonKeepsTheFirstAndIsReported() throws {
        let (test, server) = try servedDemo()
        let inspector = try server.client(as: "inspector1", of: test)
        let office = try server.client(as: "anweiban", of: test)
        let first = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 1]))
        XCTAssertEqual(first.status, 201, first.text)
        let firstID = try XCTUnwrap(first.json["draw"]?["id"]?.intValue)
        let groupName = try XCTUnwrap(first.json["draw"]?["group_name"]?.stringValue)

        // The same group and quarter again: refused without a reason, nothing written.
        let countBefore = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_draws") }
        let again = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 1]))
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertTrue((again.json["detail"]?.stringValue ?? "").contains("redraw_reason"), again.text)
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_draws") }, countBefore)
        // The CLI refuses the same way.
        let cli = test.cli(["supervision", "draws", "plan", "--quarter", "2024-Q2", "--as", "inspector1"])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("redraw_reason"), cli.err)
        // A reason where there is nothing to replace is refused too.
        let stray = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q3", "redraw_reason": "想换一个"]))
        XCTAssertEqual(stray.status, 422, stray.text)
        XCTAssertEqual(stray.json["errors"]?.arrayValue?.first?["code"], "not_redraw")

        // With a reason: a re-draw; the first stays, marked superseded.
        let redraw = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 1,
                                                                             "redraw_reason": "抽中企业已停产关闭"]))
        XCTAssertEqual(redraw.status, 201, redraw.text)
        let redrawID = try XCTUnwrap(redraw.json["draw"]?["id"]?.intValue)
        XCTAssertEqual(redraw.json["draw"]?["redraw_of"], .int(firstID))
        XCTAssertEqual(redraw.json["draw"]?["redraw_reason"], "抽中企业已停产关闭")
        let kept = try inspector.get("/api/v1/supervision/draws/\(firstID)")
        XCTAssertEqual(kept.status, 200)
        XCTAssertEqual(kept.json["superseded_by"], .int(redrawID))
        XCTAssertEqual(kept.json["status"], "sealed")

        // The office's overview shows it (kind redraw, Chinese, group, quarter, reason); others do not.
        let overview = try office.get("/api/v1/overview").json.items.filter { $0["kind"] == "redraw" }
        XCTAssertEqual(overview.count, 1, "\(overview)")
        let title = overview.first?["title"]?.stringValue ?? "", detail = overview.first?["detail"]?.stringValue ?? ""
        XCTAssertTrue(title.contains(groupName) && title.contains("2024-Q2") && title.contains("重新抽签"), title)
        XCTAssertTrue(detail.contains("抽中企业已停产关闭"), detail)
        XCTAssertEqual(overview.first?["module"], "supervision")
        XCTAssertTrue(try inspector.get("/api/v1/overview").json.items.filter { $0["kind"] == "redraw" }.isEmpty)
        XCTAssertTrue(try server.client(as: "dongcheng", of: test).get("/api/v1/overview").json.items.filter { $0["kind"] == "redraw" }.isEmpty)
        let audit = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'supervision.draw.redraw' AND instr(summary, '抽中企业已停产关闭') > 0") }
        XCTAssertEqual(audit, 1)

        // A visit cannot follow the replaced draw.
        let territory = try XCTUnwrap(redraw.json["envelope"]?["targets"]?.arrayValue?.first?["territory_id"]?.intValue)
        let onOld = try inspector.post("/api/v1/supervision/inspections", .object(["mode": "unannounced", "date": "2024-06-15", "territory_id": .int(territory), "draw_id": .int(firstID)]))
        XCTAssertEqual(onOld.status, 422, onOld.text)
        XCTAssertEqual(onOld.json["errors"]?.arrayValue?.first?["code"], "superseded")

        // The assessment sees the re-draw: a line on the group's organiser unit.
        let organiser = try test.core.read { try $0.queryOne("SELECT g.leader_unit_id AS u FROM supervision_groups g JOIN supervision_draws d ON d.group_id = g.id WHERE d.id = ?", [redrawID])?.int("u") }
        let report = try office.get("/api/v1/supervision/assessment/report?year=2024")
        let lines = (report.json["results"]?.arrayValue ?? []).filter { $0["kind"] == "unit" && $0["id"] == JSON(organiser) }.flatMap { $0["lines"]?.arrayValue ?? [] }
        let line = try XCTUnwrap(lines.first { $0["code"] == "redraw" }, "\(lines)")
        XCTAssertTrue((line["reason"]?.stringValue ?? "").contains("抽中企业已停产关闭"), "\(line)")
        let points: Double? = switch line["points"] { case .int(let v)?: Double(v); case .double(let d)?: d; default: nil }
        XCTAssertEqual(points, 0, "a re-draw with its reason is shown, not deducted, by default: \(line)")
    }

    func testRevealComparesEveryEnterpriseAndVerifyFailsLoudly() throws {
        let (test, server) = try servedDemo()
        let inspector = try server.client(as: "inspector1", of: test)
        let planned = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 2]))
        XCTAssertEqual(planned.status, 201, planned.text)
        let drawID = try XCTUnwrap(planned.json["draw"]?["id"]?.intValue)
        let targets = try XCTUnwrap(planned.json["envelope"]?["targets"]?.arrayValue)
        let secret = try XCTUnwrap(planned.json["envelope"]?["secret"]?.stringValue)
        let territory = try XCTUnwrap(targets.first?["territory_id"]?.intValue)
        let drawn = (targets.first?["enterprise_ids"]?.arrayValue ?? []).compactMap(\.intValue)
        XCTAssertEqual(drawn.count, 2, "the demo's territories have enough enterprises")
        let other = try XCTUnwrap(try test.core.read { db in
            try db.query("SELECT id FROM registry_enterprises WHERE territory_id = ? ORDER BY id", [territory]).map { $0.requiredInt("id") }.first { !drawn.contains($0) }
        })
        // Wrong order: verify or reveal before the visit; an unknown draw.
        XCTAssertEqual(try inspector.get("/api/v1/supervision/draws/\(drawID)/verify").status, 409)
        XCTAssertEqual(try inspector.post("/api/v1/supervision/draws/\(drawID)/actions/reveal", .object(["targets": .array(targets), "secret": .string(secret)])).status, 409)
        XCTAssertEqual(try inspector.post("/api/v1/supervision/draws/999999/actions/reveal", .object(["targets": .array(targets), "secret": .string(secret)])).status, 404)
        // A re-draw once a visit follows the draw is refused: reveal it instead.
        // The visit: the same territory, one drawn enterprise and one that was not drawn.
        let visit = try inspector.post("/api/v1/supervision/inspections", .object([
            "mode": "unannounced", "date": "2024-06-15", "territory_id": .int(territory), "draw_id": .int(drawID),
            "enterprise_ids": .array([.int(drawn[0]), .int(other)]), "inspectors": .array(["周建国"]),
        ]))
        XCTAssertEqual(visit.status, 201, visit.text)
        let late = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "redraw_reason": "换一个"]))
        XCTAssertEqual(late.status, 409, late.text)

        let revealed = try inspector.post("/api/v1/supervision/draws/\(drawID)/actions/reveal", .object(["targets": .array(targets), "secret": .string(secret)]))
        XCTAssertEqual(revealed.status, 200, revealed.text)
        let deviations = revealed.json["deviations"]?.arrayValue ?? []
        XCTAssertTrue(deviations.contains { $0["code"] == "enterprise_not_drawn" && $0["enterprise_id"] == .int(other) }, "\(deviations)")
        XCTAssertTrue(deviations.contains { $0["code"] == "enterprise_not_visited" && $0["enterprise_id"] == .int(drawn[1]) }, "\(deviations)")
        XCTAssertEqual(deviations.count, 2)
        XCTAssertTrue(deviations.allSatisfy { ($0["reason"]?.stringValue ?? "").contains("企业") })
        // Revealed twice: refused; a new visit may not follow a revealed draw.
        XCTAssertEqual(try inspector.post("/api/v1/supervision/draws/\(drawID)/actions/reveal", .object(["targets": .array(targets), "secret": .string(secret)])).status, 409)
        let after = try inspector.post("/api/v1/supervision/inspections", .object(["mode": "unannounced", "date": "2024-06-15", "territory_id": .int(territory), "draw_id": .int(drawID)]))
        XCTAssertEqual(after.status, 422)
        XCTAssertEqual(after.json["errors"]?.arrayValue?.first?["code"], "revealed")

        // Valid: exit 0 and valid over HTTP.
        XCTAssertEqual(test.cli(["supervision", "draws", "verify", String(drawID)]).code, 0)
        XCTAssertEqual(try inspector.get("/api/v1/supervision/draws/\(drawID)/verify").json["verdict"], "valid")
        // The stored commitment is tampered with: HTTP says invalid, the CLI exits non-zero.
        try test.core.database.write { db in _ = try db.execute("UPDATE supervision_draws SET commitment = ? WHERE id = ?", [String(repeating: "0", count: 64), drawID]) }
        let checked = try inspector.get("/api/v1/supervision/draws/\(drawID)/verify")
        XCTAssertEqual(checked.status, 200)
        XCTAssertEqual(checked.json["valid"], .bool(false))
        XCTAssertEqual(checked.json["verdict"], "invalid")
        XCTAssertTrue((checked.json["message"]?.stringValue ?? "").contains("核验不通过"))
        let cli = test.cli(["supervision", "draws", "verify", String(drawID)])
        XCTAssertEqual(cli.code, 1, cli.out + cli.err)
        XCTAssertTrue(cli.err.contains("核验不通过"), cli.err)
        XCTAssertEqual(test.cli(["supervision", "draws", "verify", String(drawID), "--json"]).code, 1)
        // Out of scope: a town, an enterprise.
        XCTAssertEqual(try server.client(as: "dongcheng", of: test).get("/api/v1/supervision/draws/\(drawID)/verify").status, 403)
        XCTAssertEqual(try server.client(as: "qiye", of: test).post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2"])).status, 403)
    }
}

extension RedrawTests {
    /// A member unit's 四不两直 visit cannot name a group's sealed draw: it would tie itself to the
    /// group's round (blocking its re-draw, standing in its reveal). Nothing is written.
    func testADepartmentsVisitCannotFollowAGroupsSealedDraw() throws {
        let (test, server) = try servedDemo()
        let inspector = try server.client(as: "inspector1", of: test)
        let unit = try server.client(as: "fgj", of: test)
        let planned = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 1]))
        XCTAssertEqual(planned.status, 201, planned.text)
        let drawID = try XCTUnwrap(planned.json["draw"]?["id"]?.intValue)
        let territory = try XCTUnwrap(planned.json["envelope"]?["targets"]?.arrayValue?.first?["territory_id"]?.intValue)
        let inspections = { try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_inspections") } }
        let before = try inspections()
        let refused = try unit.post("/api/v1/supervision/inspections", .object([
            "mode": "unannounced", "date": "2024-06-15", "territory_id": .int(territory), "draw_id": .int(drawID)]))
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(refused.json["errors"]?.arrayValue?.first?["field"], "draw_id")
        XCTAssertTrue((refused.json["detail"]?.stringValue ?? "").contains("部门的检查不能依据督导组的密封抽签"), refused.text)
        XCTAssertEqual(try inspections(), before, "nothing written")
        XCTAssertEqual(try inspector.get("/api/v1/supervision/draws/\(drawID)").json["inspection_ids"], .array([]))
        // The CLI says the same.
        let cli = test.cli(["supervision", "inspections", "add", "--mode", "unannounced", "--date", "2024-06-15", "--territory", String(territory),
                            "--draw-id", String(drawID), "--as", "fgj"])
        XCTAssertEqual(cli.code, 5, cli.err)
        // The group may still re-draw (with a reason): no visit follows its draw.
        let redraw = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 1,
                                                                             "redraw_reason": "抽中企业已停产关闭"]))
        XCTAssertEqual(redraw.status, 201, redraw.text)
        // A department's own unannounced visit, following no draw, is still recorded.
        XCTAssertEqual(try unit.post("/api/v1/supervision/inspections", .object(["mode": "unannounced", "date": "2024-06-15", "territory_id": .int(territory)])).status, 201)
    }
}
