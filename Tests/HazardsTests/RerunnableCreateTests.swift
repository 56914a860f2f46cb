// Hazard creates are rerunnable writes (issue 23): under load they join a group without a
// savepoint. Here, over the real server, a group of creates is rolled back by a later write that
// fails having written, and every create runs again: each answered 201 is one hazard with its own
// code, search entry, audit record and event, and a refused create leaves nothing.
import Foundation
@testable import Kernel
import TestSupport
import XCTest

final class RerunnableCreateTests: HazardsTestCase {
    struct Sabotage: Error {}

    func testCreatesRolledBackWithTheirGroupRunAgainAndAreEachCommittedOnce() throws {
        // The index upkeep's writes would be counted among the writes waiting below.
        let resume = server.pauseIndexUpkeep()
        defer { resume() }
        let database = test.core.database
        let tag = UUID().uuidString.prefix(8)
        let creates = 8, refusals = 2
        let (before, codesBefore) = try test.core.read { db in
            (try db.scalarInt("SELECT count(*) FROM hazards_hazards"), try db.scalarInt("SELECT count(*) FROM kernel_events"))
        }

        let clients = try (0..<(creates + refusals)).map { _ in try self.client("admin") }
        // One group whatever the time a debug build takes (as in GroupCommitTests).
        let limits = (database.queue.maximumMembers, database.queue.maximumOpen)
        database.queue.maximumMembers = 1_000
        database.queue.maximumOpen = 600
        defer { (database.queue.maximumMembers, database.queue.maximumOpen) = limits }
        // A rerunnable gate first in the group: it holds the writer until every create and the
        // saboteur wait behind it; it runs again when the group is rolled back.
        let gateRuns = Locked(0)
        let holding = DispatchSemaphore(value: 0), gateDone = DispatchSemaphore(value: 0)
        Thread {
            _ = try? database.write(rerunnable: true) { _ in
                if gateRuns.withLock({ $0 += 1; return $0 }) == 1 {
                    holding.signal()
                    while database.queue.waitingWrites < creates + 1 { usleep(500) }
                }
            }
            gateDone.signal()
        }.start()
        holding.wait()

        let replies = Locked<[Int: HTTPReply]>([:])
        let group = DispatchGroup()
        for i in 0..<(creates + refusals) {
            group.enter()
            Thread {
                // A refusal names an enterprise that does not exist: refused before it reaches the writer.
                let body: JSON = ["enterprise_id": .int(i < creates ? 7 : 999_999), "grade": "general",
                                  "description": .string("重跑测试 \(tag) 第\(i)条：消防通道堵塞")]
                if let reply = try? clients[i].post("/api/v1/hazards", body) {
                    replies.withLock { $0[i] = reply }
                }
                group.leave()
            }.start()
        }
        // The saboteur: a rerunnable write that fails after writing, once the others wait.
        while database.queue.waitingWrites < creates { usleep(500) }
        let sabotage = Result {
            try database.write(rerunnable: true) { db in
                try db.execute("INSERT INTO kernel_settings (key, value) VALUES (?, 'x')", ["sabotage-\(tag)"])
                throw Sabotage()
            }
        }
        group.wait()
        gateDone.wait()

        XCTAssertThrowsError(try sabotage.get())
        let all = replies.current
        XCTAssertEqual(all.count, creates + refusals)
        for i in 0..<creates { XCTAssertEqual(all[i]?.status, 201, all[i]?.text ?? "no reply") }
        for i in creates..<(creates + refusals) { XCTAssertEqual(all[i]?.status, 422, all[i]?.text ?? "no reply") }
        // The saboteur joined the gate's group without a savepoint (every write before it may run
        // again) and failed having written: the group was rolled back and the gate ran again.
        XCTAssertEqual(gateRuns.current, 2)

        let codes = all.values.filter { $0.status == 201 }.compactMap { $0.json["code"]?.stringValue }
        XCTAssertEqual(Set(codes).count, creates, "each create its own code: \(codes.sorted())")
        try test.core.read { db in
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM hazards_hazards") - before, Int64(creates))
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM hazards_hazards WHERE description LIKE ?", ["重跑测试 \(tag) %"]), Int64(creates))
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM hazards_hazards WHERE code IN (\(codes.map { "'\($0)'" }.joined(separator: ",")))"), Int64(creates))
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM hazards_fts WHERE hazards_fts MATCH ?", ["\"\(tag)\""]), Int64(creates), "each in the search index once")
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM kernel_events") - codesBefore, Int64(creates), "one event per create")
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM kernel_settings WHERE key = ?", ["sabotage-\(tag)"]), 0)
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'hazards.register' AND entity_id IN (SELECT CAST(id AS TEXT) FROM hazards_hazards WHERE description LIKE ?)",
                                            ["重跑测试 \(tag) %"]), Int64(creates), "one audit record per create")
            XCTAssertTrue(try AuditLog.verify(db).isIntact)
        }
        let client = try client("admin")
        let found = try client.get("/api/v1/hazards?q=\(tag)&limit=50")
        XCTAssertEqual(found.status, 200)
        XCTAssertEqual(found.json["items"]?.arrayValue?.count, creates, "search finds each once")
    }
}
