// Retention on a real database (issue 23): delivered deliveries older than the setting and expired
// idempotency keys are deleted in batches, by `anwei prune`, `anwei tick` and the server's
// scheduler; events, pending deliveries and the audit chain are kept.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class RetentionTests: XCTestCase {
    func scalar(_ test: TestApplication, _ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Int64 {
        try test.core.read { try $0.scalarInt(sql, arguments) }
    }

    /// A demo database whose deliveries are all done: the newest delivered at `delivered`.
    func demo() throws -> (test: TestApplication, lastDone: Date) {
        let test = try TestApplication(demo: true)
        let done = try test.core.read { try $0.queryOne("SELECT max(done_at) AS last FROM kernel_deliveries WHERE status = 'done'")?.string("last") }
        let last = try XCTUnwrap(done.flatMap(Instant.parse), "the demo has delivered deliveries")
        return (test, last)
    }

    func testPruneKeepsWhatIsYoungerThanTheSettingAndDeletesTheRestInBatches() throws {
        let (test, last) = try demo()
        let events = try scalar(test, "SELECT count(*) FROM kernel_events")
        let audit = try scalar(test, "SELECT count(*) FROM kernel_audit")
        // One delivery left pending, as if its subscriber had failed: it is never pruned.
        try test.core.database.write { db in
            _ = try db.execute("UPDATE kernel_deliveries SET status = 'pending', done_at = NULL WHERE rowid = (SELECT min(rowid) FROM kernel_deliveries WHERE status = 'done')")
        }
        let done = try scalar(test, "SELECT count(*) FROM kernel_deliveries WHERE status = 'done'")
        XCTAssertGreaterThan(done, 10)

        // 30 days after the last delivery less an hour: a cut-off inside the demo's deliveries.
        test.clock.set(last.addingTimeInterval(30 * 86_400 - 3_600))
        let cutoff = Instant.utc(test.clock.now().addingTimeInterval(-30 * 86_400))
        let old = try scalar(test, "SELECT count(*) FROM kernel_deliveries WHERE status = 'done' AND done_at < ?", [cutoff])
        let young = done - old
        XCTAssertGreaterThan(young, 0, "some were delivered within the last hour of the demo")
        let first = test.cli(["prune", "--batch", "7", "--json"])
        XCTAssertEqual(first.code, 0, first.err)
        let report = try JSONParser.parse(first.out)
        XCTAssertEqual(report["deliveries"]?.intValue, old)
        XCTAssertEqual(report["deliveries_done_before"]?.stringValue, cutoff)
        XCTAssertGreaterThanOrEqual(report["batches"]?.intValue ?? 0, (old + 6) / 7, "in batches of 7")
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_deliveries WHERE status = 'done'"), young)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'"), 1)

        // A day later the rest are over 30 days old; the pending one stays.
        test.clock.advance(seconds: 86_400)
        let second = test.cli(["prune"])
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertTrue(second.out.contains("deleted \(young) event delivery(ies)"), second.out)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_deliveries"), 1)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_events"), events, "events are kept")
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_audit"), audit, "the audit log is kept, and pruning writes none")
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
        XCTAssertEqual(test.cli(["check"]).code, 0)
    }

    func testZeroKeepsEverythingAndOnlyTheSystemAdministratorPrunes() throws {
        let (test, last) = try demo()
        test.clock.set(last.addingTimeInterval(400 * 86_400))
        let deliveries = try scalar(test, "SELECT count(*) FROM kernel_deliveries")
        let refused = test.cli(["prune", "--as", "anweiban"])
        XCTAssertNotEqual(refused.code, 0)
        XCTAssertTrue(refused.err.contains("系统管理员"), refused.err)
        let kept = test.cli(["prune", "--deliveries-days", "0", "--json"])
        XCTAssertEqual(kept.code, 0, kept.err)
        XCTAssertEqual(try JSONParser.parse(kept.out)["deliveries"]?.intValue, 0)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_deliveries"), deliveries)
        let bad = test.cli(["prune", "--deliveries-days", "thirty"])
        XCTAssertNotEqual(bad.code, 0)
        XCTAssertTrue(bad.err.contains("ANWEI_RETAIN_DELIVERIES_DAYS"), bad.err)
        // `anwei tick` prunes with the defaults (the demo's deliveries are over a year old by now).
        let tick = test.cli(["tick"])
        XCTAssertEqual(tick.code, 0, tick.err)
        XCTAssertTrue(tick.out.contains("deleted"), tick.out)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_deliveries WHERE status = 'done' AND done_at < ?",
                                  [Instant.utc(test.clock.now().addingTimeInterval(-30 * 86_400))]), 0)
    }

    func testExpiredIdempotencyKeysAreForgottenByTheServersScheduler() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let client = server.client(token: try test.token(for: "admin"))
        let body: JSON = .object(["name": "保留测试镇", "kind": "town"])
        XCTAssertEqual(try client.post("/api/v1/org/territories", body, headers: [("Idempotency-Key", "keep-1")]).status, 201)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_idempotency_keys"), 1)

        // Within 24 hours: kept, and the retried create answers as the first.
        test.clock.advance(seconds: 23 * 3_600)
        XCTAssertEqual(test.cli(["prune", "--json"]).code, 0)
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_idempotency_keys"), 1)
        let later = server.client(token: try test.token(for: "admin"))
        let replay = try later.post("/api/v1/org/territories", body, headers: [("Idempotency-Key", "keep-1")])
        XCTAssertEqual(replay.header("Idempotent-Replayed"), "true", replay.text)

        // After them, the scheduler of a server deletes it at its first run (at start).
        test.clock.advance(seconds: 2 * 3_600)
        server.stop()
        let scheduled = try TestServer(test, tickInterval: 3_600)
        defer { scheduled.stop() }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !scheduled.log.current.contains(where: { $0.contains("retention: deleted") }) { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(scheduled.log.current.contains { $0.contains("1 idempotency key(s)") }, scheduled.log.current.joined(separator: "\n"))
        XCTAssertEqual(try scalar(test, "SELECT count(*) FROM kernel_idempotency_keys"), 0)
    }
}
