// Helpers shared by the test targets: a real SQLite file in a temporary folder, the real
// composition root, the real binary, and a plain HTTP/1.1 client over TCP.
import App
import CLI
import Foundation
import Kernel

/// A fresh folder under the system's temporary directory, removed by `cleanUp()`, when it is
/// released, or at the latest when the test process exits: XCTest keeps every test case object (and
/// so the folders its properties hold) until the end of the run, and never releases the demo
/// template's, so without the sweep at exit each test left its database behind (15 GB of them on
/// the development machine).
public final class TemporaryFolder: @unchecked Sendable {
    public let path: String
    public init() {
        path = NSTemporaryDirectory() + "anwei-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        LiveTemporaryFolders.add(path)
    }
    public func file(_ name: String) -> String { path + "/" + name }
    public func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
        LiveTemporaryFolders.remove(path)
    }
    deinit { cleanUp() }
}

/// The temporary folders not yet removed, swept when the process exits normally.
enum LiveTemporaryFolders {
    private static let paths = Locked<Set<String>?>(nil)

    static func add(_ path: String) {
        paths.withLock { paths in
            if paths == nil { atexit { LiveTemporaryFolders.sweep() } }
            paths = (paths ?? []).union([path])
        }
    }

    static func remove(_ path: String) { paths.withLock { _ = $0?.remove(path) } }

    static func sweep() {
        let left = paths.withLock { paths in defer { paths = [] }; return paths ?? [] }
        for path in left { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// An Application on a new database file with a clock the test moves.
public final class TestApplication: @unchecked Sendable {
    public let folder = TemporaryFolder()
    public let clock: FixedClock
    public let app: Application
    public var core: Core { app.core }
    public var path: String { folder.file("anwei.db") }

    /// - Parameters:
    ///   - demo: build the demo organisation (units, groups, territories, enterprises, users) first.
    ///   - today: the clock's date (midnight, Asia/Shanghai).
    public init(demo: Bool = false, today: CalendarDate = CalendarDate(year: 2024, month: 1, day: 2)!) throws {
        clock = FixedClock(today)
        if demo {
            try FileManager.default.copyItem(atPath: try DemoTemplate.path(), toPath: folder.file("anwei.db"))
        }
        app = try Application.open(path: folder.file("anwei.db"), clock: clock)
    }

    /// Runs `anwei ARGS --db <this database>` in process; returns exit code, stdout, stderr.
    public func cli(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        Self.cli(arguments + ["--db", path], clock: clock)
    }

    /// Runs `anwei ARGS` in process with `clock` (for a database that is not a test application's);
    /// returns exit code, stdout, stderr.
    public static func cli(_ arguments: [String], clock: any Clock) -> (code: Int32, out: String, err: String) {
        let out = Locked(""), err = Locked("")
        let output = Output(writeOut: { text in out.withLock { $0 += text } }, writeErr: { text in err.withLock { $0 += text } })
        let code = App.run(arguments, output: output, clock: clock)
        return (code, out.current, err.current)
    }

    /// The id of the registry record of `plural` named `name`.
    public func id(_ plural: String, _ name: String) throws -> Int64 {
        let store = app.records
        guard let id = try core.read({ try store.resolveName(store.catalog[plural]!, name, $0) }) else {
            throw DomainError.notFound(plural, plural, name)
        }
        return id
    }

    /// A fresh token for the demo user `username`.
    public func token(for username: String) throws -> String {
        try core.write(.localAdministrator) { tx in
            let accounts = Accounts(core: core)
            return try accounts.createToken(for: try accounts.findUser(username, tx.db).requiredInt("id"), label: "test", lifetime: 3600, tx).token
        }
    }

    deinit { app.close() }
}

/// The real `anwei` binary, built next to the test bundle.
public enum Binary {
    public static var path: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here.appendingPathComponent("anwei"), here.deletingLastPathComponent().appendingPathComponent("anwei")] {
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        // `swift test` runs from the package root.
        return FileManager.default.currentDirectoryPath + "/.build/debug/anwei"
    }

    /// Runs the binary; returns exit code, stdout and stderr.
    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ANWEI_DB")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let outData = Locked(Data()), errData = Locked(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.withLock { $0 = outPipe.fileHandleForReading.readDataToEndOfFile() }; group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.withLock { $0 = errPipe.fileHandleForReading.readDataToEndOfFile() }; group.leave() }
        process.waitUntilExit()
        group.wait()
        return (process.terminationStatus, String(decoding: outData.current, as: UTF8.self), String(decoding: errData.current, as: UTF8.self))
    }
}

/// The demo database, built once per test process and copied for each test that wants it
/// (the demo is deterministic, so a copy is the same as a fresh build).
enum DemoTemplate {
    private static let built = Locked<String?>(nil)
    private static let folder = TemporaryFolder()

    static func path() throws -> String {
        try built.withLock { path in
            if let path { return path }
            let file = folder.file("demo-template.db")
            let builder = try Application.open(path: file, clock: FixedClock(DemoData.recordedAt))
            _ = try DemoData.build(builder)
            builder.close()
            path = file
            return file
        }
    }
}
