import App
import CLI
import Foundation
import Kernel
import TestSupport
import XCTest

final class BackupTests: XCTestCase {
    static func publish(_ core: Core, _ index: Int) throws {
        try core.write(.localAdministrator) { tx in
            let id = try tx.publish(type: "hazards.hazard.reported", payload: JSON.object(["n": .int(Int64(index))]).serialized)
            try tx.audit(action: "test.write", entity: "event", entityID: String(id), summary: "write \(index)")
        }
    }

    /// What a database answers, for comparing a restored copy with its source.
    func answers(_ path: String) throws -> [String] {
        let database = try Database(path: path, readerCount: 1)
        return try database.read { db in
            [
                String(try db.scalarInt("SELECT count(*) FROM kernel_events")),
                String(try db.scalarInt("SELECT count(*) FROM kernel_audit")),
                try db.queryOne("SELECT hash FROM kernel_audit ORDER BY id DESC LIMIT 1")?.string("hash") ?? "",
                try db.query("SELECT name FROM registry_units ORDER BY id").map { $0.requiredString("name") }.joined(separator: ","),
                try db.query("SELECT credit_code FROM registry_enterprises ORDER BY id").map { $0.requiredString("credit_code") }.joined(separator: ","),
                try AuditLog.verify(db).isIntact ? "intact" : "broken",
            ]
        }
    }

    func testBackupDuringAWriteLoadIsConsistentAndARestoreAnswersTheSame() throws {
        let test = try TestApplication(demo: true)
        let before = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_events") }
        let writes = 400
        let finished = DispatchSemaphore(value: 0)
        let core = test.core
        let writer = Thread {
            for index in 0..<writes { try? BackupTests.publish(core, index) }
            finished.signal()
        }
        writer.start()
        let during = test.folder.file("during.db")
        let backup = test.cli(["backup", "--to", during])
        XCTAssertEqual(backup.code, 0, backup.err)
        XCTAssertTrue(backup.out.contains("integrity_check ok"))
        finished.wait()

        // The copy taken under load is a consistent snapshot: sound, chain intact, a prefix of the writes.
        let snapshot = try Database(path: during, readerCount: 1)
        let copied = try snapshot.read { db -> Int64 in
            XCTAssertEqual(try db.integrityCheck(), ["ok"])
            XCTAssertTrue(try AuditLog.verify(db).isIntact)
            return try db.scalarInt("SELECT count(*) FROM kernel_events")
        }
        XCTAssertTrue((before...before + Int64(writes)).contains(copied), "\(copied) events in the copy")

        // A backup after the load, restored into a new file, answers exactly like the source.
        let after = test.folder.file("after.db"), restored = test.folder.file("restored.db")
        XCTAssertEqual(test.cli(["backup", "--to", after]).code, 0)
        let restore = App.run(["restore", after, "--db", restored], output: Output(writeOut: { _ in }, writeErr: { _ in }))
        XCTAssertEqual(restore, 0)
        XCTAssertEqual(try answers(restored), try answers(test.path))
        XCTAssertEqual(try answers(restored)[0], String(before + Int64(writes)))
    }

    func testRestoreRefusesForeignDamagedAndNewerFilesAndKeepsWhatItReplaces() throws {
        let test = try TestApplication()
        let folder = test.folder
        let text = folder.file("notes.txt")
        try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
        let foreign = folder.file("foreign.db")
        try Connection(path: foreign).executeScript("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        let newer = folder.file("newer.db")
        XCTAssertEqual(test.cli(["backup", "--to", newer]).code, 0)
        try Connection(path: newer).execute("INSERT INTO kernel_migrations (module, name, applied_at) VALUES ('kernel', '999_future.sql', '2030-01-01T00:00:00Z')")

        let target = folder.file("target.db")
        func restore(_ file: String) -> (Int32, String) {
            let err = Locked("")
            let code = App.run(["restore", file, "--db", target], output: Output(writeOut: { _ in }, writeErr: { text in err.withLock { $0 += text } }))
            return (code, err.current)
        }
        var (code, message) = restore(text)
        XCTAssertEqual(code, 5)
        XCTAssertTrue(message.contains("not an Anwei database"), message)
        (code, message) = restore(foreign)
        XCTAssertEqual(code, 5)
        XCTAssertTrue(message.contains("not an Anwei database"), message)
        (code, message) = restore(newer)
        XCTAssertEqual(code, 4)
        XCTAssertTrue(message.contains("newer version"), message)
        (code, message) = restore(folder.file("missing.db"))
        XCTAssertEqual(code, 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "nothing was written by a refused restore")

        // A good backup replaces an existing database no one has open, whose old contents are kept beside it.
        let good = folder.file("good.db"), existing = folder.file("existing.db")
        XCTAssertEqual(test.cli(["backup", "--to", good]).code, 0)
        XCTAssertEqual(test.cli(["backup", "--to", existing]).code, 0)
        XCTAssertEqual(TestApplication.cli(["org", "units", "add", "--name", "区后加局", "--db", existing], clock: test.clock).code, 0)
        // While a database is open elsewhere (here the test's own application, as a running server would), restore refuses it.
        let whileOpen = test.cli(["restore", good])
        XCTAssertEqual(whileOpen.code, 4, whileOpen.err)
        XCTAssertTrue(whileOpen.err.contains("正在使用中"), whileOpen.err)
        let restoreOver = TestApplication.cli(["restore", good, "--db", existing], clock: test.clock)
        XCTAssertEqual(restoreOver.code, 0, restoreOver.err)
        XCTAssertTrue(restoreOver.out.contains("before-restore-"), restoreOver.out)
        let reopened = try Database(path: existing, readerCount: 1)
        XCTAssertEqual(try reopened.read { try $0.scalarInt("SELECT count(*) FROM registry_units WHERE name = '区后加局'") }, 0)
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("before-restore-") }
        XCTAssertEqual(kept.count, 1, "\(kept): none for the restore refused")
        XCTAssertEqual(try Database(path: folder.file(kept[0]), readerCount: 1).read { try $0.scalarInt("SELECT count(*) FROM registry_units WHERE name = '区后加局'") }, 1)
    }

    func testABackupNeverReplacesTheDatabaseItselfNorADevice() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let units = { try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_units") } }
        let before = try units()
        let folder = test.folder
        // The database by its own name, by another (a link), and its WAL: each would be taken away from under the running server.
        let link = folder.file("also-the-database.db")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: test.path)
        for target in [test.path, link, test.path + "-wal"] {
            let refused = test.cli(["backup", "--to", target])
            XCTAssertEqual(refused.code, 5, "\(target): \(refused.out) \(refused.err)")
            XCTAssertTrue(refused.err.contains("就是数据库"), refused.err)
        }
        // Restoring the database onto itself by another name is the same refusal as by its own.
        let onto = test.cli(["restore", link])
        XCTAssertEqual(onto.code, 5, onto.err)
        XCTAssertTrue(onto.err.contains("同一个文件"), onto.err)
        // Not a plain file (a named pipe here; /dev/null on a server run as root): refused, left as it was.
        let pipe = folder.file("pipe")
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let device = test.cli(["backup", "--to", pipe])
        XCTAssertEqual(device.code, 5, device.err)
        XCTAssertTrue(device.err.contains("不是普通文件"), device.err)
        var status = stat()
        XCTAssertEqual(stat(pipe, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")
        // A folder that does not exist: said in Chinese, exit 3.
        let nowhere = test.cli(["backup", "--to", folder.file("no-such-folder/x.db")])
        XCTAssertEqual(nowhere.code, 3, nowhere.err)
        XCTAssertTrue(nowhere.err.contains("备份目录"), nowhere.err)

        // The live database is untouched and still serves; a backup beside it works, and a second one replaces the first.
        XCTAssertEqual(try test.core.read { try $0.scalar("PRAGMA integrity_check") }, .text("ok"))
        XCTAssertEqual(try units(), before)
        let admin = server.client(token: try test.token(for: "admin"))
        XCTAssertEqual(try admin.get("/api/v1/org/units").status, 200)
        let copy = folder.file("copy.db")
        XCTAssertEqual(test.cli(["backup", "--to", copy]).code, 0)
        XCTAssertEqual(test.cli(["org", "units", "add", "--name", "区备份后加局"]).code, 0)
        let again = test.cli(["backup", "--to", copy])
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(try Database(path: copy, readerCount: 1).read { try $0.scalarInt("SELECT count(*) FROM registry_units") }, before + 1)
    }
}
