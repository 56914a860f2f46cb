import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import TestSupport
import XCTest

/// The real binary: `anwei backup` from another process while `anwei serve` takes writes; the
/// backup, restored into a new file, answers like the source did at that moment.
final class BackupUnderLoadTests: XCTestCase {
    func testBackupWhileServingThenRestoreIntoANewFile() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let db = folder.file("live.db")
        XCTAssertEqual(try Binary.run(["demo", "--db", db]).code, 0)
        let token = try Binary.run(["tokens", "create", "--user", "admin", "--db", db]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try RawSocket.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:\(port)"]
        // The environment is added to, not replaced: a sanitizer run passes its options (no leak check,
        // where to log) to every child through it.
        process.environment = ProcessInfo.processInfo.environment.merging(["ANWEI_TICK_INTERVAL": "0"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        let client = HTTPClient(port: port, token: token)
        for _ in 0..<200 where (try? client.get("/healthz"))?.status != 200 { Thread.sleep(forTimeInterval: 0.05) }
        let units = try XCTUnwrap(client.get("/api/v1/org/units?limit=1").json["items"]?.arrayValue?.first?["id"]?.intValue)

        let stop = Locked(false), created = Locked(0)
        let writer = Thread {
            var n = 0
            while !stop.current {
                n += 1
                if (try? client.post("/api/v1/org/units", JSON.object(["name": JSON.string("备份测试单位\(n)"), "category": JSON.string("政府部门")])))?.status == 201 {
                    created.withLock { $0 += 1 }
                }
            }
        }
        writer.start()
        while created.current < 20 { Thread.sleep(forTimeInterval: 0.01) }
        let backupFile = folder.file("during.db")
        let backup = try Binary.run(["backup", "--db", db, "--to", backupFile])
        XCTAssertEqual(backup.code, 0, backup.err)
        let afterBackup = created.current
        while created.current < afterBackup + 20 { Thread.sleep(forTimeInterval: 0.01) }
        stop.withLock { $0 = true }
        while writer.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertGreaterThan(units, 0)

        let restored = folder.file("restored.db")
        let restore = try Binary.run(["restore", backupFile, "--db", restored])
        XCTAssertEqual(restore.code, 0, restore.err)
        XCTAssertEqual(try Binary.run(["check", "--db", restored]).code, 0)
        // The restored file and the backup answer the same queries, and hold a prefix of the load.
        let fromBackup = try Binary.run(["org", "units", "list", "--db", backupFile, "--csv"]).out
        let fromRestored = try Binary.run(["org", "units", "list", "--db", restored, "--csv"]).out
        XCTAssertEqual(fromBackup, fromRestored)
        XCTAssertEqual(try Binary.run(["audit", "verify", "--db", restored]).code, 0)
        let copied = fromRestored.components(separatedBy: "备份测试单位").count - 1
        XCTAssertGreaterThanOrEqual(copied, 20)
        XCTAssertLessThan(copied, created.current, "the copy is the snapshot at backup time, not the end of the load")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }
}

