// The scenario's tools: one demo database driven by the real `anwei` binary as a named user on a
// named day, and `anwei serve --today DAY` on a loopback port for the HTTP side.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import TestSupport
import XCTest

/// The demo database of the scenario and the binary that acts on it.
struct DistrictDatabase {
    let folder: TemporaryFolder
    var path: String { folder.file("district.db") }

    /// `anwei ARGS --db … [--as USER] [--today DAY]`.
    @discardableResult
    func run(_ arguments: [String], as user: String? = nil, on day: String? = nil) throws -> (code: Int32, out: String, err: String) {
        var all = arguments + ["--db", path]
        if let user { all += ["--as", user] }
        if let day { all += ["--today", day] }
        return try Binary.run(all)
    }

    /// The same with `--json`, exit 0 expected; the parsed output.
    func json(_ arguments: [String], as user: String? = nil, on day: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let result = try run(arguments + ["--json"], as: user, on: day)
        XCTAssertEqual(result.code, 0, "anwei \(arguments.joined(separator: " ")): \(result.err)", file: file, line: line)
        return try JSONParser.parse(result.out)
    }

    /// A token for a demo user, made with `anwei tokens create`.
    func token(_ user: String) throws -> String {
        let made = try run(["tokens", "create", "--user", user])
        XCTAssertEqual(made.code, 0, made.err)
        return made.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A file in the scenario's folder.
    func write(_ name: String, _ text: String) throws -> String {
        let file = folder.file(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The sqlite3 shell on the database (reading; the one write is the tamperer's).
    @discardableResult
    func sqlite(_ sql: String) throws -> String {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path, sql]
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The seed plan (区安全生产委员会2024年工作要点) as the demo imports it: the text of
    /// Sources/Responsibilities/Demo/SeedPlan.swift, a verbatim copy of shared/seeds/000_e6a803d408bb7296.txt.
    static func seedPlan() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Sources/Responsibilities/Demo/SeedPlan.swift"), encoding: .utf8)
        guard let open = source.range(of: "#\"\"\"\n"), let close = source.range(of: "\n\"\"\"#", range: open.upperBound..<source.endIndex) else {
            throw ScenarioError("no seed text in SeedPlan.swift")
        }
        return String(source[open.upperBound..<close.lowerBound])
    }
}

/// `anwei serve --today DAY --tick-interval 0` on the scenario's database: the server as deployed,
/// its clock on the scenario's day; stopped with SIGTERM.
final class ServedDay {
    let process = Process()
    let port: Int
    let day: String

    init(_ database: DistrictDatabase, today day: String) throws {
        self.day = day
        port = try RawSocket.freePort()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--db", database.path, "--listen", "127.0.0.1:\(port)", "--today", day, "--tick-interval", "0"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if (try? HTTPClient(port: port).get("/healthz"))?.status == 200 { return }
            Thread.sleep(forTimeInterval: 0.025)
        }
        stop()
        throw ScenarioError("anwei serve did not answer on port \(port)")
    }

    func client(_ token: String) -> HTTPClient { HTTPClient(port: port, token: token) }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit { stop() }
}

struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPReply {
    /// The items of the overview (待办) or of a page.
    var items: [JSON] { json["items"]?.arrayValue ?? json.arrayValue ?? [] }
}
