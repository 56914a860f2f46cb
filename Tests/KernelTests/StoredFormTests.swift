import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// A table that keeps its records' stored forms serves pages copied from them: these tests hold
/// those pages to the tree's bytes whatever the forms hold (none, one of another layout, one of no
/// known shape, one older than its row), and show that the forms are what a page is copied from.
final class StoredFormTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    /// The things of `RecordBytesTests` (every kind of member), in a table that keeps their forms.
    static let owners = RecordBytesTests.owners
    static let thingFields = RecordBytesTests.things.fields
    static let things = EntitySchema(name: "thing", plural: "things", table: "test_things", label: "thing",
                                     fields: thingFields, listColumns: ["id", "name"], keepsRendered: true)
    static var store: RecordStore { RecordStore([owners, things]) }

    /// Owners with awkward names, and things that name them by integers, NULL, ids of no owner
    /// and (the tables are not STRICT) texts and reals, whose forms cannot be kept. `test_things`
    /// has the column and trigger of migration 006.
    func makeDatabase() throws -> Database {
        let database = try Database(path: folder.file("forms.db"))
        try database.withWriterConnection { db in
            try db.executeScript("""
                CREATE TABLE test_owners (id INTEGER PRIMARY KEY, name, version, created_at, updated_at);
                CREATE TABLE test_things (id INTEGER PRIMARY KEY, name, owner_id, flag, keeper_id, ghost_id, tags, version, created_at, updated_at, rendered BLOB);
                CREATE TRIGGER test_things_rendered_stale AFTER UPDATE ON test_things WHEN new.rendered IS old.rendered
                BEGIN UPDATE test_things SET rendered = NULL WHERE id = new.id; END;
                INSERT INTO test_owners VALUES
                    (1, '区应急管理局', 1, 't', 't'), (2, NULL, 1, 't', 't'), (3, 42, 1, 't', 't'),
                    (7, 'q"uo\\te' || char(10) || char(1) || '😀', 1, 't', 't'), (8, '', 1, 't', 't'),
                    (9223372036854775807, '最大', 1, 't', 't'), (-1, '负一', 1, 't', 't'), (0, '零', 1, 't', 't');
                """)
            let ids = ["1", "2", "3", "7", "8", "99", "NULL", "9223372036854775807", "-1", "0", "'1'", "2.5", "x'31'"]
            let names = ["'南湖长江精细化工有限公司'", "NULL", "'引号\"与\\反斜杠'", "'换行' || char(10) || '制表' || char(9)",
                         "'emoji 🔥 燃气 𠀀 é'", "CAST(x'e58cbae58d' AS TEXT)", "12", "''"]
            for index in 0 ..< 30 {
                let id = ids[index % ids.count], keeper = ids[(index * 7 + 3) % ids.count]
                try db.executeScript("""
                    INSERT INTO test_things (id, name, owner_id, flag, keeper_id, ghost_id, tags, version, created_at, updated_at) VALUES
                        (\(index + 1), \(names[index % names.count]), \(id), \(index % 3 == 0 ? "NULL" : String(index % 2)),
                         \(keeper), \(index), \(index % 4 == 0 ? "'[\"a\",1]'" : "NULL"), \(index), '2024-01-02T01:00:00.000Z', 't');
                    """)
            }
        }
        return database
    }

    /// Whether record `id` could be kept: both references an integer or NULL.
    func keepable(_ id: Int64, _ database: Database) throws -> Bool {
        try database.read { db in
            try db.scalarInt("SELECT typeof(owner_id) IN ('integer', 'null') AND typeof(keeper_id) IN ('integer', 'null') FROM test_things WHERE id = ?", [id]) == 1
        }
    }

    func page(_ store: RecordStore, _ schema: EntitySchema, _ database: Database, after: Int64? = nil, limit: Int = 50) throws -> [UInt8] {
        try database.read { db in
            var bytes: [UInt8] = []
            _ = try store.writeList(schema, ListQuery(after: after.map(Cursor.encode), limit: limit), actor: .localAdministrator, db, into: &bytes)
            return bytes
        }
    }

    /// Every page at several sizes, and a page into buffers far too small for it, against the tree's bytes.
    func assertPagesAreTheTrees(_ store: RecordStore, _ schema: EntitySchema, _ database: Database, _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        _ = try database.read { db in try TestSupport.assertPagesAreTheTrees(store, schema, db, message, file: file, line: line) }
    }

    func formCount(_ database: Database) throws -> Int64 {
        try database.read { try $0.scalarInt("SELECT count(rendered) FROM test_things") }
    }

    func testPagesFromKeptFormsAreTheTreesBytes() throws {
        let database = try makeDatabase()
        let store = Self.store
        // No form kept yet: every record from its columns.
        XCTAssertEqual(try formCount(database), 0)
        try assertPagesAreTheTrees(store, Self.things, database, "no forms")
        // Kept for every record whose references are integers or NULL; the others stay without.
        let keepableIDs = try (1...30).filter { try keepable(Int64($0), database) }
        XCTAssertGreaterThan(keepableIDs.count, 15)
        XCTAssertLessThan(keepableIDs.count, 30, "some things name owners by text or reals")
        XCTAssertEqual(try store.keepStoredForms(database, batch: 7), keepableIDs.count, "in batches smaller than the table")
        XCTAssertEqual(try formCount(database), Int64(keepableIDs.count))
        XCTAssertEqual(try store.keepStoredForms(database), 0, "nothing left to make")
        try assertPagesAreTheTrees(store, Self.things, database, "forms kept")
        try assertPagesAreTheTrees(store, Self.things, database, "forms kept, names kept too")
        // Names are not in the forms: a renamed, added or removed owner shows on the next page.
        let other = try Database(path: database.path)
        try other.write { db -> Void in
            try db.execute("UPDATE test_owners SET name = '区应急管理局（新）' WHERE id = 1")
            try db.execute("INSERT INTO test_owners VALUES (99, '新来的', 1, 't', 't')")
            try db.execute("DELETE FROM test_owners WHERE id = 7")
        }
        try assertPagesAreTheTrees(store, Self.things, database, "owners changed")
        let names = try JSONParser.parse(try page(store, Self.things, database)).arrayValue?.map { $0["owner_name"]?.stringValue } ?? []
        XCTAssertTrue(names.contains("区应急管理局（新）") && names.contains("新来的"), "\(names)")
        XCTAssertEqual(try formCount(database), Int64(keepableIDs.count), "changing owners leaves the things' forms as they were")
    }

    func testAPageIsCopiedFromTheKeptForm() throws {
        let database = try makeDatabase()
        let store = Self.store
        try store.keepStoredForms(database)
        let layout = store.layout(Self.things)
        // A form whose bytes say another name (as no write of Anwei would make it) is what the page shows.
        let form = try XCTUnwrap(try database.read { try $0.queryOne("SELECT rendered FROM test_things WHERE id = 1")?.values.first })
        guard case .blob(let bytes) = form else { return XCTFail("the form is a blob: \(form)") }
        let original = Array("南湖长江精细化工有限公司".utf8), swapped = Array("北山长江精细化工有限公司".utf8)
        let at = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: original) })
        var forged = bytes
        forged.replaceSubrange(at ..< at + original.count, with: swapped)
        // Set with the table's own trigger off the path: the form is changed, so the trigger leaves it.
        try database.write { db -> Void in try db.execute("UPDATE test_things SET rendered = ? WHERE id = 1", [DatabaseValue.blob(forged)]) }
        let first = try JSONParser.parse(try page(store, Self.things, database, limit: 1)).arrayValue?.first
        XCTAssertEqual(first?["name"], "北山长江精细化工有限公司")
        XCTAssertEqual(first?["owner_name"], "区应急管理局", "the name still comes from the owner")

        // Forms that cannot be this layout's are passed over for the columns.
        let fingerprint = StoredForm.fingerprintBytes(layout.fingerprint)
        let unusable: [(String, DatabaseValue)] = [
            ("another layout's fingerprint", .blob(StoredForm.fingerprintBytes(layout.fingerprint &+ 1) + Array(forged.dropFirst(8)))),
            ("an empty blob", .blob([])),
            ("a fingerprint alone", .blob(fingerprint)),
            ("more holes than bytes", .blob(fingerprint + [200] + Array(repeating: 0, count: 40))),
            ("a hole past the end", .blob(StoredForm.make(fingerprint: layout.fingerprint, holes: [.init(position: 99, reference: 0, id: 1)], bytes: Array("{}".utf8))!)),
            ("holes out of order", .blob(StoredForm.make(fingerprint: layout.fingerprint, holes: [.init(position: 2, reference: 0, id: 1), .init(position: 1, reference: 1, id: 1)],
                                                         bytes: Array("{...}".utf8))!)),
            ("a hole of no reference", .blob(StoredForm.make(fingerprint: layout.fingerprint, holes: [.init(position: 1, reference: 2, id: 1)], bytes: Array("{}".utf8))!)),
            ("a text", .text(String(decoding: forged, as: UTF8.self))),
        ]
        for (what, value) in unusable {
            try database.write { db -> Void in try db.execute("UPDATE test_things SET rendered = ? WHERE id = 1", [value]) }
            let first = try JSONParser.parse(try page(store, Self.things, database, limit: 1)).arrayValue?.first
            XCTAssertEqual(first?["name"], "南湖长江精细化工有限公司", what)
            try assertPagesAreTheTrees(store, Self.things, database, what)
        }
        // `keepStoredForms` remakes a form of another layout, and leaves the record's own.
        try database.write { db -> Void in try db.execute("UPDATE test_things SET rendered = ? WHERE id = 1", [unusable[0].1]) }
        XCTAssertEqual(try store.keepStoredForms(database), 1)
        XCTAssertEqual(try database.read { try $0.queryOne("SELECT rendered FROM test_things WHERE id = 1")?.values.first }, .blob(bytes))
    }

    func testAWriteThatGivesNoFormEmptiesItAndThePageShowsTheRow() throws {
        let database = try makeDatabase()
        let store = Self.store
        try store.keepStoredForms(database)
        let before = try formCount(database)
        // As the sqlite3 shell would: the columns change, the form is not given.
        let other = try Database(path: database.path)
        try other.write { db -> Void in
            try db.execute("UPDATE test_things SET name = '改过的名称', version = version WHERE id = 3")
            try db.execute("UPDATE test_things SET rendered = rendered, flag = 1 WHERE id = 5")
        }
        XCTAssertTrue(try keepable(3, database) && keepable(5, database))
        XCTAssertEqual(try formCount(database), before - 2)
        let items = try JSONParser.parse(try page(store, Self.things, database)).arrayValue ?? []
        XCTAssertEqual(items.first { $0["id"] == 3 }?["name"], "改过的名称")
        XCTAssertEqual(items.first { $0["id"] == 5 }?["flag"], true)
        try assertPagesAreTheTrees(store, Self.things, database, "changed without forms")
        XCTAssertEqual(try store.keepStoredForms(database), 2)
        try assertPagesAreTheTrees(store, Self.things, database, "kept again")
    }

    func testASchemaWithAnotherFieldDoesNotUseTheFormsOfTheFirst() throws {
        let database = try makeDatabase()
        try Self.store.keepStoredForms(database)
        // The same table a release later, with one more field.
        try database.withWriterConnection { db in try db.executeScript("ALTER TABLE test_things ADD COLUMN colour TEXT DEFAULT '红'") }
        let wider = EntitySchema(name: "thing", plural: "things", table: "test_things", label: "thing",
                                 fields: Self.thingFields + [FieldSpec("colour", label: "colour", type: .text(maxLength: 10))],
                                 listColumns: ["id", "name"], keepsRendered: true)
        let store = RecordStore([Self.owners, wider])
        XCTAssertNotEqual(store.layout(wider).fingerprint, Self.store.layout(Self.things).fingerprint)
        try assertPagesAreTheTrees(store, wider, database, "forms of the narrower layout")
        XCTAssertTrue(try JSONParser.parse(try page(store, wider, database)).arrayValue?.allSatisfy { $0["colour"] == "红" } ?? false)
        let kept = try formCount(database)
        XCTAssertEqual(try store.keepStoredForms(database), Int(kept), "every form is made again for the wider layout")
        try assertPagesAreTheTrees(store, wider, database, "forms of the wider layout")
        // And the narrower layout, in turn, passes over the wider one's forms.
        try assertPagesAreTheTrees(Self.store, Self.things, database, "narrower over wider forms")
    }

    func testTheFingerprintIsTheSameInEveryProcessAndNamesTheLayout() {
        // FNV-1a's published test vectors: the hash may not depend on the process (unlike Hasher).
        XCTAssertEqual(RecordLayout.fnv1a(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(RecordLayout.fnv1a("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(RecordLayout.fnv1a("foobar"), 0x8594_4171_f739_67e8)
        let fingerprints = Set(RegistrySchemas.all.map { RecordStore(RegistrySchemas.all).layout($0).fingerprint })
        XCTAssertEqual(fingerprints.count, RegistrySchemas.all.count, "each registry type has its own")
    }
}
