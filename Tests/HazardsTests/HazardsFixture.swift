// One demo database per test class (building it costs seconds): tests create their own hazards.
import Foundation
import Kernel
import TestSupport
import XCTest

class HazardsTestCase: XCTestCase {
    nonisolated(unsafe) static var shared: [String: (TestApplication, TestServer)] = [:]
    static let today = CalendarDate(year: 2024, month: 6, day: 15)!

    var test: TestApplication { Self.shared[String(describing: type(of: self))]!.0 }
    var server: TestServer { Self.shared[String(describing: type(of: self))]!.1 }

    override class func setUp() {
        super.setUp()
        let test = try! TestApplication(demo: true, today: today)
        shared[String(describing: self)] = (test, try! TestServer(test))
    }

    override class func tearDown() {
        shared[String(describing: self)]?.1.stop()
        shared[String(describing: self)] = nil
        super.tearDown()
    }

    override func setUp() {
        super.setUp()
        test.clock.set(Self.today)
    }

    func client(_ user: String?) throws -> HTTPClient {
        try server.client(token: user.map { try test.token(for: $0) })
    }

    /// Runs the sqlite3 shell on the test database; returns its output lines.
    func sqlite(_ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [test.path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func sqliteInt(_ sql: String) throws -> Int64 { Int64(try sqlite(sql).first ?? "") ?? -1 }

    /// A complete major-hazard plan.
    static let plan: JSON = .object([
        "state_and_cause": "储罐区报警装置失效，维护不到位", "harm_and_difficulty": "可能引发火灾爆炸，需局部停产",
        "plan_goals": "消除隐患", "plan_methods": "更换报警装置并联动切断", "plan_funds": "自筹20万元",
        "plan_responsible": "总经理负责", "plan_deadline_requirements": "7月底前完成", "plan_safety_measures": "设警戒区，专项预案",
    ])
}

// Request bodies written as dictionary literals in tests.
extension JSON: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(elements.map { JSON.Member($0.0, $0.1) })
    }
}
