// How much memory one database's connections may keep, and what they keep now.
//
// Each connection (the writer and every reader) has its own SQLite page cache, filled as it reads
// pages and kept until the connection closes: SQLite's default allows 2,000 KiB each. A server
// with a writer and four readers could so hold about 10 MB of pages, most of them copies of the
// same pages; the operating system caches the file as well. The settings bound it.
import CSQLite

/// The reader pool's size and each connection's page cache (`anwei serve --db-readers`,
/// `--db-page-cache`; Docs/operations.md, "内存 / Memory").
public struct DatabaseMemory: Sendable, Equatable {
    /// Reader connections in the pool: how many reads run at once. A thread that finds every
    /// reader out waits for one (`anwei_db_pool_waits_total` counts the waits).
    public var readers: Int
    /// The most each connection keeps of the database's pages, in KiB (`PRAGMA cache_size = -N`).
    public var pageCacheKiB: Int

    public static let defaultReaders = 4
    public static let defaultPageCacheKiB = 1024
    /// The bounds a setting must keep within.
    public static let readerRange = 1...64
    public static let pageCacheRange = 64...1_048_576

    public init(readers: Int = DatabaseMemory.defaultReaders, pageCacheKiB: Int = DatabaseMemory.defaultPageCacheKiB) {
        self.readers = readers
        self.pageCacheKiB = pageCacheKiB
    }
}

/// What a database's connections hold, from SQLite's own counts (`sqlite3_db_status`, which
/// count even with SQLite's process-wide memory statistics off).
public struct DatabaseMemoryUse: Sendable, Equatable {
    /// Connections counted: the writer and the readers.
    public var connections = 0
    /// Page caches (pages read or written, kept for the next statement).
    public var pageCache = 0
    /// Prepared statements kept in the connections' statement caches.
    public var statements = 0
    /// The parsed schema each connection keeps.
    public var schema = 0
    /// The page cache limit in effect on each connection counted (KiB, `PRAGMA cache_size`), the
    /// writer's last.
    public var pageCacheLimitsKiB: [Int] = []

    public init() {}

    public var total: Int { pageCache + statements + schema }

    mutating func add(_ connection: Connection) {
        connections += 1
        pageCache += connection.status(SQLITE_DBSTATUS_CACHE_USED)
        statements += connection.status(SQLITE_DBSTATUS_STMT_USED)
        schema += connection.status(SQLITE_DBSTATUS_SCHEMA_USED)
        pageCacheLimitsKiB.append((try? connection.pageCacheLimitKiB()) ?? 0)
    }
}
