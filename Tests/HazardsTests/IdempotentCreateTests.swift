// A hazard create with an `Idempotency-Key` (issue 23): the key and the stored response are
// written in the create's own transaction, so a retry — even one sent while the first is still
// running — returns the first's response and never makes a second hazard.
import Foundation
@testable import Kernel
import TestSupport
import XCTest

final class IdempotentCreateTests: HazardsTestCase {
    func body(_ description: String, enterprise: Int64 = 7) -> JSON {
        ["enterprise_id": .int(enterprise), "grade": "general", "description": .string(description)]
    }

    func hazards(_ description: String) throws -> Int64 {
        try test.core.read { try $0.scalarInt("SELECT count(*) FROM hazards_hazards WHERE description = ?", [description]) }
    }

    func keys(_ key: String) throws -> Int64 {
        try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_idempotency_keys WHERE key = ?", [key]) }
    }

    func testReplayReturnsTheFirstResponseByteForByte() throws {
        let client = try client("admin")
        let key = "replay-" + UUID().uuidString, description = "幂等重放测试 " + key
        let first = try client.post("/api/v1/hazards", body(description), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(first.status, 201, first.text)
        XCTAssertNil(first.header("Idempotent-Replayed"))

        let again = try client.post("/api/v1/hazards", body(description), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(again.status, 201)
        XCTAssertEqual(again.header("Idempotent-Replayed"), "true")
        XCTAssertEqual(again.body, first.body, "the stored response, byte for byte")
        XCTAssertEqual(again.header("Location"), first.header("Location"))
        XCTAssertEqual(try hazards(description), 1)
        XCTAssertEqual(try keys(key), 1)

        let other = try client.post("/api/v1/hazards", body(description + "（另一条）"), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(other.status, 422, "the same key for a different request is refused")
        XCTAssertEqual(try hazards(description + "（另一条）"), 0)
    }

    /// Two requests with one key at once: both pass the reader's look-up before either is
    /// committed (a write holds the writer until both wait for it); the second, on the writer,
    /// finds the first's key and answers with its response. One hazard.
    func testConcurrentDuplicateReturnsTheFirstsResponse() throws {
        // The index upkeep's writes would be counted among the writes waiting below.
        let resume = server.pauseIndexUpkeep()
        defer { resume() }
        let client = try client("admin")
        let key = "concurrent-" + UUID().uuidString, description = "幂等并发测试 " + key
        let database = test.core.database
        let holding = DispatchSemaphore(value: 0), gateDone = DispatchSemaphore(value: 0)
        Thread {
            try? database.write { _ in
                holding.signal()
                while database.queue.waitingWrites < 2 { usleep(500) }
            }
            gateDone.signal()
        }.start()
        holding.wait()
        let replies = Locked<[HTTPReply]>([])
        let request = body(description)
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread {
                if let reply = try? client.post("/api/v1/hazards", request, headers: [("Idempotency-Key", key)]) {
                    replies.withLock { $0.append(reply) }
                }
                group.leave()
            }.start()
        }
        group.wait()
        gateDone.wait()
        let both = replies.current
        XCTAssertEqual(both.count, 2)
        XCTAssertEqual(both.map(\.status), [201, 201], both.map(\.text).joined(separator: "\n"))
        XCTAssertEqual(both[0].body, both[1].body, "the second answers with the first's response")
        XCTAssertEqual(both.filter { $0.header("Idempotent-Replayed") == "true" }.count, 1)
        XCTAssertEqual(try hazards(description), 1, "one hazard, not two")
        XCTAssertEqual(try keys(key), 1)
    }

    func testFailedCreateStoresNoKey() throws {
        let client = try client("admin")
        let key = "failed-" + UUID().uuidString, description = "幂等失败测试 " + key
        let refused = try client.post("/api/v1/hazards", body(description, enterprise: 999_999), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(try keys(key), 0, "a refused create stores no key")
        XCTAssertEqual(try hazards(description), 0)
        // The same key may then carry the corrected request.
        let created = try client.post("/api/v1/hazards", body(description), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertNil(created.header("Idempotent-Replayed"))
        XCTAssertEqual(try keys(key), 1)
        XCTAssertEqual(try hazards(description), 1)
    }

    /// A write nested in an enclosing write commits with it, and a read inside sees its changes.
    func testNestedWriteCommitsWithItsEnclosingWrite() throws {
        let core = test.core
        let description = "嵌套写入测试 " + UUID().uuidString
        let seen = try core.database.writeEnclosing { _ -> Int64 in
            let failed = Result { try core.write(.localAdministrator) { tx -> Void in
                try tx.db.execute("UPDATE hazards_hazards SET description = ? WHERE id = (SELECT min(id) FROM hazards_hazards)", [description])
                throw DomainError.validation([])
            } }
            XCTAssertThrowsError(try failed.get())
            XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM hazards_hazards WHERE description = ?", [description]) }, 0,
                           "the failed nested write is rolled back alone")
            try core.write(.localAdministrator) { tx in
                try tx.db.execute("UPDATE hazards_hazards SET description = ? WHERE id = (SELECT max(id) FROM hazards_hazards)", [description])
                try tx.audit(action: "test.nested", entity: "hazard", entityID: "max")
            }
            return try core.read { try $0.scalarInt("SELECT count(*) FROM hazards_hazards WHERE description = ?", [description]) }
        }
        XCTAssertEqual(seen, 1, "a read inside the enclosing write sees its changes")
        XCTAssertEqual(try hazards(description), 1)
    }
}
