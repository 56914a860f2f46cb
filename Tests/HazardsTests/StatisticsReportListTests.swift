// Issue 20 item 8: officials read and export the enterprises' filed statistics reports with their
// figures, and who has not filed, each within scope, over HTTP and the CLI, CSV too.
import Foundation
import Kernel
import TestSupport
import XCTest

final class StatisticsReportListTests: HazardsTestCase {
    func rows(_ user: String, _ query: String) throws -> [JSON] {
        var items: [JSON] = []
        var path = "/api/v1/hazards/statistics-reports/items?\(query)&limit=100"
        for _ in 0..<20 {
            let reply = try client(user).get(path)
            XCTAssertEqual(reply.status, 200, reply.text)
            items += reply.json["items"]?.arrayValue ?? []
            guard let next = reply.json["next"]?.stringValue else { return items }
            path = "/api/v1/hazards/statistics-reports/items?\(query)&limit=100&after=\(next)"
        }
        XCTFail("too many pages")
        return items
    }

    func testEachOfficialReadsItsScopesReportsAndWhoHasNotFiled() throws {
        let office = try rows("anweiban", "period=2024-Q1")
        XCTAssertEqual(Int64(office.count), try sqliteInt("SELECT count(*) FROM registry_enterprises"))
        XCTAssertEqual(Int64(office.filter { $0["filed"] == true }.count), try sqliteInt("SELECT count(*) FROM hazards_statistics_reports WHERE period = '2024-Q1'"))
        // A filed report's figures are the ones filed.
        let filed = try XCTUnwrap(office.first { $0["filed"] == true })
        let id = try XCTUnwrap(filed["enterprise_id"]?.intValue)
        XCTAssertEqual(try sqlite("SELECT found || ' ' || closed || ' ' || open || ' ' || major_open || ' ' || signed_by FROM hazards_statistics_reports WHERE enterprise_id = \(id) AND period = '2024-Q1'").first,
                       [filed["found"], filed["closed"], filed["open"], filed["major_open"], filed["signed_by"]].map { Render.cell($0) }.joined(separator: " "))
        XCTAssertNotEqual(filed["on_time"], .null)
        let missing = try XCTUnwrap(office.first { $0["filed"] == false })
        XCTAssertEqual(missing["found"], .null)
        XCTAssertEqual(missing["on_time"], .null)

        // A town its territory's, a unit the enterprises it supervises, an enterprise its own.
        let town = try rows("dongcheng", "period=2024-Q1&filed=false")
        XCTAssertEqual(Int64(town.count), try sqliteInt("SELECT count(*) FROM registry_enterprises e WHERE territory_id = 1 AND NOT EXISTS (SELECT 1 FROM hazards_statistics_reports r WHERE r.enterprise_id = e.id AND r.period = '2024-Q1')"))
        XCTAssertTrue(town.allSatisfy { $0["territory_id"]?.intValue == 1 && $0["filed"] == false })
        let unit = try rows("yjj", "period=2024-Q1")
        XCTAssertEqual(Int64(unit.count), try sqliteInt("SELECT count(*) FROM registry_enterprises WHERE supervising_unit_id = 9"))
        XCTAssertEqual(try rows("yjj", "period=2024-Q1&territory_id=东城镇".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!).count,
                       unit.filter { $0["territory_id"]?.intValue == 1 }.count)
        XCTAssertEqual(try rows("fgj", "period=2024-Q1&enterprise_id=3").count, 0, "another unit's enterprise is not there")
        let own = try rows("qiye", "period=2024-Q1")
        XCTAssertEqual(own.map { $0["enterprise_id"]?.intValue }, [3])
        XCTAssertEqual(try rows("qiye", "period=2024-Q1&enterprise_id=4").count, 0)

        // Wrong input and no token.
        let officeClient = try client("anweiban")
        XCTAssertEqual(try officeClient.get("/api/v1/hazards/statistics-reports/items?period=2024-Q5").status, 422)
        XCTAssertEqual(try officeClient.get("/api/v1/hazards/statistics-reports/items").status, 422)
        XCTAssertEqual(try officeClient.get("/api/v1/hazards/statistics-reports/items?period=2024-Q1&filed=maybe").status, 422)
        XCTAssertEqual(try server.client().get("/api/v1/hazards/statistics-reports/items?period=2024-Q1").status, 401)

        // The export: every row, with its header, over HTTP and the CLI.
        let csv = try officeClient.get("/api/v1/hazards/statistics-reports/items?period=2024-Q1&filed=true", headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        let lines = csv.text.split(whereSeparator: \.isNewline)
        XCTAssertTrue(lines.first?.contains("enterprise_id,enterprise_name,territory_id") ?? false, String(lines.first ?? ""))
        XCTAssertEqual(Int64(lines.count - 1), try sqliteInt("SELECT count(*) FROM hazards_statistics_reports WHERE period = '2024-Q1'"))
        let cli = test.cli(["hazards", "reports", "list", "2024-Q1", "--filed", "false", "--as", "dongcheng", "--csv"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertEqual(cli.out.split(whereSeparator: \.isNewline).count - 1, town.count)
        let table = test.cli(["hazards", "reports", "list", "2024", "--as", "qiye"])
        XCTAssertEqual(table.code, 0, table.err)
        XCTAssertNotEqual(test.cli(["hazards", "reports", "list", "24Q1", "--as", "anweiban"]).code, 0)
    }
}
