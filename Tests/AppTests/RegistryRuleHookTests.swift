// The kernel's hook on registry writes (Domain.registryRules): a rule sees the record as it will
// be and which columns change, runs inside the write's transaction, and its refusal leaves nothing.
import Foundation
import Kernel
import TestSupport
import XCTest

final class RegistryRuleHookTests: XCTestCase {
    final class Seen: @unchecked Sendable {
        var changes: [(plural: String, id: Int64?, changed: Set<String>, title: String?)] = []
    }

    func testARuleSeesTheChangeAndItsRefusalLeavesNothing() throws {
        let test = try TestApplication(demo: true)
        let seen = Seen()
        let rule = RegistryRule(id: "test.no_chairs", plurals: ["posts"]) { change, _ in
            seen.changes.append((change.schema.plural, change.id, change.changed, change.text("title")))
            if change.text("title") == "椅子" { throw DomainError(.conflict, "no chairs", extra: [JSON.Member("reason", "test")]) }
        }
        let core = Core(database: test.core.database, clock: test.clock, bus: test.core.bus, registryRules: [rule])
        let store = RecordStore(RegistrySchemas.all)
        let person = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_people") }
        let unit = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_units") }
        let posts = try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_posts") }
        let audits = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit") }

        XCTAssertThrowsError(try core.write(.localAdministrator) { tx in
            try store.create(RegistrySchemas.posts, ["person_id": .text(String(person)), "unit_id": .text(String(unit)), "title": "椅子", "role": "staff"], tx)
        }) { XCTAssertEqual(($0 as? DomainError)?.kind, .conflict) }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_posts") }, posts, "nothing written")
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit") }, audits, "nothing audited")
        XCTAssertEqual(seen.changes.last?.id, nil)
        XCTAssertTrue(seen.changes.last?.changed.isSuperset(of: ["person_id", "unit_id", "title", "role"]) ?? false)

        let created = try core.write(.localAdministrator) { tx in
            try store.create(RegistrySchemas.posts, ["person_id": .text(String(person)), "unit_id": .text(String(unit)), "title": "桌子", "role": "staff"], tx)
        }
        let id = created["id"]?.intValue ?? 0
        // An update: the rule sees every column as it will be, and only the changed ones as changed.
        _ = try core.write(.localAdministrator) { tx in try store.update(RegistrySchemas.posts, id: id, ["role": "liaison"], ifVersion: nil, tx) }
        XCTAssertEqual(seen.changes.last?.id, id)
        XCTAssertEqual(seen.changes.last?.changed, ["role"])
        XCTAssertEqual(seen.changes.last?.title, "桌子")
        XCTAssertThrowsError(try core.write(.localAdministrator) { tx in try store.update(RegistrySchemas.posts, id: id, ["title": "椅子"], ifVersion: nil, tx) })
        XCTAssertEqual(try test.core.read { try $0.queryOne("SELECT title, role FROM registry_posts WHERE id = ?", [id])?.string("title") }, "桌子")
        // Other record types are not shown to the rule; a write that changes nothing is not either.
        let count = seen.changes.count
        _ = try core.write(.localAdministrator) { tx in try store.update(RegistrySchemas.posts, id: id, ["role": "liaison"], ifVersion: nil, tx) }
        _ = try core.write(.localAdministrator) { tx in try store.update(RegistrySchemas.units, id: unit, ["phone": "010-1"], ifVersion: nil, tx) }
        XCTAssertEqual(seen.changes.count, count)
    }

    func testTheApplicationWiresEachDomainsRules() throws {
        let test = try TestApplication()
        XCTAssertEqual(test.core.registryRules.map(\.id), ["training.ban.principal_person"])
    }
}
