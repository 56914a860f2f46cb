import Foundation
import Kernel
import TestSupport
import XCTest

/// Records are written straight from SQLite's rows to response bytes; these tests hold that path to
/// exactly the bytes the JSON tree gave before (the earlier code is kept below as the reference).
final class RecordRenderingTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    // MARK: - Strings

    func bytesOfString(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { JSON.writeString(utf8: $0, into: &out) }
        return out
    }

    /// The reference: the String SQLite's bytes used to become, serialized.
    func reference(_ bytes: [UInt8]) -> [UInt8] { JSON.string(String(decoding: bytes, as: UTF8.self)).bytes }

    func testEscapesLikeTheStringWriterForEveryByteAtEveryOffset() {
        // Each byte value, alone and inside ASCII runs of every length around the 8-byte word checks.
        for byte in 0...255 {
            for before in 0...17 {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: before) + [UInt8(byte)] + Array(repeating: UInt8(ascii: "b"), count: 9)
                XCTAssertEqual(bytesOfString(bytes), reference(bytes), "byte \(byte) after \(before)")
            }
        }
    }

    func testWritesIntegersLikeTheTree() throws {
        let database = try Database(path: folder.file("numbers.db"))
        let numbers: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 12_345, -1_234_567_890, Int64.max, Int64.min, Int64.min + 1]
        try database.withWriterConnection { db in
            try db.executeScript("CREATE TABLE test_numbers (id INTEGER PRIMARY KEY, n, version, created_at, updated_at)")
            for (index, n) in numbers.enumerated() {
                try db.execute("INSERT INTO test_numbers VALUES (?, ?, ?, 't', 't')", [index + 1, n, n])
            }
        }
        let schema = EntitySchema(name: "number", plural: "numbers", table: "test_numbers", label: "number",
                                  fields: [FieldSpec("n", label: "n", type: .integer(range: Int64.min...Int64.max))], listColumns: ["id"])
        let store = RecordStore([schema])
        try database.read { db in
            var bytes: [UInt8] = []
            _ = try store.writeList(schema, ListQuery(limit: 100), actor: .localAdministrator, db, into: &bytes)
            let items = numbers.enumerated().map { index, n in
                JSON.object(["id": .int(Int64(index + 1)), "n": .int(n), "version": .int(n), "created_at": "t", "updated_at": "t"])
            }
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), JSON.array(items).serialized)
        }
    }

    func testEscapesControlsQuotesAndNonASCIILikeTheStringWriter() {
        let samples = [
            "", "plain", "引号\"\\\n\r\t\u{1}\u{8}\u{c}\u{1f}\u{7f}", "南湖镇建设路110号", "😀 emoji, 𠀀 and é", "\"\"\"\"\"\"\"\"\"",
            "\\\\\\\\\\\\\\\\", String(repeating: "ab\"cd\\ef\u{0}gh", count: 20), String(repeating: "区应急管理局", count: 30),
        ]
        for text in samples {
            XCTAssertEqual(bytesOfString(Array(text.utf8)), JSON.string(text).bytes, text)
        }
    }

    func testRepairsInvalidUTF8LikeStringDecoding() {
        let samples: [[UInt8]] = [
            [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE5, 0x8D], [0xE5], Array("ok".utf8) + [0xFF] + Array("\"x".utf8), [0xF0, 0x9F, 0x98], Array("区".utf8) + [0xE5, 0x8D] + Array("区".utf8),
        ]
        for bytes in samples {
            XCTAssertEqual(bytesOfString(bytes), reference(bytes), "\(bytes)")
        }
        var random = SeededRandom(seed: 7)
        let pieces: [[UInt8]] = [[0x22], [0x5C], [0x0A], [0x01], [0x7F], [0x80], [0xBF], [0xC2], [0xE0], [0xED], [0xF0], [0xF4], [0xFF],
                                 Array("区".utf8), Array("😀".utf8), Array("abcdefgh".utf8)]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(12) { bytes += random.pick(pieces) }
            XCTAssertEqual(bytesOfString(bytes), reference(bytes), "\(bytes)")
            bytes.withUnsafeBufferPointer { buffer in
                XCTAssertEqual(JSON.isValidUTF8(buffer), String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
            }
        }
    }

    // MARK: - Records

    static let owners = EntitySchema(
        name: "owner", plural: "owners", table: "test_owners", label: "owner",
        fields: [FieldSpec("name", label: "name", type: .text(maxLength: 100))], listColumns: ["id", "name"])

    static let things = EntitySchema(
        name: "thing", plural: "things", table: "test_things", label: "thing",
        fields: [
            FieldSpec("name", label: "name", type: .text(maxLength: 100)),
            FieldSpec("flag", label: "flag", type: .boolean),
            FieldSpec("tags", label: "tags", type: .textList),
            FieldSpec("count", label: "count", type: .integer(range: 0...100)),
            FieldSpec("owner_id", label: "owner", type: .reference("owners")),
            FieldSpec("ghost_id", label: "ghost", type: .reference("ghosts")),
            FieldSpec("kind", label: "kind", type: .choice([("a", "A")])),
            FieldSpec("since", column: "since_date", label: "since", type: .date),
        ],
        listColumns: ["id", "name"])

    /// A table that is not STRICT, so that every column can hold every type SQLite has.
    func makeDatabase() throws -> Database {
        let database = try Database(path: folder.file("records.db"))
        try database.withWriterConnection { db in
            try db.executeScript("""
                CREATE TABLE test_owners (id INTEGER PRIMARY KEY, name, version, created_at, updated_at);
                CREATE TABLE test_things (id INTEGER PRIMARY KEY, name, flag, tags, count, owner_id, ghost_id, kind, since_date,
                                          version, created_at, updated_at);
                INSERT INTO test_owners VALUES (1, '区应急管理局', 1, 't', 't'), (2, NULL, 1, 't', 't'), (3, 42, 1, 't', 't'),
                    (4, CAST(x'e58cbaff22' AS TEXT), 1, 't', 't'), (5, 2.5, 1, 't', 't'), (6, x'e58cba', 1, 't', 't');
                INSERT INTO test_things VALUES
                    (1, '南湖长江精细化工有限公司', 1, '["a","b"]', 7, 1, NULL, 'a', '2024-01-02', 1, '2024-01-02T01:00:00.000Z', '2024-01-02T01:00:00.000Z'),
                    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2, 't', 't'),
                    (3, 'q"uo\\te' || char(10) || char(1) || char(31) || char(127) || '😀', 0, '[ "spaced" , 1 ]', 0, 2, 9, 'a', NULL, 3, 't', 't'),
                    (4, 12, 'yes', 'not json', '12', 3, 1, 5, 1.5, '4', 2024, 2.5),
                    (5, x'e58cba', 2, 5, 1.5, 4, 'x', x'00', 'd', NULL, NULL, NULL),
                    (6, CAST(x'e58cbae58d' AS TEXT), -3, '[]', -9223372036854775808, 5, NULL, '', '', 6, 't', 't'),
                    (7, '', 1.0, x'5b5d', 9223372036854775807, 6, NULL, 'a', 'b', 1.5, 'created', 'updated'),
                    (8, 'plain', 1, '{"k":[1,2,{"x":null}]}', -1234567890, 99, NULL, 'a', 'b', 1, 't', 't'),
                    (9, 'owner as text', 1, '[]', 1, '1', NULL, 'a', 'b', 1, 't', 't'),
                    (10, 'owner as real', 1, '[]', 1, 1.0, NULL, 'a', 'b', 1, 't', 't');
                """)
        }
        return database
    }

    func testWritesRecordsWithTheSameBytesAsTheTreeAndTheEarlierCode() throws {
        let database = try makeDatabase()
        let store = RecordStore([Self.owners, Self.things])
        try database.read { db in
            for id in Int64(1)...10 {
                let legacy = try legacyRow(Self.things, id: id, store: store, db)
                let expected = legacyJSON(Self.things, legacy, catalog: store.catalog)
                var bytes: [UInt8] = []
                let version = try store.write(Self.things, id: id, actor: .localAdministrator, db, into: &bytes)
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected.serialized, "record \(id)")
                XCTAssertEqual(bytes, expected.bytes, "record \(id)")
                XCTAssertEqual(try store.get(Self.things, id: id, actor: .localAdministrator, db), expected, "record \(id)")
                XCTAssertEqual(version, expected["version"]?.intValue, "record \(id)")
            }
            var unknown: [UInt8] = []
            XCTAssertThrowsError(try store.write(Self.things, id: 99, actor: .localAdministrator, db, into: &unknown))
            XCTAssertEqual(unknown, [])
        }
    }

    func testWritesPagesWithTheSameBytesAndCursorsAsTheTree() throws {
        let database = try makeDatabase()
        let store = RecordStore([Self.owners, Self.things])
        try database.read { db in
            let limits = [1, 3, 8, 50]
            let pages = try assertPagesAreTheTrees(store, Self.things, db, limits: limits, capacities: [], "things")
            XCTAssertEqual(pages, limits.map { (10 + $0 - 1) / $0 })
            var bytes: [UInt8] = []
            XCTAssertNil(try store.writeList(Self.things, ListQuery(after: Cursor.encode(10)), actor: .localAdministrator, db, into: &bytes))
            XCTAssertEqual(bytes, Array("[]".utf8))
        }
    }

    func testTheRegistryRecordsMatchTheEarlierCode() throws {
        let test = try TestApplication(demo: true)
        let store = test.app.records
        try test.core.read { db in
            for schema in RegistrySchemas.all {
                let page = try store.list(schema, ListQuery(limit: 10_000), actor: .localAdministrator, db)
                XCTAssertFalse(page.items.isEmpty, schema.plural)
                for item in page.items.prefix(30) {
                    let id = try XCTUnwrap(item["id"]?.intValue)
                    let legacy = legacyJSON(schema, try legacyRow(schema, id: id, store: store, db), catalog: store.catalog)
                    XCTAssertEqual(item, legacy, "\(schema.plural) \(id)")
                    var bytes: [UInt8] = []
                    _ = try store.write(schema, id: id, actor: .localAdministrator, db, into: &bytes)
                    XCTAssertEqual(bytes, legacy.bytes, "\(schema.plural) \(id)")
                }
            }
        }
    }

    // MARK: - The earlier code, kept as the reference

    func legacyRow(_ schema: EntitySchema, id: Int64, store: RecordStore, _ db: Connection) throws -> Row {
        var columns = ["t.id", "t.version", "t.created_at", "t.updated_at"]
        for field in schema.fields {
            columns.append("t.\(field.column)")
            if case .reference(let plural) = field.type, let target = store.catalog[plural] {
                let nameColumn = target.field(target.nameField)?.column ?? "name"
                columns.append("(SELECT \(nameColumn) FROM \(target.table) r WHERE r.id = t.\(field.column)) AS \(field.column)__name")
            }
        }
        return try XCTUnwrap(try db.queryOne("SELECT \(columns.joined(separator: ", ")) FROM \(schema.table) t WHERE t.id = ?", [id]))
    }

    func legacyJSON(_ schema: EntitySchema, _ row: Row, catalog: [String: EntitySchema]) -> JSON {
        var members: [JSON.Member] = [JSON.Member("id", .int(row.requiredInt("id")))]
        for field in schema.fields {
            let value = row[field.column]
            switch (field.type, value) {
            case (_, .null): members.append(JSON.Member(field.name, .null))
            case (.boolean, .integer(let v)): members.append(JSON.Member(field.name, .bool(v != 0)))
            case (.textList, .text(let s)): members.append(JSON.Member(field.name, (try? JSONParser.parse(s)) ?? .array([])))
            case (.integer, .integer(let v)), (.reference, .integer(let v)): members.append(JSON.Member(field.name, .int(v)))
            case (_, .text(let s)): members.append(JSON.Member(field.name, .string(s)))
            case (_, .integer(let v)): members.append(JSON.Member(field.name, .int(v)))
            default: members.append(JSON.Member(field.name, .null))
            }
            if field.isReference {
                let base = field.name.hasSuffix("_id") ? String(field.name.dropLast(3)) : field.name
                members.append(JSON.Member("\(base)_name", JSON(row.string("\(field.column)__name"))))
            }
        }
        members.append(JSON.Member("version", .int(row.requiredInt("version"))))
        members.append(JSON.Member("created_at", .string(row.requiredString("created_at"))))
        members.append(JSON.Member("updated_at", .string(row.requiredString("updated_at"))))
        return .object(members)
    }
}
