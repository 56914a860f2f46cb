import App
import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// The registry keeps each record's JSON form in its row (migration 006, `StoredForm`): written with
/// the record by every write of Anwei, emptied by any other, and what list pages are copied from.
final class RegistryFormsTests: XCTestCase {
    func formsMissing(_ test: TestApplication) throws -> [String: Int64] {
        try test.core.read { db in
            var missing: [String: Int64] = [:]
            for schema in RegistrySchemas.all {
                missing[schema.plural] = try db.scalarInt("SELECT count(*) FROM \(schema.table) WHERE rendered IS NULL")
            }
            return missing
        }
    }

    /// Every page of every registry type, as `actor` may see it, is the tree's bytes.
    func assertPagesAreTheTrees(_ test: TestApplication, _ actor: Actor, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try test.core.read { db in
            for schema in RegistrySchemas.all {
                try TestSupport.assertPagesAreTheTrees(test.app.records, schema, actor: actor, db, limits: [50], capacities: [], message, file: file, line: line)
            }
        }
    }

    func testTheDemoKeepsEveryFormAndPagesAreTheTreesForEveryRole() throws {
        let test = try TestApplication(demo: true)
        XCTAssertEqual(try formsMissing(test), Dictionary(uniqueKeysWithValues: RegistrySchemas.all.map { ($0.plural, 0) }))
        try assertPagesAreTheTrees(test, .localAdministrator, "admin")
        // Scope narrows the rows of a page, not how each is shown.
        let accounts = Accounts(core: test.core)
        for username in ["dongcheng", "fgj", "inspector1", "qiye"] {
            let actor = try test.core.read { accounts.actor(try accounts.findUser(username, $0)) }
            try assertPagesAreTheTrees(test, actor, username)
        }
    }

    func testWritesOverHTTPAndTheCLIKeepTheFormAndPagesShowThem() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let enterprise = try test.id("enterprises", "南湖长江精细化工有限公司")
        func form() throws -> [UInt8]? {
            try test.core.read { db in
                guard case .blob(let bytes)? = try db.queryOne("SELECT rendered FROM registry_enterprises WHERE id = ?", [enterprise])?.values.first else { return nil }
                return bytes
            }
        }
        func listed() throws -> JSON? {
            let reply = try admin.get("/api/v1/org/enterprises?limit=1&after=\(Cursor.encode(enterprise - 1))")
            XCTAssertEqual(reply.status, 200, reply.text)
            return reply.json["items"]?.arrayValue?.first
        }
        let first = try XCTUnwrap(try form())
        XCTAssertEqual(try listed()?["address"], "南湖镇建设路110号")

        let patched = try admin.patch("/api/v1/org/enterprises/\(enterprise)", JSON.object(["address": "南湖镇建设路 112 号"]))
        XCTAssertEqual(patched.status, 200, patched.text)
        let second = try XCTUnwrap(try form(), "an update over HTTP keeps the new form")
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(try listed()?["address"], "南湖镇建设路 112 号")
        XCTAssertEqual(try listed()?["version"], 2)

        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(enterprise), "--principal-person", "王强"]).code, 0)
        XCTAssertNotEqual(try XCTUnwrap(try form(), "an update from the CLI keeps the new form"), second)
        XCTAssertEqual(try listed()?["principal_person"], "王强")

        let created = try admin.post("/api/v1/org/territories", JSON.object(["name": "新港开发区", "kind": "developmentZone"]))
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(try formsMissing(test)["territories"], 0, "a created record has its form")
        try assertPagesAreTheTrees(test, .localAdministrator, "after writes")
    }

    func testAnEditWithTheSQLiteShellShowsAtOnceAndServeKeepsTheFormAgain() throws {
        let test = try TestApplication(demo: true)
        let enterprise = try test.id("enterprises", "南湖长江精细化工有限公司")
        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        edit.arguments = [test.path, "UPDATE registry_enterprises SET address = '手改的地址' WHERE id = \(enterprise); UPDATE registry_units SET rendered = NULL WHERE id <= 3"]
        try edit.run()
        edit.waitUntilExit()
        XCTAssertEqual(edit.terminationStatus, 0)
        XCTAssertEqual(try formsMissing(test)["enterprises"], 1, "the trigger emptied the edited record's form")
        XCTAssertEqual(try formsMissing(test)["units"], 3)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let reply = try admin.get("/api/v1/org/enterprises?limit=1&after=\(Cursor.encode(enterprise - 1))")
        XCTAssertEqual(reply.json["items"]?.arrayValue?.first?["address"], "手改的地址")
        try assertPagesAreTheTrees(test, .localAdministrator, "forms missing")
        // What `anwei serve` and `anwei migrate` do when they start.
        XCTAssertEqual(try test.app.records.keepStoredForms(test.core.database), 4)
        XCTAssertEqual(try formsMissing(test).values.reduce(0, +), 0)
        try assertPagesAreTheTrees(test, .localAdministrator, "forms kept again")
    }

    /// A form is only remade when its fingerprint changes: if this fails because the writer's bytes
    /// for a row changed on purpose, bump `RecordLayout.formVersion` (so that forms kept by the
    /// earlier writer are made again) and write the new bytes here.
    func testAnEnterprisesKeptFormIsPinnedSoThatAChangedWriterBumpsTheFormVersion() throws {
        let test = try TestApplication(demo: true)
        let id = try test.id("enterprises", "南湖长江精细化工有限公司")
        let form = try XCTUnwrap(try test.core.read { db -> [UInt8]? in
            guard case .blob(let bytes)? = try db.queryOne("SELECT rendered FROM registry_enterprises WHERE id = ?", [id])?.values.first else { return nil }
            return bytes
        })
        let header = form.prefix(41).map { String(format: "%02X", $0) }.joined()
        // Fingerprint, two holes: territory 3 named at byte 123, unit 9 at byte 204 (references 0 and 1).
        XCTAssertEqual(header, "05A4E0372F03F827" + "02" + "7B000000" + "00000000" + "0300000000000000" + "CC000000" + "01000000" + "0900000000000000")
        XCTAssertEqual(String(decoding: form.dropFirst(41), as: UTF8.self),
                       #"{"id":7,"name":"南湖长江精细化工有限公司","credit_code":"91320115UXDUKHQY7C","territory_id":3,"territory_name":,"industry":"hazardousChemicals","supervising_unit_id":9,"supervising_unit_name":,"high_risk":true,"principal_person":"李艳","legal_representative":"董建国","actual_controller":"李艳","standardisation_grade":"level3","address":"南湖镇建设路110号","version":1,"created_at":"2024-01-02T01:00:00.000Z","updated_at":"2024-01-02T01:00:00.000Z"}"#)
    }
}
