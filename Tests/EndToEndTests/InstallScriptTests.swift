import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import TestSupport
import XCTest

/// `Deploy/install.sh --prefix DIR` from this source tree installs into DIR without systemd, and
/// the installed binary serves. By default it installs the binary this test run built
/// (`--binary`); with ANWEI_SLOW_TESTS=1 it also builds the release binary with
/// `--static-swift-stdlib` (minutes) and checks the Swift runtime is linked in.
final class InstallScriptTests: XCTestCase {
    func testInstallIntoAPrefixServesAndUninstalls() throws {
        let slow = ProcessInfo.processInfo.environment["ANWEI_SLOW_TESTS"] == "1"
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let root = folder.file("root")
        func sh(_ command: String) throws -> (code: Int32, out: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", command]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, out)
        }
        // Its own scratch folder: `swift test` holds the lock on .build while this runs.
        let how = slow ? "--build-path .build-install-test" : "--binary '\(Binary.path)'"
        let install = try sh("cd '\(source)' && Deploy/install.sh --prefix '\(root)' \(how)")
        XCTAssertEqual(install.code, 0, install.out)
        let binary = root + "/usr/local/bin/anwei"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary))
        for file in ["/etc/systemd/system/anwei.service", "/etc/systemd/system/anwei-backup.timer", "/etc/anwei/anwei.env"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + file), file)
        }
        if slow {
            let linked = try sh("ldd '\(binary)'")
            XCTAssertFalse(linked.out.contains("libswiftCore"), "the Swift runtime is linked in: \(linked.out)")
        }
        // Idempotent: a second run (with the binary just built) changes nothing and succeeds.
        XCTAssertEqual(try sh("cd '\(source)' && Deploy/install.sh --prefix '\(root)' --binary '\(binary)'").code, 0)
        // systemd accepts the units (the binary path points into the prefix for the check).
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
            let verify = try sh("cd '\(folder.path)' && sed 's|/usr/local/bin/anwei|\(binary)|' '\(root)/etc/systemd/system/anwei.service' > anwei.service && systemd-analyze verify ./anwei.service")
            XCTAssertEqual(verify.code, 0, verify.out)
        }
        // The installed binary serves.
        let db = root + "/var/lib/anwei/anwei.db"
        XCTAssertEqual(try sh("'\(binary)' migrate --db '\(db)'").code, 0)
        let port = try RawSocket.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var ready: Int?
        for _ in 0..<200 where ready != 200 {
            ready = (try? HTTPClient(port: port).get("/readyz"))?.status
            if ready != 200 { Thread.sleep(forTimeInterval: 0.05) }
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(ready, 200)
        XCTAssertEqual(process.terminationStatus, 0)
        let uninstall = try sh("'\(source)/Deploy/install.sh' --prefix '\(root)' --uninstall")
        XCTAssertEqual(uninstall.code, 0, uninstall.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: binary))
        XCTAssertTrue(FileManager.default.fileExists(atPath: db), "data is kept unless --purge")
    }
}

