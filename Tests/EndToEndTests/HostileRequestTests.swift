import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import TestSupport
import XCTest

/// Requests that once stopped the whole server, sent to the real `anwei serve` over TCP: each is
/// answered with a problem naming the field, and the process keeps serving everyone else.
final class HostileRequestTests: XCTestCase {
    func testBadPeriodsAndYearsAreRefusedAndTheServerStaysUp() throws {
        let folder = TemporaryFolder()
        let db = folder.file("h.db")
        XCTAssertEqual(try Binary.run(["demo", "--db", db]).code, 0)
        func token(_ user: String) throws -> String {
            try Binary.run(["tokens", "create", "--user", user, "--db", db]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let enterprise = try token("qiye"), admin = try token("admin")
        let port = try RawSocket.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        let client = HTTPClient(port: port)
        for _ in 0..<200 where (try? client.get("/healthz"))?.status != 200 { Thread.sleep(forTimeInterval: 0.05) }

        let asEnterprise = client.with(token: enterprise)
        for period in ["-", "", "--", "-Q1", "2024-", "2024--Q1", "99999999999999999999", "2024-Q", "2024-Q9"] {
            let encoded = period.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? period
            let read = try asEnterprise.get("/api/v1/hazards/statistics-reports?period=\(encoded)")
            XCTAssertEqual(read.status, 422, "GET period '\(period)': \(read.text)")
            let file = try asEnterprise.post("/api/v1/hazards/statistics-reports", .object(["period": .string(period), "signed_by": "张三"]))
            XCTAssertEqual(file.status, 422, "POST period '\(period)': \(file.text)")
            XCTAssertTrue(process.isRunning, "the server survives period '\(period)'")
        }
        let asAdmin = client.with(token: admin)
        for year in ["0", "-1", "10000", "2147483648", "9223372036854775807", "1899", "2201"] {
            let reply = try asAdmin.get("/api/v1/responsibilities/leader-lists?year=\(year)")
            XCTAssertEqual(reply.status, 422, "year \(year): \(reply.text)")
            XCTAssertEqual(reply.json["errors"]?.arrayValue?.first?["field"]?.stringValue, "year")
            XCTAssertTrue(process.isRunning, "the server survives year \(year)")
        }
        let filed = try asAdmin.post("/api/v1/responsibilities/leader-lists", .object(["kind": "work", "year": 0, "person": "1", "content": "x"]))
        XCTAssertEqual(filed.status, 422, filed.text)
        XCTAssertEqual(try asAdmin.get("/api/v1/responsibilities/leader-lists?year=2024").status, 200)
        XCTAssertEqual(try client.get("/healthz").status, 200)
        XCTAssertTrue(process.isRunning)
    }
}
