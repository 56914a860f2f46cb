// Tip-offs: a round trip with the receipt key alone, and the reporter's contact in no list,
// export, event payload, audit record or log line.
import Foundation
import Kernel
import TestSupport
import XCTest

final class TipOffTests: HazardsTestCase {
    func testRoundTripWithTheReceiptKeyAloneAndTheContactNeverLeaks() throws {
        let contact = "13912345678（王先生）"
        let public_ = server.client()
        let submitted = try public_.post("/api/v1/tipoffs", ["text": "饭店后厨燃气管道有明显异味", "place": "东城镇美食街8号", "territory_id": "东城镇", "contact": .string(contact)])
        XCTAssertEqual(submitted.status, 201, submitted.text)
        let key = try XCTUnwrap(submitted.json["receipt_key"]?.stringValue)
        XCTAssertGreaterThanOrEqual(key.count, 43, "≥ 256 bits in base64url")
        let receipt = [("X-Receipt-Key", key)]

        let progress = try public_.get("/api/v1/tipoffs/receipt", headers: receipt)
        XCTAssertEqual(progress.status, 200, progress.text)
        XCTAssertEqual(progress.json["status"], "received")
        let wrongKey = String(key.dropLast()) + (key.hasSuffix("A") ? "B" : "A")
        XCTAssertEqual(try public_.get("/api/v1/tipoffs/receipt", headers: [("X-Receipt-Key", wrongKey)]).status, 404)
        XCTAssertEqual(try public_.get("/api/v1/tipoffs/receipt").status, 404)
        XCTAssertEqual(try public_.get("/api/v1/tipoffs").status, 401, "the list is for officials")

        // Officials: the list never carries the contact; one record does, only with the grant.
        let admin = try client("admin"), town = try client("dongcheng")
        let list = try admin.get("/api/v1/tipoffs?status=received")
        let item = try XCTUnwrap(list.json["items"]?.arrayValue?.first { $0["place"] == "东城镇美食街8号" })
        let id = try XCTUnwrap(item["id"]?.intValue)
        XCTAssertEqual(try admin.get("/api/v1/tipoffs/\(id)").json["contact"]?.stringValue, contact)
        let townView = try town.get("/api/v1/tipoffs/\(id)")
        XCTAssertEqual(townView.status, 200)
        XCTAssertNil(townView.json["contact"])
        XCTAssertEqual(try client("xiling").get("/api/v1/tipoffs/\(id)").status, 404)
        XCTAssertEqual(try client("qiye").get("/api/v1/tipoffs/\(id)").status, 403)

        // Triage: a hazard from the tip-off; it is fixed and closed by the supervising unit.
        let triaged = try town.post("/api/v1/tipoffs/\(id)/actions/create-hazard", ["sector": "gas", "supervising_unit_id": "区城市管理局", "deadline": "2024-06-30"])
        XCTAssertEqual(triaged.status, 200, triaged.text)
        let hazardID = try XCTUnwrap(triaged.json["hazard_id"]?.intValue)
        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(id)/actions/dismiss", ["reason": "x"]).status, 409)
        XCTAssertEqual(try admin.get("/api/v1/hazards/\(hazardID)").json["source"], "tipOff")
        XCTAssertEqual(try public_.post("/api/v1/tipoffs/receipt/not-fixed", .object([]), headers: receipt).status, 409, "not closed yet")
        _ = try town.post("/api/v1/hazards/\(hazardID)/actions/finish-rectification", .object([]))
        _ = try town.post("/api/v1/hazards/\(hazardID)/actions/apply-review", .object([]))
        XCTAssertEqual(try admin.post("/api/v1/hazards/\(hazardID)/actions/review", ["passed": true, "on_behalf_of_unit_id": "区城市管理局", "on_behalf_reason": "代为核查"]).json["status"], "closed")
        XCTAssertEqual(try public_.get("/api/v1/tipoffs/receipt", headers: receipt).json["hazard"]?["status"], "closed")

        // The reporter says "not fixed" with the key alone: the hazard reopens.
        let reopened = try public_.post("/api/v1/tipoffs/receipt/not-fixed", ["note": "仍有异味"], headers: receipt)
        XCTAssertEqual(reopened.status, 200, reopened.text)
        XCTAssertEqual(reopened.json["hazard"]?["status"], "rectifying")
        XCTAssertEqual(try admin.get("/api/v1/hazards/\(hazardID)").json["status"], "rectifying")
        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(id)/actions/reward", ["decision": "举报属实，奖励200元", "amount": 200]).status, 200)

        // Nowhere else: lists, CSV exports, hazards, events, audit, the access log.
        let csv = try admin.get("/api/v1/tipoffs", headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        XCTAssertTrue(csv.text.contains("东城镇美食街8号"))
        for text in [csv.text, try admin.get("/api/v1/tipoffs").text, try admin.get("/api/v1/hazards?limit=200").text,
                     try admin.get("/api/v1/hazards/\(hazardID)/timeline").text, try admin.get("/api/v1/events?after=0&limit=200").text] {
            XCTAssertFalse(text.contains("13912345678"), text.prefix(300).description)
        }
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM kernel_events WHERE instr(payload, '13912345678') > 0"), 0)
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM kernel_audit WHERE instr(summary || entity_id || coalesce(before_digest, '') || coalesce(after_digest, ''), '13912345678') > 0"), 0)
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_tipoffs WHERE contact = '\(contact)'"), 1, "kept where it belongs")
        let log = server.log.current.joined(separator: "\n")
        XCTAssertTrue(log.contains("/api/v1/tipoffs/receipt"))
        XCTAssertFalse(log.contains("13912345678"))
        XCTAssertFalse(log.contains(key), "the receipt key never reaches the access log")
    }

    func testIntakeIsRateLimitedSizeLimitedAndChecksPhotos() throws {
        // A day before the round trip, so its window does not count against it (the limiter reads the core's clock).
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 14)!)
        let public_ = server.client()
        XCTAssertEqual(try public_.post("/api/v1/tipoffs", ["place": "某处"]).status, 422)
        let long = String(repeating: "很", count: 2001)
        XCTAssertEqual(try public_.post("/api/v1/tipoffs", ["text": .string(long), "place": "某处"]).status, 422)
        let notAPhoto = Data("hello".utf8).base64EncodedString()
        let fake = try public_.post("/api/v1/tipoffs", ["text": "有隐患", "place": "某处", "photos": .array([.object(["name": "a.jpg", "media_type": "image/jpeg", "content_base64": .string(notAPhoto)])])])
        XCTAssertEqual(fake.status, 422, fake.text)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).base64EncodedString()
        let withPhoto = try public_.post("/api/v1/tipoffs", ["text": "有隐患", "place": "某处", "photos": .array([.object(["name": "a.png", "content_base64": .string(png)])])])
        XCTAssertEqual(withPhoto.status, 201, withPhoto.text)
        // Only the accepted submission above counts: the fake photo's 422 does not (#20 item 9), and
        // the two the declared input refused never reached the intake's handler. The window allows 5.
        var statuses: [Int] = []
        for _ in 0..<5 { statuses.append(try public_.post("/api/v1/tipoffs", ["text": "又一条", "place": "某处"]).status) }
        XCTAssertEqual(statuses, [201, 201, 201, 201, 429])
    }
}
