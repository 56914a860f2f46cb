// Leaders' lists (#19 items 5 and 13): a late filing says it is late and by how many days; a name
// two people share is refused with the candidates; a filed list reads back; the committee's
// responsible comrades stand apart from the units' heads; the status as of a day counts only the
// filings made by then and is the same bytes whether or not `tick` has run. CLI and HTTP.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class LeaderListFilingTests: XCTestCase {
    static let base = "/api/v1/responsibilities"

    /// The principal leader of `unit` (by the registry's post).
    static func head(of unit: String, _ test: TestApplication) throws -> Int64 {
        try XCTUnwrap(try test.core.read { try $0.queryOne("""
            SELECT p.id FROM registry_posts s JOIN registry_people p ON p.id = s.person_id JOIN registry_units u ON u.id = s.unit_id
            WHERE u.name = ? AND s.role = 'principalLeader'
            """, [unit])?.requiredInt("id") })
    }

    static func row(_ items: JSON, _ personID: Int64) -> JSON? {
        (items.arrayValue ?? items["items"]?.arrayValue ?? []).first { $0["person_id"]?.intValue == personID }
    }

    func testLateFilingTiersReadBackAndAsOf() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 3, day: 5)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let base = Self.base, r = ["responsibilities"]
        let office = server.client(token: try test.token(for: "anweiban"))
        let fgj = server.client(token: try test.token(for: "fgj"))
        let town = server.client(token: try test.token(for: "dongcheng"))
        let enterprise = server.client(token: try test.token(for: "qiye"))

        // 叶华: two people. Refused with both candidates, over HTTP and the CLI; never the first.
        let yehua = try test.core.read { try $0.query("SELECT id FROM registry_people WHERE name = '叶华' ORDER BY id") }.map { $0.requiredInt("id") }
        XCTAssertEqual(yehua.count, 2)
        let ambiguous = try office.post("\(base)/leader-lists", .object(["kind": "work", "year": 2024, "person_id": "叶华", "content": "工作清单"]))
        XCTAssertEqual(ambiguous.status, 422, ambiguous.text)
        XCTAssertEqual(ContractHTTPTests.errors(ambiguous).first?.code, "ambiguous")
        XCTAssertTrue(yehua.allSatisfy { ambiguous.text.contains("id \($0)") }, ambiguous.text)
        let cliAmbiguous = test.cli(r + ["leader-lists", "file", "--kind", "work", "--year", "2024", "--person", "叶华", "--content", "x"])
        XCTAssertEqual(cliAmbiguous.code, 5)
        XCTAssertTrue(yehua.allSatisfy { cliAmbiguous.err.contains("id \($0)") }, cliAmbiguous.err)
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM responsibilities_leader_lists") }, 0, "nothing filed for either")

        // The committee's responsible comrades: registered by the office, a tier of their own.
        let chair = try LedgerTestSupport.json(test.cli(["org", "people", "add", "--name", "王建国", "--json"]).out)["id"]?.intValue ?? 0
        let registered = try office.post("\(base)/leader-lists/committee", .object(["person_id": .int(chair), "title": "区安委会主任"]))
        XCTAssertEqual(registered.status, 201, registered.text)
        XCTAssertEqual(try office.post("\(base)/leader-lists/committee", .object(["person_id": .int(chair), "title": "区安委会主任"])).status, 409)
        XCTAssertEqual(try fgj.post("\(base)/leader-lists/committee", .object(["person_id": .int(chair), "title": "x"])).status, 403)
        XCTAssertEqual(test.cli(r + ["leader-lists", "committee", "list", "--as", "fgj"]).code, 1)
        XCTAssertEqual(try office.get("\(base)/leader-lists/committee").json["items"]?.arrayValue?.first?["title"]?.stringValue, "区安委会主任")

        // The chair files on time (02-20, CLI as of then); 叶华 of 区文化旅游局 late on 03-05 (HTTP, today).
        let onTime = test.cli(r + ["leader-lists", "file", "--kind", "work", "--year", "2024", "--person", String(chair), "--content", "区安委会主任2024年度工作清单",
                                   "--today", "2024-02-20", "--as", "anweiban", "--json"])
        XCTAssertEqual(onTime.code, 0, onTime.err)
        let culture = try Self.head(of: "区文化旅游局", test)
        XCTAssertTrue(yehua.contains(culture))
        let late = try office.post("\(base)/leader-lists", .object(["kind": "work", "year": 2024, "person_id": .int(culture), "content": "一、每季度研究一次安全生产"]))
        XCTAssertEqual(late.status, 201, late.text)
        let again = try office.post("\(base)/leader-lists", .object(["kind": "work", "year": 2024, "person_id": .int(culture), "content": "again"]))
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.json["code"]?.stringValue, "already_filed")
        XCTAssertTrue(again.json["detail"]?.stringValue?.contains("已于2024-03-05报送") ?? false, again.text)
        XCTAssertEqual(try office.post("\(base)/leader-lists", .object(["kind": "work", "year": 2024, "person_id": .int(chair), "content": "x"])).status, 409, "the chair filed already")
        let manager = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT person_id FROM registry_posts WHERE role = 'safetyManager' ORDER BY id LIMIT 1")?.requiredInt("person_id") })
        let notLeader = try office.post("\(base)/leader-lists", .object(["kind": "duty", "year": 2024, "person_id": .int(manager), "content": "x"]))
        XCTAssertEqual(notLeader.status, 422, notLeader.text)
        XCTAssertEqual(ContractHTTPTests.errors(notLeader).first?.code, "not_leader")
        XCTAssertEqual(try fgj.post("\(base)/leader-lists", .object(["kind": "work", "year": 2024, "person_id": .int(culture), "content": "x"])).status, 403)

        // Today: the chair green (on time), 叶华 yellow: filed late, 5 days, said in Chinese with a code.
        let status = try office.get("\(base)/leader-lists?year=2024")
        XCTAssertEqual(status.status, 200, status.text)
        ReplyConformance.assert(status.json, [FieldSpec.list("items", of: .object(ListContracts.leaderStatus), maxItems: 10_000, "").always], "GET leader-lists")
        let chairRow = try XCTUnwrap(Self.row(status.json, chair))
        XCTAssertEqual(chairRow["tier"]?.stringValue, "committee")
        XCTAssertEqual(chairRow["tier_label"]?.stringValue, "区安委会负责同志")
        XCTAssertEqual(chairRow["unit"]?.stringValue, "区安委会")
        XCTAssertEqual(chairRow["colour"]?.stringValue, "green")
        XCTAssertEqual(chairRow["reason_code"]?.stringValue, "filed_on_time")
        let yeRow = try XCTUnwrap(Self.row(status.json, culture))
        XCTAssertEqual(yeRow["tier"]?.stringValue, "unit")
        XCTAssertEqual(yeRow["unit"]?.stringValue, "区文化旅游局")
        XCTAssertEqual(yeRow["colour"]?.stringValue, "yellow", "a late filing is not green")
        XCTAssertEqual(yeRow["reason_code"]?.stringValue, "filed_late")
        XCTAssertEqual(yeRow["days_late"]?.intValue, 5)
        XCTAssertEqual(yeRow["reason"]?.stringValue, "逾期报送：截止2024-02-29，2024-03-05报送，逾期5天")
        let committeeOnly = try office.get("\(base)/leader-lists?year=2024&tier=committee").json["items"]?.arrayValue ?? []
        XCTAssertEqual(committeeOnly.compactMap { $0["person_id"]?.intValue }, [chair])
        XCTAssertEqual((try office.get("\(base)/leader-lists?year=2024&tier=unit").json["items"]?.arrayValue ?? []).count, 55, "the 55 units' heads")

        // Far-apart years (schemathesis): still what the route declares.
        let far = try office.get("\(base)/leader-lists?year=1901&as_of=2200-04-08")
        XCTAssertEqual(far.status, 200, far.text)
        ReplyConformance.assert(far.json, [FieldSpec.list("items", of: .object(ListContracts.leaderStatus), maxItems: 10_000, "").always], "GET leader-lists (1901 as of 2200)")

        // As of 03-01 the late filing did not exist yet: 叶华 red, overdue 1 day; as of 02-19 nobody had filed.
        let march1 = try office.get("\(base)/leader-lists?year=2024&as_of=2024-03-01")
        let yeMarch1 = try XCTUnwrap(Self.row(march1.json, culture))
        XCTAssertEqual(yeMarch1["filed"], .bool(false))
        XCTAssertEqual(yeMarch1["colour"]?.stringValue, "red")
        XCTAssertEqual(yeMarch1["reason"]?.stringValue, "逾期未报送：截止2024-02-29，已逾期1天")
        XCTAssertEqual(Self.row(march1.json, chair)?["colour"]?.stringValue, "green")
        let feb19 = try office.get("\(base)/leader-lists?year=2024&as_of=2024-02-19&tier=committee")
        XCTAssertEqual(Self.row(feb19.json, chair)?["filed"], .bool(false))
        XCTAssertEqual(Self.row(feb19.json, chair)?["reason_code"]?.stringValue, "not_yet_due")
        let feb25 = try office.get("\(base)/leader-lists?year=2024&as_of=2024-02-25&missing=true")
        XCTAssertTrue((feb25.json["items"]?.arrayValue ?? []).allSatisfy { $0["reason_code"]?.stringValue == "due_soon" && $0["colour"]?.stringValue == "yellow" })
        let cliMarch1 = try LedgerTestSupport.json(test.cli(r + ["leader-lists", "status", "--year", "2024", "--json", "--today", "2024-03-01"]).out)
        XCTAssertEqual(Self.row(cliMarch1, culture)?["reason_code"]?.stringValue, "overdue")

        // The same bytes whether or not the scheduled checks ran.
        let csvBefore = try office.get("\(base)/leader-lists?year=2024&as_of=2024-03-01", headers: [("Accept", "text/csv")]).body
        let cliBefore = test.cli(r + ["leader-lists", "status", "--year", "2024", "--as-of", "2024-03-01", "--json"]).out
        XCTAssertEqual(test.cli(["tick", "--at", "2024-12-31"]).code, 0)
        XCTAssertEqual(try office.get("\(base)/leader-lists?year=2024&as_of=2024-03-01").body, march1.body)
        XCTAssertEqual(try office.get("\(base)/leader-lists?year=2024&as_of=2024-03-01", headers: [("Accept", "text/csv")]).body, csvBefore)
        XCTAssertEqual(test.cli(r + ["leader-lists", "status", "--year", "2024", "--as-of", "2024-03-01", "--json"]).out, cliBefore)

        // Read back: the office any list; a unit its own head's; others 404 (unit) or 403 (roles without lists).
        let lateID = try XCTUnwrap(late.json["id"]?.intValue)
        let shown = try office.get("\(base)/leader-lists/\(lateID)")
        XCTAssertEqual(shown.status, 200, shown.text)
        ReplyConformance.assert(shown.json, ListContracts.leaderList, "GET leader-lists/{id}")
        XCTAssertEqual(shown.json["content"]?.stringValue, "一、每季度研究一次安全生产")
        XCTAssertEqual(shown.json["days_late"]?.intValue, 5)
        XCTAssertEqual(try fgj.get("\(base)/leader-lists/\(lateID)").status, 404, "another unit's head")
        XCTAssertEqual(try town.get("\(base)/leader-lists/\(lateID)").status, 403)
        XCTAssertEqual(try enterprise.get("\(base)/leader-lists/\(lateID)").status, 403)
        XCTAssertEqual(try office.get("\(base)/leader-lists/999999").status, 404)
        let fgjHead = try Self.head(of: "区发改局", test)
        let own = try office.post("\(base)/leader-lists", .object(["kind": "duty", "year": 2024, "person_id": .int(fgjHead), "content": "区发改局主要负责同志职责清单"]))
        XCTAssertEqual(own.status, 201, own.text)
        XCTAssertEqual(try fgj.get("\(base)/leader-lists/\(own.json["id"]?.intValue ?? 0)").json["content"]?.stringValue, "区发改局主要负责同志职责清单")
        // A unit's head who is also on the committee stands in both tiers; the units' tier keeps all 55.
        XCTAssertEqual(try office.post("\(base)/leader-lists/committee", .object(["person_id": .int(fgjHead), "title": "区安委会副主任"])).status, 201)
        XCTAssertEqual((try office.get("\(base)/leader-lists?year=2024&tier=unit").json["items"]?.arrayValue ?? []).count, 55)
        let bothTiers = try office.get("\(base)/leader-lists?year=2024&kind=duty").json["items"]?.arrayValue?.filter { $0["person_id"]?.intValue == fgjHead } ?? []
        XCTAssertEqual(bothTiers.compactMap { $0["tier"]?.stringValue }, ["committee", "unit"])
        XCTAssertTrue(bothTiers.allSatisfy { $0["filed"] == .bool(true) }, "one filing counts for both")
        XCTAssertEqual(try fgj.get("\(base)/leader-lists/\(own.json["id"]?.intValue ?? 0)").status, 200, "still its own head's")
        let cliShow = test.cli(r + ["leader-lists", "show", String(lateID)])
        XCTAssertEqual(cliShow.code, 0, cliShow.err)
        XCTAssertTrue(cliShow.out.contains("一、每季度研究一次安全生产") && cliShow.out.contains("逾期5天"), cliShow.out)
        XCTAssertEqual(test.cli(r + ["leader-lists", "show", String(lateID), "--as", "qiye"]).code, 3)
        XCTAssertEqual(test.cli(r + ["leader-lists", "status", "--year", "2024", "--as", "qiye"]).code, 1)

        // Removing the chair from the committee keeps the filed list (and its tier).
        let registration = try XCTUnwrap(registered.json["id"]?.intValue)
        XCTAssertEqual(try office.send("DELETE", "\(base)/leader-lists/committee/\(registration)").status, 204)
        XCTAssertEqual(try office.send("DELETE", "\(base)/leader-lists/committee/\(registration)").status, 404)
        XCTAssertEqual(try office.get("\(base)/leader-lists/\(try LedgerTestSupport.json(onTime.out)["id"]?.intValue ?? 0)").json["tier"]?.stringValue, "committee")
        let audit = try test.core.read { try $0.query("SELECT action, summary FROM kernel_audit WHERE action LIKE 'responsibilities.%leader%' ORDER BY id") }
        XCTAssertEqual(audit.map { $0.requiredString("action") }, ["responsibilities.committee_leader.add", "responsibilities.leader_list.file", "responsibilities.leader_list.file",
                                                                   "responsibilities.leader_list.file", "responsibilities.committee_leader.add", "responsibilities.committee_leader.remove"])
        XCTAssertTrue(audit[2].requiredString("summary").contains("逾期5天"), audit[2].requiredString("summary"))
    }
}
