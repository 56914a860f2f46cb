// Compliance paged by enterprise (issue 23 §2): the pages of `limit` enterprises, followed by their
// `next`, hold the same rows in the same order as one page of every enterprise, each enterprise
// once, for every roll-up that is paged, every kind of user, filters and days judged; territory
// and industry are one page, their counts the sums of the enterprises'; CSV is every row.
import CLI
import Kernel
import TestSupport
import XCTest

final class CompliancePagingTests: TrainingTestCase {
    /// Every row of `arguments` followed page by page (`more: --after N` on stderr), with the pages' count.
    func pages(_ arguments: [String], limit: Int) throws -> ([JSON], Int) {
        var rows: [JSON] = []
        var after: String?
        var count = 0
        repeat {
            let result = test.cli(arguments + ["--json", "--limit", String(limit)] + (after.map { ["--after", $0] } ?? []))
            XCTAssertEqual(result.code, 0, result.err)
            rows += try JSONParser.parse(result.out).arrayValue ?? []
            count += 1
            after = result.err.split(separator: "\n").last { $0.hasPrefix("more: --after ") }.map { String($0.split(separator: " ").last ?? "") }
        } while after != nil && count < 1000
        return (rows, count)
    }

    func testPagesByEnterpriseHoldEveryRowOnce() throws {
        var compared = 0
        for user in ["anweiban", "dongcheng", "fgj", "qiye", "inspector1"] {
            for (by, extra) in [("enterprise", []), ("person", []), ("person", ["--status", "shortfall"]), ("shortfall", []),
                                ("enterprise", ["--territory", "东城镇"]), ("shortfall", ["--year", "2023"]), ("person", ["--on", "2024-03-01"])] {
                let arguments = ["training", "compliance", "--by", by, "--as", user] + extra
                // The demo's 300 enterprises: pages of 200 (the largest), then smaller ones.
                let (whole, _) = try pages(arguments, limit: 200)
                for limit in [17, 61] {
                    let (rows, count) = try pages(arguments, limit: limit)
                    XCTAssertEqual(rows, whole, "\(user) \(by) \(extra): pages of \(limit)")
                    if by == "enterprise" {
                        let ids = rows.compactMap { $0["enterprise_id"]?.int }
                        XCTAssertEqual(ids, ids.sorted(), "\(user): in id order")
                        XCTAssertEqual(Set(ids).count, ids.count, "\(user): each enterprise once")
                        XCTAssertEqual(count, max(1, (ids.count + limit - 1) / limit), "\(user): \(limit) enterprises a page")
                    }
                    compared += 1
                }
                // CSV: every row, not paged.
                let csv = test.cli(arguments + ["--csv", "--limit", "1"])
                XCTAssertEqual(csv.code, 0, csv.err)
                XCTAssertFalse(csv.err.contains("more:"))
                if by == "enterprise" {
                    XCTAssertEqual((try CSV.parse(csv.out)).count - 1, whole.count, "\(user): the export has every enterprise")
                }
            }
        }
        XCTAssertEqual(compared, 5 * 7 * 2)
    }

    func testRollUpsAreOnePageOfTheEnterprisesSums() throws {
        let enterprises = try pages(["training", "compliance", "--by", "enterprise", "--year", "2024"], limit: 200).0
        for by in ["territory", "industry"] {
            let result = test.cli(["training", "compliance", "--by", by, "--year", "2024", "--limit", "1", "--json"])
            XCTAssertEqual(result.code, 0, result.err)
            XCTAssertFalse(result.err.contains("more:"), "every group on one page")
            let rows = try JSONParser.parse(result.out).arrayValue ?? []
            XCTAssertGreaterThan(rows.count, 1)
            for field in ["people", "compliant", "pending", "shortfall"] {
                XCTAssertEqual(rows.reduce(0) { $0 + ($1[field]?.int ?? 0) }, enterprises.reduce(0) { $0 + ($1[field]?.int ?? 0) }, "\(by) \(field)")
            }
            XCTAssertEqual(rows.reduce(0) { $0 + ($1["enterprises"]?.int ?? 0) }, Int64(enterprises.count), by)
            XCTAssertEqual(rows.reduce(0) { $0 + ($1["red_enterprises"]?.int ?? 0) }, Int64(enterprises.filter { $0["colour"]?.string == "red" }.count), by)
        }
    }

    func testPagesOverHTTPFollowNext() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let whole = try pages(["training", "compliance", "--by", "person", "--year", "2024", "--as", "anweiban"], limit: 200).0
        var rows: [JSON] = []
        var next: String? = "/api/v1/training/compliance?by=person&year=2024&limit=31"
        while let path = next {
            let page = try office.get(path)
            XCTAssertEqual(page.status, 200, page.text)
            rows += page.json["items"]?.arrayValue ?? []
            next = page.json["next"]?.stringValue.map { "/api/v1/training/compliance?by=person&year=2024&limit=31&after=\($0)" }
        }
        XCTAssertEqual(rows, whole)
        XCTAssertFalse(whole.isEmpty)
        XCTAssertEqual(try office.get("/api/v1/training/compliance?limit=0").status, 400)
        XCTAssertEqual(try office.get("/api/v1/training/compliance?by=territory").json["next"], .null)
    }
}
