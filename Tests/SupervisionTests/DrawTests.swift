// 四不两直: a sealed draw is verifiable after the visit, and tampering is detected.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class DrawTests: XCTestCase {
    func testDrawIsReproducibleFromTheSecretAndAvoidsLastQuartersTerritories() {
        let pool = DrawPool(eligible: [3, 5, 7], fallback: [1, 2], enterprises: [3: [30, 31, 32], 5: [50], 7: [], 1: [10], 2: [20]])
        let secret = Array("a secret".utf8)
        let first = SealedDraw.draw(pool: pool, count: 2, perTerritory: 2, secret: secret)
        XCTAssertEqual(first, SealedDraw.draw(pool: pool, count: 2, perTerritory: 2, secret: secret))
        XCTAssertEqual(first.count, 2)
        XCTAssertTrue(first.allSatisfy { [3, 5, 7].contains($0.territoryID) }, "last quarter's territories only when no other is left")
        for other in 0..<20 {
            let drawn = SealedDraw.draw(pool: pool, count: 3, perTerritory: 1, secret: [UInt8(other)])
            XCTAssertEqual(Set(drawn.map(\.territoryID)), [3, 5, 7])
        }
        let onlyOld = SealedDraw.draw(pool: DrawPool(eligible: [], fallback: [1, 2], enterprises: [:]), count: 1, perTerritory: 0, secret: secret)
        XCTAssertEqual(onlyOld.count, 1)
        XCTAssertTrue([1, 2].contains(onlyOld[0].territoryID))
        let commitment = SealedDraw.commitment(group: 1, quarter: "2024-Q3", targets: first, secretHex: Crypto.hex(secret))
        XCTAssertEqual(commitment.count, 64)
        var changed = first
        changed[0].enterpriseIDs.append(99)
        XCTAssertNotEqual(commitment, SealedDraw.commitment(group: 1, quarter: "2024-Q3", targets: changed, secretHex: Crypto.hex(secret)))
    }

    func testSealedDrawIsVerifiableAfterTheVisitAndTamperingIsDetected() throws {
        let (test, server) = try servedDemo()
        let inspector = try server.client(as: "inspector1", of: test)
        let planned = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 2]))
        XCTAssertEqual(planned.status, 201, planned.text)
        let drawID = try XCTUnwrap(planned.json["draw"]?["id"]?.intValue)
        let envelope = try XCTUnwrap(planned.json["envelope"])
        let targets = try XCTUnwrap(envelope["targets"]?.arrayValue)
        let secret = try XCTUnwrap(envelope["secret"]?.stringValue)
        XCTAssertEqual(targets.count, 1)
        let territory = try XCTUnwrap(targets[0]["territory_id"]?.intValue)

        // Sealed: the stored record shows the commitment only; the secret is nowhere in the database.
        let sealed = try inspector.get("/api/v1/supervision/draws/\(drawID)")
        XCTAssertEqual(sealed.json["status"], "sealed")
        XCTAssertEqual(sealed.json["targets"], .null)
        XCTAssertEqual(sealed.json["secret"], .null)
        let leaks = try test.core.read { db in
            try db.scalarInt("SELECT count(*) FROM supervision_draws WHERE instr(pool || excluded || commitment || coalesce(secret, ''), ?) > 0", [secret])
                + db.scalarInt("SELECT count(*) FROM kernel_audit WHERE instr(summary, ?) > 0", [secret])
                + db.scalarInt("SELECT count(*) FROM kernel_events WHERE instr(payload, ?) > 0", [secret])
        }
        XCTAssertEqual(leaks, 0)
        // Not before the visit.
        XCTAssertEqual(try inspector.post("/api/v1/supervision/draws/\(drawID)/actions/reveal", .object(["targets": .array(targets), "secret": .string(secret)])).status, 409)
        // A group's unannounced visit must name its draw.
        let noDraw = try inspector.post("/api/v1/supervision/inspections", .object(["mode": "unannounced", "date": "2024-06-14", "territory_id": .int(territory)]))
        XCTAssertEqual(noDraw.status, 422)
        // A visit dated before the draw does not follow it: it would close the round unchosen.
        let beforeDraw = try inspector.post("/api/v1/supervision/inspections", .object([
            "mode": "unannounced", "date": "2024-06-14", "territory_id": .int(territory), "draw_id": .int(drawID)]))
        XCTAssertEqual(beforeDraw.status, 422, beforeDraw.text)
        XCTAssertEqual(beforeDraw.json["errors"]?.arrayValue?.first?["code"]?.stringValue, "before_draw", beforeDraw.text)
        XCTAssertTrue(beforeDraw.json["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("早于抽签") == true, beforeDraw.text)
        let visit = try inspector.post("/api/v1/supervision/inspections", .object([
            "mode": "unannounced", "date": "2024-06-15", "territory_id": .int(territory), "draw_id": .int(drawID),
            "enterprise_ids": targets[0]["enterprise_ids"] ?? .array([]), "inspectors": .array(["周建国"]),
        ]))
        XCTAssertEqual(visit.status, 201, visit.text)

        // A tampered list is refused and the draw stays sealed.
        var tampered = targets
        if case .object(var members) = tampered[0] {
            members = members.map { $0.key == "enterprise_ids" ? JSON.Member("enterprise_ids", .array([.int(1)])) : $0 }
            tampered[0] = .object(members)
        }
        let refused = try inspector.post("/api/v1/supervision/draws/\(drawID)/actions/reveal", .object(["targets": .array(tampered), "secret": .string(secret)]))
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue((refused.json["detail"]?.stringValue ?? "").contains("commitment"))
        XCTAssertEqual(try inspector.get("/api/v1/supervision/draws/\(drawID)").json["status"], "sealed")

        // The true list and secret reveal it; anyone who sees it can verify.
        let revealed = try inspector.post("/api/v1/supervision/draws/\(drawID)/actions/reveal", .object(["targets": .array(targets), "secret": .string(secret)]))
        XCTAssertEqual(revealed.status, 200, revealed.text)
        XCTAssertEqual(revealed.json["targets"], .array(targets))
        let verified = try inspector.get("/api/v1/supervision/draws/\(drawID)/verify")
        XCTAssertEqual(verified.json["valid"], .bool(true))
        XCTAssertEqual(Crypto.sha256Hex(verified.json["canonical"]?.stringValue ?? ""), verified.json["commitment"]?.stringValue)

        // Someone edits the stored list afterwards: verification says so.
        try test.core.database.write { db in
            _ = try db.execute("UPDATE supervision_draws SET revealed_list = ? WHERE id = ?", [JSON.array(tampered).serialized, drawID])
        }
        let detected = try inspector.get("/api/v1/supervision/draws/\(drawID)/verify")
        XCTAssertEqual(detected.json["valid"], .bool(false))
        XCTAssertEqual(detected.json["commitment_matches"], .bool(false))
        // Out of scope: another user does not even see the draw.
        XCTAssertEqual(try server.client(as: "dongcheng", of: test).get("/api/v1/supervision/draws/\(drawID)").status, 403)
    }
}
