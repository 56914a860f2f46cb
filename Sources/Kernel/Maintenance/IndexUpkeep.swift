// Upkeep of the indexes a domain keeps beside its tables (a full-text index's segments), done by the
// server in small steps between requests instead of inside the commits of the writes that fill them.
//
// Why (issue 23): every group commit that indexes a hazard's description writes a new FTS5 segment
// (about 200 a second under load), and FTS5's automatic merging did its work in bursts inside those
// commits: every 64 leaf pages written it merged 64 pages per level of the index, holding the writer
// 20–60 ms while every request waited (4 such commits a second; the p99 of creates was 30–40 ms).
// With automatic merging off ('automerge' 0), the server's keeper merges a bounded number of pages
// per write, each write taking its turn like any other.
import Foundation

/// One index's upkeep: a bounded step of work in an open write transaction.
public struct IndexUpkeep: Sendable {
    public var id: String
    /// Does at most a bounded amount of work on `db` (inside a write transaction). True when it did
    /// some (there may be more), false when there was nothing to do.
    public var step: @Sendable (Connection) throws -> Bool

    public init(id: String, step: @escaping @Sendable (Connection) throws -> Bool) {
        self.id = id
        self.step = step
    }

    /// Merges the segments of the FTS5 table `table` at most `pages` pages at a time (FTS5's 'merge'
    /// command, which does nothing until a level holds 'usermerge' segments, 4 by default). For a
    /// table whose own merging is off ('automerge' 0), with 'crisismerge' left as the bound when no
    /// keeper runs (a CLI process).
    public static func fullTextMerge(id: String, table: String, pages: Int = 32) -> IndexUpkeep {
        IndexUpkeep(id: id) { db in
            let before = db.totalChanges
            try db.execute("INSERT INTO \(table) (\(table), rank) VALUES ('merge', ?)", [pages])
            // FTS5's documented test: a merge that did nothing changed fewer than two rows.
            return db.totalChanges - before >= 2
        }
    }
}

/// Runs the domains' index upkeep: on the server, every `interval` seconds on a thread of its own
/// while writes have been committed since its last look; in `anwei tick`, a bounded round.
public final class IndexKeeper: Sendable {
    let core: Core
    let upkeeps: [IndexUpkeep]
    /// Where a failing step is told (the server's log once `start` names it).
    private let log: Locked<@Sendable (String) -> Void>
    private let loop = Locked<BackgroundLoop?>(nil)
    /// The count of committed groups when a round last found nothing to do (nil: never).
    private let idleAt = Locked<Int?>(nil)

    public init(core: Core, upkeeps: [IndexUpkeep],
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.core = core
        self.upkeeps = upkeeps
        self.log = Locked(log)
    }

    /// Steps every upkeep until it has nothing left to do, at most `maximumSteps` in all. Each step
    /// is a write of its own (which may run twice: it only touches the database), so the writes of
    /// requests take their turns between steps. A failing step is logged and ends that upkeep's
    /// round. Returns the steps that did work.
    @discardableResult
    public func runOnce(maximumSteps: Int = 256) -> Int {
        var steps = 0
        for upkeep in upkeeps {
            while steps < maximumSteps && !(loop.current?.isStopping ?? false) {
                do {
                    guard try core.database.write(rerunnable: true, { try upkeep.step($0) }) else { break }
                    steps += 1
                } catch {
                    log.current("index upkeep \(upkeep.id): \(error)")
                    break
                }
            }
        }
        return steps
    }

    /// One round of the server's loop: nothing when no write was committed since a round that found
    /// nothing (the count is read after that round, so its own no-op write does not wake the next).
    func round() {
        if idleAt.current == core.database.committedGroups { return }
        if runOnce() == 0 { idleAt.withLock { $0 = core.database.committedGroups } }
    }

    /// Runs rounds on a background thread every `interval` seconds until `stop()`; failures go to `log`.
    public func start(interval: Double = 0.1, log: @escaping @Sendable (String) -> Void) {
        guard !upkeeps.isEmpty else { return }
        self.log.withLock { $0 = log }
        loop.start { BackgroundLoop(name: "anwei-index-upkeep", interval: interval) { [weak self] in self?.round() } }
    }

    /// Stops the background thread after its current step.
    public func stop() { loop.stop() }
}
