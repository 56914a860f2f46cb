import Foundation
import Kernel
import TestSupport
import XCTest

final class AuditTests: XCTestCase {
    func makeCore(_ folder: TemporaryFolder) throws -> Core {
        let database = try Database(path: folder.file("audit.db"))
        try Migrator.migrate(database, Migration.embedded(module: "kernel", kernelMigrations), now: "2024-01-01T00:00:00.000Z")
        return Core(database: database, clock: FixedClock(CalendarDate(year: 2024, month: 1, day: 1)!), bus: EventBus([]))
    }

    func writeRecords(_ core: Core, _ count: Int) throws {
        for i in 1...count {
            try core.write(.localAdministrator) { tx in
                try tx.audit(action: "test.write", entity: "thing", entityID: String(i), after: .object(["n": .int(Int64(i))]), summary: "wrote \(i)")
            }
        }
    }

    /// Each record's hash is SHA-256 of its fields joined by U+001F as Strings (the chain's
    /// definition, kept while the way it is computed changed, issue 23), and a state given as its
    /// serialized bytes (`afterBytes`) gets the digest of the same state given as JSON.
    func testRecordsHashTheirJoinedFieldsAndBothWaysOfGivingTheStateAgree() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let core = try makeCore(folder)
        let state = JSON.object(["id": .int(7), "description": .string("储罐区 \"报警\" 失效\n"), "listed": .bool(false), "none": .null])
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.json", entity: "thing", entityID: "7", after: state, summary: "登记 \"摘要\"")
        }
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.bytes", entity: "thing", entityID: "7", before: state, afterBytes: state.bytes, summary: "")
        }
        let rows = try core.read { try $0.query("SELECT * FROM kernel_audit ORDER BY id") }
        XCTAssertEqual(rows.count, 2)
        let digest = Crypto.sha256Hex(state.serialized)
        XCTAssertEqual(rows[0].string("after_digest"), digest)
        XCTAssertEqual(rows[1].string("after_digest"), digest)
        XCTAssertEqual(rows[1].string("before_digest"), digest)
        XCTAssertNil(rows[0].string("before_digest"))
        var previous = String(repeating: "0", count: 64)
        for row in rows {
            let fields = [previous, String(row.requiredInt("id")), row.requiredString("at"), row.requiredString("actor"), row.requiredString("action"),
                          row.requiredString("entity"), row.requiredString("entity_id"), row.string("before_digest") ?? "-",
                          row.string("after_digest") ?? "-", row.requiredString("summary")]
            XCTAssertEqual(row.string("prev_hash"), previous)
            XCTAssertEqual(row.string("hash"), Crypto.sha256Hex(fields.joined(separator: "\u{1F}")))
            previous = row.requiredString("hash")
        }
        XCTAssertEqual(Crypto.sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)
    }

    func testAFreshChainVerifies() throws {
        let folder = TemporaryFolder()
        let core = try makeCore(folder)
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)
        try writeRecords(core, 5)
        let result = try core.read { try AuditLog.verify($0) }
        XCTAssertTrue(result.isIntact)
        XCTAssertEqual(result.records, 5)
    }

    func testEditingARowWithTheSQLiteShellIsDetectedAtThatRow() throws {
        let folder = TemporaryFolder()
        let core = try makeCore(folder)
        try writeRecords(core, 5)
        try sqlite3(folder.file("audit.db"), "UPDATE kernel_audit SET actor = 'someone-else' WHERE id = 3;")
        let result = try core.read { try AuditLog.verify($0) }
        XCTAssertEqual(result.firstBroken?.id, 3)
        XCTAssertTrue(result.firstBroken?.reason.contains("altered") ?? false)
    }

    func testDeletingRowsIsDetected() throws {
        let folder = TemporaryFolder()
        let core = try makeCore(folder)
        try writeRecords(core, 5)
        try sqlite3(folder.file("audit.db"), "DELETE FROM kernel_audit WHERE id = 2;")
        XCTAssertEqual(try core.read { try AuditLog.verify($0) }.firstBroken?.id, 3)
        let folder2 = TemporaryFolder()
        let core2 = try makeCore(folder2)
        try writeRecords(core2, 4)
        try sqlite3(folder2.file("audit.db"), "DELETE FROM kernel_audit WHERE id = 4;")
        XCTAssertNotNil(try core2.read { try AuditLog.verify($0) }.firstBroken, "deleting the last record is detected by the chain head")
    }

    func testListFiltersByEntityActorAndTime() throws {
        let folder = TemporaryFolder()
        let core = try makeCore(folder)
        try writeRecords(core, 3)
        let records = try core.read { try AuditLog.list($0, entity: "thing", entityID: "2", actor: "local-admin", since: nil, until: nil, before: nil, limit: 10) }
        XCTAssertEqual(records.map(\.entityID), ["2"])
        XCTAssertEqual(try core.read { try AuditLog.list($0, entity: nil, entityID: nil, actor: "nobody", since: nil, until: nil, before: nil, limit: 10) }.count, 0)
        XCTAssertEqual(try core.read { try AuditLog.list($0, entity: nil, entityID: nil, actor: nil, since: "2030-01-01", until: nil, before: nil, limit: 10) }.count, 0)
    }

    func sqlite3(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }
}
