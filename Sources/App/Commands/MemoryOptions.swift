// `anwei serve`'s memory settings: the database's reader pool and page caches, the most worker
// threads, and malloc's arenas (Docs/operations.md, "内存 / Memory").
import CLI
import Foundation
import HTTP
import Kernel

enum MemoryOptions {
    static let options: [OptionSpec] = [
        .value("db-readers", "N", help: "database reader connections: reads that run at once (default \(DatabaseMemory.defaultReaders))",
               environment: "ANWEI_DB_READERS"),
        .value("db-page-cache", "KIB", help: "the most each database connection keeps of the database's pages, in KiB (default \(DatabaseMemory.defaultPageCacheKiB))",
               environment: "ANWEI_DB_PAGE_CACHE"),
        .value("max-workers", "N", help: "the most worker threads at once, extra ones included (default \(ServerConfiguration().maxWorkerThreads))",
               environment: "ANWEI_MAX_WORKERS"),
    ]

    /// The database settings of `invocation`, or a usage error naming the option and the bounds.
    static func database(_ invocation: Invocation) throws -> DatabaseMemory {
        var memory = DatabaseMemory()
        if let readers = try invocation.int("db-readers", in: DatabaseMemory.readerRange) { memory.readers = readers }
        if let kib = try invocation.int("db-page-cache", in: DatabaseMemory.pageCacheRange) { memory.pageCacheKiB = kib }
        return memory
    }

    /// Applies `--max-workers` to `configuration` (after `--workers`, which it may not be below).
    static func workers(_ invocation: Invocation, _ configuration: inout ServerConfiguration) throws {
        guard let most = try invocation.int("max-workers", in: 1...256) else { return }
        let ready = configuration.workerThreads
        guard ready == 0 || most >= ready else {
            throw CommandError.usage("选项 --max-workers（\(most)）不能小于 --workers（\(ready)） (--max-workers must not be below --workers)")
        }
        configuration.maxWorkerThreads = most
    }

    /// Limits malloc's arenas before the server's threads start, unless the environment sets them.
    static func limitArenas() {
        if !Allocator.arenasSetByEnvironment(ProcessInfo.processInfo.environment) { Allocator.limitArenas(Allocator.defaultArenas) }
    }
}
