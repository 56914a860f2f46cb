import Foundation
import Kernel
import TestSupport
import XCTest

/// The real `anwei` binary, as an operator runs it from the shell.
final class BinaryTests: XCTestCase {
    func testDemoThenListUnitsAsJSONAndTheFileIsHealthy() throws {
        let folder = TemporaryFolder()
        let db = folder.file("demo.db")
        let demo = try Binary.run(["demo", "--db", db])
        XCTAssertEqual(demo.code, 0, demo.err)
        XCTAssertTrue(demo.out.contains("55 units"))
        let units = try Binary.run(["org", "units", "list", "--db", db, "--json"])
        XCTAssertEqual(units.code, 0, units.err)
        XCTAssertEqual(try JSONParser.parse(units.out).arrayValue?.count, 50, "a page of 50 by default")
        XCTAssertTrue(units.err.contains("--after 50"), "the next page is named on stderr: \(units.err)")
        let rest = try Binary.run(["org", "units", "list", "--db", db, "--json", "--after", "50"])
        XCTAssertEqual(try JSONParser.parse(rest.out).arrayValue?.count, 5)
        XCTAssertEqual(try Binary.run(["org", "units", "list", "--db", db, "--limit", "201"]).code, 2, "a page larger than 200 is refused")
        let all = try Binary.run(["org", "units", "list", "--db", db, "--csv"])
        XCTAssertEqual(all.out.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 56, "CSV exports every row, with its header")
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        check.arguments = [db, "PRAGMA integrity_check; PRAGMA journal_mode"]
        let pipe = Pipe()
        check.standardOutput = pipe
        try check.run()
        check.waitUntilExit()
        XCTAssertEqual(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "ok\nwal\n")
        XCTAssertEqual(try Binary.run(["demo", "--db", db]).code, 4, "a second demo into the same file is a conflict")
        let env = try Binary.run(["org", "territories", "list", "--json"], environment: ["ANWEI_DB": db])
        XCTAssertEqual(try JSONParser.parse(env.out).arrayValue?.count, 10, "ANWEI_DB names the database")
    }

    func testHelpListsTheModulesAndExitCodesFollowTheConventions() throws {
        let help = try Binary.run(["--help"])
        XCTAssertEqual(help.code, 0)
        for module in ["responsibilities", "supervision", "hazards", "training", "consultations"] {
            XCTAssertTrue(help.out.contains(module), module)
        }
        XCTAssertEqual(try Binary.run(["no-such-command"]).code, 2)
        for bad in ["0", "257", "many"] {
            let refused = try Binary.run(["serve", "--workers", bad, "--db", "/nonexistent/anwei.db"])
            XCTAssertEqual(refused.code, 2, bad)
            XCTAssertTrue(refused.err.contains("--workers"), refused.err)
        }
        let folder = TemporaryFolder()
        let missing = try Binary.run(["org", "units", "list", "--db", folder.file("absent.db")])
        XCTAssertEqual(missing.code, 3)
        XCTAssertTrue(missing.err.contains("no database at"), missing.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.file("absent.db")), "reading never creates a database")
    }

    func testMigrateAndStatus() throws {
        let folder = TemporaryFolder()
        let db = folder.file("m.db")
        let first = try Binary.run(["migrate", "--db", db])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertTrue(first.out.contains("kernel/001_kernel"))
        XCTAssertTrue(try Binary.run(["migrate", "--db", db]).out.contains("up to date"))
        let status = try Binary.run(["migrate", "--status", "--db", db, "--json"])
        let rows = try JSONParser.parse(status.out).arrayValue ?? []
        XCTAssertFalse(rows.isEmpty)
        XCTAssertTrue(rows.allSatisfy { $0["state"] == "applied" })
        let notes = folder.file("notes.txt")
        try "just text".write(toFile: notes, atomically: true, encoding: .utf8)
        let foreign = try Binary.run(["migrate", "--db", notes])
        XCTAssertEqual(foreign.code, 1)
        XCTAssertTrue(foreign.err.contains("not an SQLite database") || foreign.err.contains("not a database"), foreign.err)
    }

    func testMigrateKeepsTheFormsOfRecordsWrittenWithoutOne() throws {
        let folder = TemporaryFolder()
        let db = folder.file("f.db")
        XCTAssertEqual(try Binary.run(["demo", "--db", db]).code, 0)
        func sqlite(_ sql: String) throws -> String {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            shell.arguments = [db, sql]
            let pipe = Pipe()
            shell.standardOutput = pipe
            try shell.run()
            shell.waitUntilExit()
            return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        // As a database from before migration 006 would be after it: no record has its form.
        _ = try sqlite("UPDATE registry_enterprises SET rendered = NULL; UPDATE registry_posts SET rendered = NULL")
        XCTAssertEqual(try sqlite("SELECT count(rendered) FROM registry_enterprises"), "0\n")
        let migrate = try Binary.run(["migrate", "--db", db])
        XCTAssertEqual(migrate.code, 0, migrate.err)
        let posts = try sqlite("SELECT count(*) FROM registry_posts").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(migrate.err.contains("kept the JSON form of \(300 + Int(posts)!) registry record(s)"), migrate.err)
        XCTAssertEqual(try sqlite("SELECT count(*) FROM registry_enterprises WHERE rendered IS NULL"), "0\n")
        let again = try Binary.run(["migrate", "--db", db])
        XCTAssertFalse(again.err.contains("kept the JSON form"), again.err)
    }

    func testAuditVerifyFailsNamingTheRowAfterAnEditWithTheSQLiteShell() throws {
        let folder = TemporaryFolder()
        let db = folder.file("a.db")
        XCTAssertEqual(try Binary.run(["demo", "--db", db]).code, 0)
        XCTAssertEqual(try Binary.run(["audit", "verify", "--db", db]).code, 0)
        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        edit.arguments = [db, "UPDATE kernel_audit SET summary = 'nothing to see' WHERE id = 42"]
        try edit.run()
        edit.waitUntilExit()
        let verify = try Binary.run(["audit", "verify", "--db", db])
        XCTAssertEqual(verify.code, 1)
        XCTAssertTrue(verify.err.contains("record 42"), verify.err)
    }

    func testUsersAndTokensFromTheShell() throws {
        let folder = TemporaryFolder()
        let db = folder.file("u.db")
        XCTAssertEqual(try Binary.run(["migrate", "--db", db]).code, 0)
        let weak = try Binary.run(["users", "add", "--username", "ops", "--role", "admin", "--scope", "all", "--password", "short", "--db", db])
        XCTAssertEqual(weak.code, 5)
        let add = try Binary.run(["users", "add", "--username", "ops", "--role", "admin", "--scope", "all", "--password-stdin", "--db", db], stdin: "a long enough passphrase\n")
        XCTAssertEqual(add.code, 0, add.err)
        XCTAssertEqual(try Binary.run(["users", "add", "--username", "ops", "--role", "admin", "--scope", "all", "--db", db]).code, 4)
        let badScope = try Binary.run(["users", "add", "--username", "t", "--role", "town", "--scope", "territory:99", "--db", db])
        XCTAssertEqual(badScope.code, 5)
        let token = try Binary.run(["tokens", "create", "--user", "ops", "--db", db])
        XCTAssertEqual(token.code, 0, token.err)
        XCTAssertTrue(token.out.hasPrefix("anw_"))
        let list = try Binary.run(["tokens", "list", "--db", db, "--json"])
        XCTAssertFalse(list.out.contains(token.out.trimmingCharacters(in: .whitespacesAndNewlines)), "the secret is never listed")
        XCTAssertEqual(try Binary.run(["tokens", "revoke", "1", "--db", db]).code, 0)
        XCTAssertEqual(try Binary.run(["users", "disable", "ops", "--db", db]).code, 0)
        XCTAssertEqual(try Binary.run(["users", "disable", "ghost", "--db", db]).code, 3)
    }
}
