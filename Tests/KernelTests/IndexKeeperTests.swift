// The index upkeep (issue 23): an FTS5 index whose own merging is off is merged by the keeper in
// bounded writes; a failing upkeep is told and leaves nothing; the server's rounds write nothing
// when nothing was committed since a round that found nothing to do.
import Foundation
@testable import Kernel
import TestSupport
import XCTest

final class IndexKeeperTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    func makeCore() throws -> Core {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let database = try Database(path: folder.file("upkeep.db"))
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: """
                CREATE TABLE test_notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;
                CREATE VIRTUAL TABLE test_fts USING fts5 (text, tokenize = 'trigram');
                INSERT INTO test_fts (test_fts, rank) VALUES ('automerge', 0);
                INSERT INTO test_fts (test_fts, rank) VALUES ('crisismerge', 1000);
                """),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        return Core(database: database, clock: clock, bus: EventBus([]))
    }

    /// `count` rows indexed (from rowid `first`), each in a write (and so a commit, and a segment) of its own.
    func indexOneByOne(_ count: Int, from first: Int = 1, _ core: Core) throws {
        for i in first..<(first + count) {
            _ = try core.database.write { db in
                try db.execute("INSERT INTO test_fts (rowid, text) VALUES (?, ?)", [i, "第\(i)条：消防通道堵塞，灭火器过期"])
            }
        }
    }

    func segments(_ core: Core) throws -> [Int] { try core.read { try FullTextSegments.perLevel("test_fts", $0) } }

    func testTheKeeperMergesAnIndexWhoseOwnMergingIsOff() throws {
        let core = try makeCore()
        try indexOneByOne(40, core)
        let before = try segments(core)
        XCTAssertEqual(before.reduce(0, +), 40, "one segment per commit with automerge 0: \(before)")

        let keeper = IndexKeeper(core: core, upkeeps: [.fullTextMerge(id: "test.merge", table: "test_fts", pages: 4)])
        XCTAssertGreaterThan(keeper.runOnce(maximumSteps: .max), 0)
        let after = try segments(core)
        XCTAssertLessThan(after.reduce(0, +), 10, "merged: \(after)")
        XCTAssertTrue(after.allSatisfy { $0 < 4 }, "no level left with 'usermerge' (4) segments: \(after)")
        XCTAssertEqual(keeper.runOnce(maximumSteps: .max), 0, "nothing left to do")

        // The index still finds every row, and FTS5 finds it whole.
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM test_fts WHERE test_fts MATCH '\"消防通道\"'") }, 40)
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM test_fts WHERE test_fts MATCH '\"第17条\"'") }, 1)
        _ = try core.database.write { try $0.execute("INSERT INTO test_fts (test_fts) VALUES ('integrity-check')") }
    }

    func testAFailingUpkeepIsToldLeavesNothingAndTheOthersStillRun() throws {
        let core = try makeCore()
        try indexOneByOne(12, core)
        struct Broken: Error, CustomStringConvertible { var description: String { "the index is broken" } }
        let told = Locked<[String]>([])
        let failing = IndexUpkeep(id: "test.failing") { db in
            try db.execute("INSERT INTO test_notes (text) VALUES ('half done')")
            throw Broken()
        }
        let keeper = IndexKeeper(core: core, upkeeps: [failing, .fullTextMerge(id: "test.merge", table: "test_fts")]) { line in
            told.withLock { $0.append(line) }
        }
        XCTAssertGreaterThan(keeper.runOnce(), 0, "the merge after the failing upkeep ran")
        XCTAssertEqual(told.current, ["index upkeep test.failing: the index is broken"])
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM test_notes") }, 0, "the failing step's row was rolled back")
        XCTAssertTrue(try segments(core).allSatisfy { $0 < 4 })
    }

    func testARoundWritesNothingWhenNothingWasCommittedSinceARoundThatFoundNothing() throws {
        let core = try makeCore()
        let steps = Locked(0)
        let counting = IndexUpkeep(id: "test.counting") { _ in
            steps.withLock { $0 += 1 }
            return false
        }
        let keeper = IndexKeeper(core: core, upkeeps: [counting])
        keeper.round()
        XCTAssertEqual(steps.current, 1, "the first round looks")
        let groups = core.database.committedGroups
        keeper.round()
        keeper.round()
        XCTAssertEqual(steps.current, 1, "no commit since: no look, no write")
        XCTAssertEqual(core.database.committedGroups, groups)

        _ = try core.database.write { try $0.execute("INSERT INTO test_notes (text) VALUES ('a note')") }
        keeper.round()
        XCTAssertEqual(steps.current, 2, "a commit since: it looks again")
        keeper.round()
        XCTAssertEqual(steps.current, 2)
    }

    func testTheServerLoopMergesInTheBackgroundAndStops() throws {
        let core = try makeCore()
        let keeper = IndexKeeper(core: core, upkeeps: [.fullTextMerge(id: "test.merge", table: "test_fts")])
        keeper.start(interval: 0.02) { XCTFail("unexpected: \($0)") }
        defer { keeper.stop() }
        try indexOneByOne(24, core)
        let deadline = Date().addingTimeInterval(20)
        var levels = try segments(core)
        while levels.contains(where: { $0 >= 4 }), Date() < deadline {
            usleep(20_000)
            levels = try segments(core)
        }
        XCTAssertTrue(levels.allSatisfy { $0 < 4 }, "merged in the background: \(levels)")
        keeper.stop()
        let stopped = try segments(core).reduce(0, +)
        try indexOneByOne(6, from: 25, core)
        usleep(200_000)
        XCTAssertEqual(try segments(core).reduce(0, +), stopped + 6, "a stopped keeper merges nothing")
    }
}
