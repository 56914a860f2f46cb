// Shared helpers: one demo database per test class, CLI calls that return JSON, event counts.
import Foundation
import Kernel
import TestSupport
import XCTest

extension TestApplication {
    /// Runs `anwei ARGS --json`, asserting the exit code; returns the parsed output.
    @discardableResult
    func json(_ arguments: [String], expect code: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) -> JSON {
        let result = cli(arguments + ["--json"])
        XCTAssertEqual(result.code, code, "anwei \(arguments.joined(separator: " ")): \(result.err)", file: file, line: line)
        return (try? JSONParser.parse(result.out)) ?? .null
    }

    func scalar(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Int64 {
        try core.read { try $0.scalarInt(sql, arguments) }
    }

    /// Events of `type` about certificate `id`, with their payloads.
    func certificateEvents(_ type: String, _ id: Int64) throws -> [JSON] {
        try core.read { db in
            try db.query("SELECT payload FROM kernel_events WHERE type = ? AND json_extract(payload, '$.certificate_id') = ? ORDER BY id", [type, id])
                .compactMap { try? JSONParser.parse($0.requiredString("payload")) }
        }
    }

    /// The first enterprise of an industry, and its principal person's and safety manager's registry ids.
    func enterprise(industry: String) throws -> (id: Int64, principal: Int64, manager: Int64) {
        try core.read { db in
            let id = try db.scalarInt("SELECT min(id) FROM registry_enterprises WHERE industry = ?", [industry])
            let principal = try db.scalarInt("SELECT person_id FROM registry_posts WHERE enterprise_id = ? AND role = 'principalPerson'", [id])
            let manager = try db.scalarInt("SELECT person_id FROM registry_posts WHERE enterprise_id = ? AND role = 'safetyManager'", [id])
            return (id, principal, manager)
        }
    }

    /// The enterprise of the demo user `qiye`.
    var qiyeEnterprise: Int64 {
        get throws { try scalar("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')") }
    }

    /// A registry person with no post in any enterprise and no training role (from the unit leaders).
    func freePerson(_ offset: Int) throws -> Int64 {
        try scalar("SELECT person_id FROM registry_posts WHERE unit_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?", [offset])
    }
}

extension JSON {
    var int: Int64 { intValue ?? -1 }
    var string: String { stringValue ?? "" }
}
