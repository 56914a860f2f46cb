// Online backup (SQLite's backup API): a consistent copy of a live database while it keeps
// serving, and the reverse (restore) into a database file.
import CSQLite
import Foundation

extension Connection {
    /// Copies every page of this connection's main database into `destination`'s, as one
    /// consistent snapshot (one step over all pages: in WAL mode writers go on meanwhile).
    func copyAll(into destination: Connection) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw DatabaseError(code: sqlite3_extended_errcode(destination.handle),
                                message: "cannot start the backup: \(String(cString: sqlite3_errmsg(destination.handle)))")
        }
        var rc: Int32 = SQLITE_OK
        var waits = 0
        repeat {
            rc = sqlite3_backup_step(backup, -1)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                waits += 1
                if waits > 200 { break }
                usleep(25_000)
            }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        if rc != SQLITE_DONE {
            throw DatabaseError(code: rc, message: "the backup stopped before the end (\(String(cString: sqlite3_errstr(rc))))")
        }
        if finish != SQLITE_OK {
            throw DatabaseError(code: finish, message: "the backup could not finish: \(String(cString: sqlite3_errmsg(destination.handle)))")
        }
    }

    /// `PRAGMA integrity_check`: ["ok"] when the file is sound, otherwise the problems found.
    public func integrityCheck(maximumErrors: Int = 100) throws -> [String] {
        try query("PRAGMA integrity_check(\(maximumErrors))").map { $0.values.first.flatMap { value -> String? in
            if case .text(let text) = value { return text }
            return nil
        } ?? "?" }
    }
}

/// What a backup wrote.
public struct BackupReport: Sendable {
    public var path: String
    public var bytes: Int64
    public var pages: Int64
    public var seconds: Double
}

extension Database {
    /// Writes a consistent copy of this database to `path` while it keeps serving (the backup
    /// reads on its own connection, so writers are never blocked). The copy is written to a
    /// temporary file beside `path`, must pass `integrity_check`, and is then renamed into
    /// place; it is a single self-contained file (rollback journal mode, no -wal).
    ///
    /// Refused before anything is written: a `path` in a folder that does not exist, and one that
    /// is not a plain file (a device such as /dev/null, a folder) or is this database itself, its
    /// WAL, shared memory or journal, by another name too (replacing it would take the live file
    /// away from under the server).
    @discardableResult
    public func backup(to path: String) throws -> BackupReport {
        let started = Date()
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            throw DomainError(.notFound, "备份目录 \(folder) 不存在 (the folder \(folder) does not exist)")
        }
        try refuseAsBackupTarget(path)
        let temporary = path + ".partial-\(getpid())"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        do {
            let pages: Int64
            do {
                let source = try Connection(path: self.path, readOnly: true)
                let destination = try Connection(path: temporary)
                try source.copyAll(into: destination)
                try destination.executeScript("PRAGMA journal_mode = DELETE")
                let verdict = try destination.integrityCheck()
                guard verdict == ["ok"] else {
                    throw DatabaseError(code: SQLITE_CORRUPT, message: "the copy failed integrity_check: \(verdict.prefix(5).joined(separator: "; "))")
                }
                pages = try destination.scalarInt("PRAGMA page_count")
            }
            // Checked again at the last moment, then replaced in one step (rename: an older backup at
            // `path` is there until the new one is).
            try refuseAsBackupTarget(path)
            guard rename(temporary, path) == 0 else {
                throw DomainError(.unavailable, "无法把备份放到 \(path)：\(String(cString: strerror(errno))) (cannot move the backup into place)")
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
            return BackupReport(path: path, bytes: bytes ?? 0, pages: pages, seconds: Date().timeIntervalSince(started))
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
            throw error
        }
    }

    /// Throws unless `path` is free or a plain file other than this database's own files.
    private func refuseAsBackupTarget(_ path: String) throws {
        var target = stat()
        guard stat(path, &target) == 0 else { return }
        guard (target.st_mode & S_IFMT) == S_IFREG else {
            throw DomainError(.validation, "备份目标 \(path) 不是普通文件（设备、目录等），不予覆盖 (\(path) is not a plain file; refusing to replace it)")
        }
        if let suffix = ["", "-wal", "-shm", "-journal"].first(where: { sameFile(self.path + $0, path) }) {
            throw DomainError(.validation, "备份目标 \(path) 就是数据库\(suffix.isEmpty ? "" : "的 \(suffix) 文件")本身，不予覆盖 (\(path) is the database's own file; write the backup elsewhere)")
        }
    }

    /// Replaces this database's contents with the database file at `source`, page by page,
    /// through the writer connection (other connections of this process see the new contents).
    public func replaceContents(from source: String) throws {
        let from = try Connection(path: source, readOnly: true)
        try withWriterConnection { writer in
            try from.copyAll(into: writer)
            writer.clearStatementCache()
        }
    }
}
