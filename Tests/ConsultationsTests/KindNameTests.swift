// A meeting kind is found by its code or its name (meetings add --kind, the agenda, compliance), so
// no two kinds may answer to the same text: a second kind named like another (on creation or by a
// rename) was accepted, and a meeting recorded by that name silently went to the older kind.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class KindNameTests: XCTestCase {
    func testNoTwoKindsAnswerToTheSameName() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let kinds = { try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_meeting_kinds") } }
        let before = try kinds()

        let twin = try office.post("/api/v1/consultations/kinds", .object(["code": "riskTwo", "name": "安全风险会商研判会议", "body_kind": "office", "body_name": "区安委办"]))
        XCTAssertEqual(twin.status, 409, twin.text)
        XCTAssertEqual(twin.json["errors"]?.arrayValue?.first?["field"], "name")
        XCTAssertEqual(twin.json["errors"]?.arrayValue?.first?["code"], "duplicate")
        XCTAssertTrue(twin.json["detail"]?.stringValue?.hasPrefix("会议类型名称“安全风险会商研判会议”已被会议类型 1（riskConsultation）使用") ?? false, twin.text)
        let named = try office.post("/api/v1/consultations/kinds", .object(["code": "plenaryTwo", "name": "plenary", "body_kind": "committee", "body_name": "区安委会"]))
        XCTAssertEqual(named.status, 409, "a name that is another kind's code: \(named.text)")
        let cli = test.cli(["consultations", "kinds", "add", "--code", "studyTwo", "--name", "区政府常务会议专题研究安全生产", "--body-kind", "government", "--body-name", "区政府"])
        XCTAssertEqual(cli.code, 4, cli.err)
        XCTAssertTrue(cli.err.contains("已被会议类型 2（governmentStudy）使用"), cli.err)
        XCTAssertEqual(try kinds(), before, "nothing written")

        // A kind of its own name is fine; renaming it to another kind's name is refused, to its own name is not.
        let flood = try office.post("/api/v1/consultations/kinds", .object(["code": "floodSeason", "name": "汛期专题会商", "body_kind": "office", "body_name": "区安委办"]))
        XCTAssertEqual(flood.status, 201, flood.text)
        let id = try XCTUnwrap(flood.json["id"]?.intValue)
        let rename = try office.patch("/api/v1/consultations/kinds/\(id)", .object(["name": "区安委会全体会议"]))
        XCTAssertEqual(rename.status, 409, rename.text)
        XCTAssertEqual(try office.get("/api/v1/consultations/kinds/\(id)").json["name"], "汛期专题会商")
        XCTAssertEqual(try office.patch("/api/v1/consultations/kinds/\(id)", .object(["name": "汛期专题会商"])).status, 200)
        XCTAssertEqual(try office.patch("/api/v1/consultations/kinds/\(id)", .object(["name": "汛期安全风险专题会商"])).status, 200)

        // So a meeting recorded by a kind's name is that kind's.
        let meeting = try office.post("/api/v1/consultations/meetings", .object(["kind": "安全风险会商研判会议", "held_on": "2024-06-01", "convener": "王建国"]))
        XCTAssertEqual(meeting.status, 201, meeting.text)
        XCTAssertEqual(meeting.json["kind"], "riskConsultation")
    }
}
