// The database's memory in /metrics: the reader pool, the page cache limit in effect and what
// SQLite's connections hold (Docs/operations.md, "内存 / Memory").
import Kernel

enum DatabaseMetrics {
    static func text(_ database: Database) -> String {
        let use = database.memoryUse()
        var text = "# HELP anwei_db_readers Reader connections in the pool.\n# TYPE anwei_db_readers gauge\n"
        text += "anwei_db_readers \(database.readerCount)\n"
        text += "# HELP anwei_db_page_cache_limit_bytes The most one connection keeps of the database's pages (PRAGMA cache_size in effect).\n# TYPE anwei_db_page_cache_limit_bytes gauge\n"
        text += "anwei_db_page_cache_limit_bytes \((use.pageCacheLimitsKiB.max() ?? 0) * 1024)\n"
        text += "# HELP anwei_db_memory_bytes What the database's connections hold, by SQLite's counts.\n# TYPE anwei_db_memory_bytes gauge\n"
        text += "anwei_db_memory_bytes{kind=\"page_cache\"} \(use.pageCache)\n"
        text += "anwei_db_memory_bytes{kind=\"statements\"} \(use.statements)\n"
        text += "anwei_db_memory_bytes{kind=\"schema\"} \(use.schema)\n"
        return text
    }
}
