// The demo's stock figures add up (checked with the sqlite3 shell), the finding handler is
// idempotent, overdue events fire once per threshold, and the CLI speaks the same rules.
import Foundation
import Kernel
import TestSupport
import XCTest

final class StatsAndEventsTests: HazardsTestCase {
    func testDemoStockFiguresAddUp() throws {
        let admin = try client("admin")
        let stockSQL = "grade = 'major' AND found_on <= '2023-12-31' AND status <> 'merged'"
        XCTAssertGreaterThan(try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE found_on <= '2023-12-31'"), 50, "the demo has 2023-and-earlier hazards")
        let stock = try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE \(stockSQL)")
        XCTAssertGreaterThan(stock, 0)
        for by in ["territory", "sector", "unit"] {
            let reply = try admin.get("/api/v1/hazards/stats?by=\(by)")
            XCTAssertEqual(reply.status, 200, reply.text)
            let items = reply.json["items"]?.arrayValue ?? []
            let total = try XCTUnwrap(items.last)
            XCTAssertEqual(total["name"], "合计")
            XCTAssertEqual(total["total"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status <> 'merged'"))
            XCTAssertEqual(total["stock"]?.intValue, stock)
            XCTAssertEqual(total["stock_open"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE \(stockSQL) AND status <> 'closed'"))
            XCTAssertEqual(total["new"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE found_on >= '2024-01-01' AND status <> 'merged'"))
            XCTAssertEqual(total["open"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status NOT IN ('closed', 'merged')"))
            XCTAssertEqual(total["overdue"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status NOT IN ('closed', 'merged') AND deadline < '2024-06-15'"))
            XCTAssertEqual(total["closed_this_year"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status = 'closed' AND closed_on >= '2024-01-01'"))
            for column in ["total", "stock", "open", "overdue"] {
                XCTAssertEqual(items.dropLast().compactMap { $0[column]?.intValue }.reduce(0, +), total[column]?.intValue, "\(by) rows add up to the total for \(column)")
            }
        }
        // Each territory's row equals its own rows, and a town's own view equals its row.
        let byTerritory = try admin.get("/api/v1/hazards/stats?by=territory").json["items"]?.arrayValue ?? []
        let dongchengRow = try XCTUnwrap(byTerritory.first { $0["name"] == "东城镇" })
        XCTAssertEqual(dongchengRow["total"]?.intValue,
                       try sqliteInt("SELECT count(*) FROM hazards_hazards h JOIN registry_territories t ON t.id = h.territory_id WHERE t.name = '东城镇' AND h.status <> 'merged'"))
        let own = try client("dongcheng").get("/api/v1/hazards/stats?by=sector").json["items"]?.arrayValue?.last
        XCTAssertEqual(own?["total"]?.intValue, dongchengRow["total"]?.intValue)
        // CSV export and the CLI agree.
        let csv = try admin.get("/api/v1/hazards/stats?by=sector", headers: [("Accept", "text/csv")])
        XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}"))
        XCTAssertTrue(csv.text.contains("stock_open"))
        let cli = test.cli(["hazards", "stats", "--by", "territory", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        let cliItems = (try? JSONParser.parse(Array(cli.out.utf8)))?.arrayValue ?? []
        XCTAssertEqual(cliItems.last?["stock"]?.intValue, stock)
        XCTAssertEqual(try admin.get("/api/v1/hazards/stats?by=colour").status, 422)
    }

    func testFindingCreatesOneHazardAndOverdueFiresOncePerThreshold() throws {
        let enterprise = try XCTUnwrap(try sqlite("SELECT id FROM registry_enterprises ORDER BY id LIMIT 1 OFFSET 40").first.flatMap { Int64($0) })
        let finding = FindingRecorded(findingId: 9001, inspectionId: 77, text: "督导发现：有限空间作业未检测", severity: "serious", isHazard: true, hazardGrade: "major",
                                      sector: nil, enterpriseId: enterprise, territoryId: nil, responsibleUnitId: nil,
                                      deadline: CalendarDate(year: 2024, month: 6, day: 20)!, wantsTask: false)
        for _ in 0..<2 {
            try test.core.write(.system("supervision")) { tx in
                try tx.publish(finding)
                try tx.audit(action: "test.finding", entity: "finding", entityID: "9001")
            }
            test.app.dispatcher.deliverDue()
        }
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE origin_key = 'finding:9001'"), 1)
        let id = try sqliteInt("SELECT id FROM hazards_hazards WHERE origin_key = 'finding:9001'")
        XCTAssertEqual(try sqlite("SELECT source || ' ' || grade || ' ' || deadline FROM hazards_hazards WHERE id = \(id)").first, "supervisionFinding major 2024-06-20")
        // Its plan then needs the clause too.
        let filed = try client("admin").post("/api/v1/hazards/\(id)/actions/file-plan", Self.plan)
        XCTAssertEqual(filed.status, 422)
        XCTAssertTrue(filed.json["errors"]?.arrayValue?.contains { $0["field"] == "standard_clause_id" } ?? false, filed.text)

        func overdueEvents() throws -> Int64 { try sqliteInt("SELECT count(*) FROM kernel_events WHERE type = 'hazards.hazard.overdue' AND payload LIKE '%\"hazard_id\":\(id),%'") }
        func proposals() throws -> Int64 { try sqliteInt("SELECT count(*) FROM kernel_events WHERE type = 'hazards.hazard.listing_proposed' AND payload LIKE '%\"hazard_id\":\(id),%'") }
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        _ = try test.app.tick()
        XCTAssertEqual(try overdueEvents(), 0, "due today is not overdue")
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 21)!)
        _ = try test.app.tick()
        _ = try test.app.tick()
        XCTAssertEqual(try overdueEvents(), 1)
        XCTAssertEqual(try proposals(), 1, "an overdue major hazard not listed is proposed for 挂牌督办, once")
        test.clock.set(CalendarDate(year: 2024, month: 7, day: 21)!)
        _ = try test.app.tick()
        XCTAssertEqual(try overdueEvents(), 2, "7 and 30 days reached at once: only the 30 is published (#20 item 4)")
        XCTAssertEqual(try proposals(), 1)
    }

    func testCLIUsesTheSameRulesAndExitCodes() throws {
        let add = test.cli(["hazards", "add", "--as", "qiye", "--description", "配电箱无防护门", "--deadline", "2024-07-01", "--json"])
        XCTAssertEqual(add.code, 0, add.err)
        let id = try XCTUnwrap((try? JSONParser.parse(Array(add.out.utf8)))?["id"]?.intValue)
        let review = test.cli(["hazards", "review", String(id), "--passed", "true", "--as", "qiye"])
        XCTAssertEqual(review.code, 1, "forbidden: \(review.err)")
        XCTAssertTrue(review.err.contains("may not review"), review.err)
        let early = test.cli(["hazards", "apply-review", String(id), "--as", "qiye"])
        XCTAssertEqual(early.code, 4)
        XCTAssertTrue(early.err.contains("allowed now"), early.err)
        XCTAssertEqual(test.cli(["hazards", "show", String(id), "--as", "fgj"]).code, 3)
        XCTAssertEqual(test.cli(["hazards", "finish-rectification", String(id), "--as", "qiye"]).code, 0)
        XCTAssertEqual(test.cli(["hazards", "add", "--as", "qiye"]).code, 5)
        let list = test.cli(["hazards", "list", "--territory", "东城镇", "--status", "open", "--csv"])
        XCTAssertEqual(list.code, 0, list.err)
        XCTAssertTrue(list.out.contains("配电箱无防护门"))
        let timeline = test.cli(["hazards", "timeline", String(id)])
        XCTAssertTrue(timeline.out.contains("finish-rectification"), timeline.out)
        let missing = test.cli(["hazards", "attach", String(id), "/no/such/file.jpg", "--as", "qiye"])
        XCTAssertEqual(missing.code, 3, "not found: \(missing.err)")
        XCTAssertEqual(missing.err.trimmingCharacters(in: .whitespacesAndNewlines), "error: 无法读取文件 /no/such/file.jpg (cannot read the file)")
    }

    func testAttachmentsAreHashedTypeCheckedAndOnTheTimeline() throws {
        let qiye = try client("qiye")
        let made = try qiye.post("/api/v1/hazards", ["description": "灭火器过期", "deadline": "2024-07-01"])
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("photo".utf8)
        let wrong = try qiye.post("/api/v1/hazards/\(id)/attachments", ["name": "x.png", "media_type": "image/png", "content_base64": .string(Data(jpeg).base64EncodedString())])
        XCTAssertEqual(wrong.status, 422, wrong.text)
        let text = try qiye.post("/api/v1/hazards/\(id)/attachments", ["name": "x.exe", "content_base64": .string(Data("MZ".utf8).base64EncodedString())])
        XCTAssertEqual(text.status, 422)
        let ok = try qiye.post("/api/v1/hazards/\(id)/attachments", ["name": "现场.jpg", "content_base64": .string(Data(jpeg).base64EncodedString())])
        XCTAssertEqual(ok.status, 201, ok.text)
        XCTAssertEqual(ok.json["media_type"], "image/jpeg")
        let attachmentID = try XCTUnwrap(ok.json["id"]?.intValue)
        let back = try qiye.get("/api/v1/hazards/\(id)/attachments/\(attachmentID)")
        XCTAssertEqual(back.body, jpeg)
        XCTAssertEqual(try client("fgj").get("/api/v1/hazards/\(id)/attachments/\(attachmentID)").status, 404)
        let timeline = try qiye.get("/api/v1/hazards/\(id)/timeline").json["items"]?.arrayValue ?? []
        XCTAssertEqual(timeline.last?["action"], "attach")
        XCTAssertEqual(timeline.last?["attachments"]?.arrayValue?.first?["name"], "现场.jpg")
    }

    func testClosureWarningsAndStatisticsReports() throws {
        let warnings = try client("admin").get("/api/v1/hazards/closure-warnings")
        XCTAssertEqual(warnings.status, 200, warnings.text)
        XCTAssertEqual(warnings.json["items"]?.arrayValue?.count, 1, "the demo's enterprise penalised 3 times within 180 days")
        let reports = try client("admin").get("/api/v1/hazards/statistics-reports?period=2024-Q1")
        XCTAssertEqual(reports.json["due"], "2024-04-15")
        let filed = reports.json["filed_count"]?.intValue ?? 0, missing = reports.json["not_filed_count"]?.intValue ?? 0
        XCTAssertEqual(filed + missing, try sqliteInt("SELECT count(*) FROM registry_enterprises"))
        XCTAssertGreaterThan(missing, 0)
        let principal = try XCTUnwrap(try sqlite("SELECT principal_person FROM registry_enterprises WHERE id = (SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇'))").first)
        let qiye = try client("qiye")
        XCTAssertEqual(try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2024-Q2", "signed_by": .string(principal)]).status, 422, "Q2 has not ended")
        XCTAssertEqual(try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2023", "signed_by": "某某"]).status, 422, "signed by the principal person")
        let yearly = try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2023", "signed_by": .string(principal)])
        XCTAssertEqual(yearly.status, 201, yearly.text)
        XCTAssertEqual(yearly.json["on_time"], false, "due 2024-01-31")
        XCTAssertEqual(try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2023", "signed_by": .string(principal)]).status, 409)
    }
}
