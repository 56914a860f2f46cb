// Shared helpers for Supervision's tests.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Supervision

enum DemoFixture {
    /// A test application on a new demo database, the clock at `today` (the demo's today by default).
    static func make(today: CalendarDate = CalendarDate(year: 2024, month: 6, day: 15)!) throws -> TestApplication {
        try TestApplication(demo: true, today: today)
    }
}

extension JSON {
    var items: [JSON] { self["items"]?.arrayValue ?? [] }
}

/// Counts events of a type.
func eventCount(_ test: TestApplication, _ type: String) throws -> Int64 {
    try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_events WHERE type = ?", [type]) }
}

func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

/// `fields` read by `contract`, as a route's body is read (names resolved in `db`).
func read(_ contract: Contract, _ fields: [String: JSON], _ db: Connection) throws -> Values {
    try contract.values(json: fields.keys.sorted().map { JSON.Member($0, fields[$0] ?? .null) }, db)
}

extension XCTestCase {
    /// `test` served over TCP by the real server until this test ends.
    func serve(_ test: TestApplication) throws -> TestServer {
        let server = try TestServer(test)
        addTeardownBlock { server.stop() }
        return server
    }

    /// A new demo database, served until this test ends.
    func servedDemo() throws -> (test: TestApplication, server: TestServer) {
        let test = try DemoFixture.make()
        return (test, try serve(test))
    }
}

extension TestServer {
    /// A client signed in as `user` of `test`.
    func client(as user: String, of test: TestApplication) throws -> HTTPClient { client(token: try test.token(for: user)) }
}
