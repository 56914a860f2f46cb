// Writing a file named on the command line (`--output FILE`).
//
// A new or plain file is written beside itself and renamed into place, so a reader never sees half
// of it. Anything else that is already there — a device such as /dev/stdout or /dev/null, a named
// pipe, a link — is written through, never replaced: a rename would put a plain file where the
// device or the link was (as root, /dev/null itself).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum OutputFile {
    /// Writes `bytes` to `path` (`/dev/stdout` writes to standard output). A folder that does not
    /// exist is a not-found error; a folder as `path` or a failed write a failure, each naming it.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        var entry = stat(), target = stat()
        let exists = lstat(path, &entry) == 0
        if exists, stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFDIR {
            throw CommandError(.failure, "\(path) 是目录，请给出文件名 (a folder; name a file)")
        }
        if exists, (entry.st_mode & S_IFMT) != S_IFREG {
            return try writeThrough(bytes, to: path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            throw CommandError(.notFound, "找不到目录 \(folder)，无法写入 \(path) (no such folder)")
        }
        let temporary = path + ".partial-\(getpid())"
        do {
            try writeThrough(bytes, to: temporary, creating: true)
            guard rename(temporary, path) == 0 else { throw failure(path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Opens `path` for writing (truncating it, creating it when `creating`) and writes every byte.
    private static func writeThrough(_ bytes: [UInt8], to path: String, creating: Bool = false) throws {
        let fd = creating ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) : open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let step = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if step < 0 && errno == EINTR { continue }
            guard step > 0 else { throw failure(path) }
            written += step
        }
    }

    private static func failure(_ path: String) -> CommandError {
        CommandError(.failure, "无法写入 \(path)：\(String(cString: strerror(errno))) (cannot write it)")
    }
}
