// `anwei serve`'s memory settings (Docs/operations.md, "内存 / Memory"): read from the options and
// the environment, applied to the real database (shown by /metrics, which reads the pragmas in
// effect), and refused with a message naming the setting when malformed.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import TestSupport
import XCTest

final class MemorySettingsTests: XCTestCase {
    func testMalformedSettingsAreRefusedNamingTheSetting() throws {
        let folder = TemporaryFolder()
        let db = folder.file("absent.db")
        let cases: [([String], [String: String], String)] = [
            (["--db-readers", "0"], [:], "--db-readers"),
            (["--db-readers", "65"], [:], "--db-readers"),
            (["--db-readers", "four"], [:], "--db-readers"),
            ([], ["ANWEI_DB_READERS": "many"], "--db-readers"),
            (["--db-page-cache", "10"], [:], "--db-page-cache"),
            (["--db-page-cache", "2MB"], [:], "--db-page-cache"),
            ([], ["ANWEI_DB_PAGE_CACHE": "-1"], "--db-page-cache"),
            (["--max-workers", "0"], [:], "--max-workers"),
            (["--max-workers", "300"], [:], "--max-workers"),
            (["--workers", "4", "--max-workers", "2"], [:], "--max-workers"),
            ([], ["ANWEI_MAX_WORKERS": "x"], "--max-workers"),
        ]
        for (arguments, environment, named) in cases {
            let refused = try Binary.run(["serve", "--db", db, "--listen", "127.0.0.1:0"] + arguments, environment: environment)
            XCTAssertEqual(refused.code, 2, "\(arguments) \(environment): \(refused.err)")
            XCTAssertTrue(refused.err.contains(named), "\(arguments) \(environment): \(refused.err)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "refused before the database is opened")
    }

    func testServeAppliesTheSettingsFromOptionsAndEnvironment() throws {
        let folder = TemporaryFolder()
        let db = folder.file("m.db")
        XCTAssertEqual(try Binary.run(["migrate", "--db", db]).code, 0)
        var metrics = try served(db, ["--db-readers", "2", "--db-page-cache", "256"], [:])
        XCTAssertTrue(metrics.contains("\nanwei_db_readers 2\n"), metrics)
        XCTAssertTrue(metrics.contains("\nanwei_db_page_cache_limit_bytes 262144\n"), metrics)
        metrics = try served(db, [], ["ANWEI_DB_READERS": "3", "ANWEI_DB_PAGE_CACHE": "512"])
        XCTAssertTrue(metrics.contains("\nanwei_db_readers 3\n"), metrics)
        XCTAssertTrue(metrics.contains("\nanwei_db_page_cache_limit_bytes 524288\n"), metrics)
        metrics = try served(db, [], [:])
        XCTAssertTrue(metrics.contains("\nanwei_db_readers \(DatabaseMemory.defaultReaders)\n"), metrics)
        XCTAssertTrue(metrics.contains("\nanwei_db_page_cache_limit_bytes \(DatabaseMemory.defaultPageCacheKiB * 1024)\n"), metrics)
        for kind in ["page_cache", "statements", "schema"] {
            XCTAssertTrue(metrics.contains("anwei_db_memory_bytes{kind=\"\(kind)\"} "), kind)
        }
    }

    /// Serves `db` with `arguments` and `environment`, returns /metrics, stops the server.
    private func served(_ db: String, _ arguments: [String], _ environment: [String: String]) throws -> String {
        let port = try RawSocket.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:\(port)", "--tick-interval", "0"] + arguments
        var env = ProcessInfo.processInfo.environment
        for name in ["ANWEI_DB", "ANWEI_DB_READERS", "ANWEI_DB_PAGE_CACHE", "ANWEI_MAX_WORKERS"] { env.removeValue(forKey: name) }
        for (name, value) in environment { env[name] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let client = HTTPClient(port: port)
        for _ in 0..<200 {
            if let reply = try? client.get("/metrics"), reply.status == 200 { return reply.text }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("the server did not answer")
        return ""
    }
}
