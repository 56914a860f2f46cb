// After migrations, a CHECK's `IN` list of more than two literals is stored as comparisons (issue 23:
// SQLite built a temporary b-tree of the list for every row written); the rule stays the same.
import Foundation
@testable import Kernel
import TestSupport
import XCTest

final class CheckListsTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    func testAListOfMoreThanTwoLiteralsInACheckBecomesComparisons() {
        XCTAssertEqual(CheckLists.rewritten("CREATE TABLE t (s TEXT CHECK (s IN ('a', 'b','c')), n INTEGER CHECK (n IN (0, 1, -2)))"),
                       "CREATE TABLE t (s TEXT CHECK ((s = 'a' OR s = 'b' OR s = 'c')), n INTEGER CHECK ((n = 0 OR n = 1 OR n = -2)))")
        // Inside a longer CHECK, and a table-level one.
        XCTAssertEqual(CheckLists.rewritten("CREATE TABLE t (x TEXT, y TEXT, CHECK (x IS NULL OR (y IN ('p', 'q', 'r') AND x <> '')))"),
                       "CREATE TABLE t (x TEXT, y TEXT, CHECK (x IS NULL OR ((y = 'p' OR y = 'q' OR y = 'r') AND x <> '')))")
    }

    func testWhatIsNotAPlainListInACheckStaysAsWritten() {
        let kept = [
            "CREATE TABLE t (s TEXT CHECK (s IN ('a', 'b')))",                       // two: SQLite compares already
            "CREATE TABLE t (s TEXT CHECK (s NOT IN ('a', 'b', 'c')))",               // NOT IN
            "CREATE TABLE t (s TEXT DEFAULT 'x IN (''a'', ''b'', ''c'')')",           // inside a literal
            "CREATE TABLE t (s TEXT, g TEXT AS (CASE WHEN s IN ('a', 'b', 'c') THEN 1 END))",  // not a CHECK
            "CREATE TABLE t (s TEXT CHECK (s IN ('it''s', 'b', 'c')))",               // a quote inside a literal
            "CREATE TABLE t (s TEXT CHECK (s IN (SELECT x FROM u)))",                 // not literals
        ]
        for sql in kept { XCTAssertEqual(CheckLists.rewritten(sql), sql) }
    }

    func testMigratingRewritesTheStoredSchemaAndTheRuleStillHolds() throws {
        let database = try Database(path: folder.file("c.db"))
        let steps = [Migration(module: "demo", name: "001_t", sql: """
            CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'merged'))) STRICT;
            INSERT INTO t (status) VALUES ('open');
            """)]
        try Migrator.migrate(database, steps, now: "2024-01-01T00:00:00.000Z")
        let sql = try database.read { try $0.queryOne("SELECT sql FROM sqlite_schema WHERE name = 't'")?.string("sql") }
        XCTAssertEqual(sql, "CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT NOT NULL CHECK ((status = 'open' OR status = 'closed' OR status = 'merged'))) STRICT")
        XCTAssertEqual(try database.read { try $0.queryOne("PRAGMA integrity_check")?.string("integrity_check") }, "ok")
        _ = try database.write { try $0.execute("INSERT INTO t (status) VALUES ('merged')") }
        XCTAssertThrowsError(try database.write { try $0.execute("INSERT INTO t (status) VALUES ('reopened')") }) { error in
            XCTAssertEqual((error as? DatabaseError)?.code, 275, String(describing: error))
        }
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t") }, 2)
        // A database opened again reads the rewritten schema; nothing is left to rewrite.
        let again = try Database(path: folder.file("c.db"))
        XCTAssertEqual(try again.write { try CheckLists.rewrite($0) }, [])
        XCTAssertThrowsError(try again.write { try $0.execute("UPDATE t SET status = 'gone'") })
    }

    func testNoTableOfTheApplicationKeepsAListSQLiteWouldBuildATreeFor() throws {
        let application = try TestApplication()
        let tables = try application.core.read { db in
            try db.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL").compactMap { row -> String? in
                guard let name = row.string("name"), let sql = row.string("sql") else { return nil }
                return CheckLists.rewritten(sql) == sql ? nil : name
            }
        }
        XCTAssertEqual(tables, [])
        XCTAssertEqual(try application.core.read { try $0.queryOne("PRAGMA integrity_check")?.string("integrity_check") }, "ok")
    }
}
