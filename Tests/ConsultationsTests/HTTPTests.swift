// The HTTP API over a real server: create with Location, validation naming the field, scope as
// "not found", roles as 403, If-Match, CSV, printable minutes with escaped text, attachments.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class HTTPTests: XCTestCase {
    func testMeetingsOverHTTP() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))

        var body = Fixtures.consultation(heldOn: "2024-06-12")
        body["minutes"] = "第一段<script>alert(1)</script>\n第二段 & “引号”"
        body["attachments"] = .array([.object(["name": "签到表.txt", "media_type": "text/plain", "content": "签到"])])
        let created = try admin.post("/api/v1/consultations/meetings", Fixtures.object(body))
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"]?.intValue)
        XCTAssertEqual(created.header("Location"), "/api/v1/consultations/meetings/\(id)")
        XCTAssertEqual(created.json["risks"]?.arrayValue?.first?["level_colour"], "红")
        XCTAssertEqual(created.json["absent_units"]?.arrayValue?.first?["name"], "区水务局")

        // Validation: every fault named, nothing written. What the schema says is checked first
        // (a choice, a name that is no unit, an unknown field), then the rules it cannot say.
        let before = try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_meetings") }
        let bad = try admin.post("/api/v1/consultations/meetings", .object([
            "kind": "riskConsultation", "held_on": "2024-06-10", "convener": "王",
            "risks": .array([.object(["area": "燃气", "level": "purple", "description": "x"])]),
            "decisions": .array([.object(["text": "甲", "lead_unit_id": "区应急管理局", "deadline": "2024-06-11"]), .object(["text": "乙", "lead_unit_id": "无此单位"])]),
            "colour": "red",
        ]))
        XCTAssertEqual(bad.status, 422, bad.text)
        let fields = Set((bad.json["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue })
        XCTAssertEqual(fields, ["risks[0].level", "decisions[1].lead_unit_id", "colour"])
        let codes = Set((bad.json["errors"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue })
        XCTAssertEqual(codes, ["choice", "not_found", "unknown_field"])
        let rules = try admin.post("/api/v1/consultations/meetings", .object([
            "kind": "riskConsultation", "held_on": "2024-06-10", "convener": "王",
            "decisions": .array([.object(["text": "甲", "lead_unit_id": "区应急管理局", "deadline": "2024-06-01"]), .object(["text": "乙", "lead_unit_id": "区应急管理局"]),
                                 .object(["text": "丙", "lead_unit_id": "区应急管理局", "lead_territory_id": "东城镇", "deadline": "2024-06-30"])]),
            "attendees": .array([.object(["unit_id": "区应急管理局", "person": "王"])]),
        ]))
        XCTAssertEqual(rules.status, 422, rules.text)
        let ruleFaults = (rules.json["errors"]?.arrayValue ?? []).map { "\($0["field"]?.stringValue ?? ""):\($0["code"]?.stringValue ?? "")" }
        XCTAssertEqual(Set(ruleFaults), ["attendees[0]:one_of", "decisions[0].deadline:before_meeting", "decisions[1].deadline:lead_and_deadline",
                                         "decisions[2].lead_territory_id:one_lead"])
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_meetings") }, before)
        XCTAssertEqual(try admin.post("/api/v1/consultations/meetings", .object(["kind": "riskConsultation", "held_on": "2024-07-01", "convener": "王"])).status, 422,
                       "a meeting in the future is not recorded")
        let noGroup = try admin.post("/api/v1/consultations/meetings", .object(["kind": "specialGroup", "held_on": "2024-06-01", "convener": "王"]))
        XCTAssertEqual(noGroup.status, 422)
        XCTAssertEqual(noGroup.json["errors"]?.arrayValue?.first?["code"], "required_for_group")

        // Scope: a town sees meetings it attended, not others; it may not record.
        let dongcheng = server.client(token: try test.token(for: "dongcheng"))
        XCTAssertEqual(try dongcheng.get("/api/v1/consultations/meetings/\(id)").status, 200)
        let other = try admin.post("/api/v1/consultations/meetings", .object(["kind": "governmentStudy", "held_on": "2024-06-13", "convener": "区长"]))
        let otherID = try XCTUnwrap(other.json["id"]?.intValue)
        XCTAssertEqual(try dongcheng.get("/api/v1/consultations/meetings/\(otherID)").status, 404)
        XCTAssertFalse((try dongcheng.get("/api/v1/consultations/meetings?limit=200").json["items"]?.arrayValue ?? []).contains { $0["id"]?.intValue == otherID })
        XCTAssertEqual(try dongcheng.post("/api/v1/consultations/meetings", .object(["kind": "riskConsultation", "held_on": "2024-06-10", "convener": "x"])).status, 403)
        // A special group's host unit records that group's meetings, not the office's.
        let yjj = server.client(token: try test.token(for: "yjj"))
        XCTAssertEqual(try yjj.post("/api/v1/consultations/meetings", .object(["kind": "specialGroup", "group_id": "区危险化学品安全专项领导小组", "held_on": "2024-06-14", "convener": "局长"])).status, 201)
        XCTAssertEqual(try yjj.post("/api/v1/consultations/meetings", .object(["kind": "specialGroup", "group_id": "区燃气安全专项领导小组", "held_on": "2024-06-14", "convener": "局长"])).status, 403)

        // If-Match.
        let etag = try XCTUnwrap(try admin.get("/api/v1/consultations/meetings/\(id)").header("ETag"))
        XCTAssertEqual(try admin.send("PATCH", "/api/v1/consultations/meetings/\(id)", json: .object(["venue": "区政府3号会议室"]), headers: [("If-Match", "\"999\"")]).status, 412)
        let patched = try admin.send("PATCH", "/api/v1/consultations/meetings/\(id)", json: .object(["venue": "区政府3号会议室"]), headers: [("If-Match", etag)])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual(patched.json["venue"], "区政府3号会议室")

        // A decision added later is tracked, and listed with its live status.
        let decision = try admin.post("/api/v1/consultations/meetings/\(id)/decisions", .object(["text": "补充决定", "lead_territory_id": "东城镇", "deadline": "2024-06-20"]))
        XCTAssertEqual(decision.status, 201, decision.text)
        XCTAssertEqual(decision.json["lead"]?["kind"], "territory")
        XCTAssertEqual(decision.json["colour"], "yellow", "due in 5 days")
        let open = try admin.get("/api/v1/consultations/decisions?meeting_id=\(id)&status=open")
        XCTAssertEqual(open.json["items"]?.arrayValue?.count, 3)
        XCTAssertEqual(try admin.get("/api/v1/consultations/decisions?status=late").status, 422)
        let csv = try admin.get("/api/v1/consultations/meetings?quarter=2024-Q2", headers: [("Accept", "text/csv")])
        XCTAssertTrue(csv.header("Content-Type")?.hasPrefix("text/csv") ?? false)
        XCTAssertTrue(csv.text.contains("2024-06-12"))

        // The minutes: printable, self-contained, escaped.
        let minutes = try admin.get("/api/v1/consultations/meetings/\(id)/minutes")
        XCTAssertEqual(minutes.status, 200)
        XCTAssertTrue(minutes.header("Content-Type")?.hasPrefix("text/html") ?? false)
        XCTAssertTrue(minutes.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertFalse(minutes.text.contains("<script>"))
        XCTAssertFalse(minutes.text.contains("http"), "no outside resources")
        XCTAssertTrue(minutes.text.contains("开展危化品特殊作业专项检查"))
        XCTAssertTrue(minutes.text.contains("@media print"))

        // Attachments come back as stored.
        let attachment = try XCTUnwrap(created.json["attachments"]?.arrayValue?.first?["link"]?.stringValue)
        let file = try admin.get(attachment)
        XCTAssertEqual(file.text, "签到")
        XCTAssertEqual(file.header("Content-Type"), "text/plain; charset=utf-8", "served as what its bytes are (issue 20 item 18)")

        // Compliance and the agenda.
        let compliance = try admin.get("/api/v1/consultations/compliance?quarter=2024-Q1")
        XCTAssertEqual(compliance.json["items"]?.arrayValue?.filter { $0["colour"] == "red" }.count, 1)
        XCTAssertEqual(try admin.get("/api/v1/consultations/compliance?quarter=Q9").status, 422)
        XCTAssertEqual(try dongcheng.get("/api/v1/consultations/agenda").status, 403)
        XCTAssertEqual(try admin.get("/api/v1/consultations/agenda").status, 200)
        XCTAssertEqual(try admin.get("/api/v1/consultations/kinds").json["items"]?.arrayValue?.count, 5)
    }
}
