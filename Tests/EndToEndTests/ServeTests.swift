import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import TestSupport
import XCTest

/// `anwei serve` as a process: it answers over TCP and stops cleanly on SIGTERM.
final class ServeTests: XCTestCase {
    func testServeAnswersAndStopsCleanlyOnSIGTERM() throws {
        let folder = TemporaryFolder()
        let db = folder.file("s.db")
        XCTAssertEqual(try Binary.run(["demo", "--db", db]).code, 0)
        let token = try Binary.run(["tokens", "create", "--user", "fgj", "--db", db]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try RawSocket.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:\(port)"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let client = HTTPClient(port: port, token: token)
        var health: HTTPReply?
        for _ in 0..<100 {
            if let reply = try? client.get("/healthz") { health = reply; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(health?.status, 200)
        let units = try client.get("/api/v1/org/units?limit=5")
        XCTAssertEqual(units.status, 200)
        XCTAssertEqual(units.json["items"]?.arrayValue?.count, 5)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "a graceful stop exits 0")
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(log.contains("path=/api/v1/org/units") && log.contains("user=fgj"), "one access-log line per request, with the user")
        XCTAssertTrue(log.contains("stopped cleanly"))
        XCTAssertTrue(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("serving"))
        XCTAssertEqual(try Binary.run(["audit", "verify", "--db", db]).code, 0)
    }
}
