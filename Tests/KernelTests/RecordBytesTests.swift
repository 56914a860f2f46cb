import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// The byte writer takes reference names from memory (kept per connection until the database
/// changes) instead of the tree's LEFT JOIN: these tests hold its pages and records to the tree's
/// bytes across awkward texts and ids, and hold its names to being as fresh as a join.
final class RecordBytesTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    static let owners = EntitySchema(
        name: "owner", plural: "owners", table: "test_owners", label: "owner",
        fields: [FieldSpec("name", label: "name", type: .text(maxLength: 100))], listColumns: ["id", "name"])

    static let things = EntitySchema(
        name: "thing", plural: "things", table: "test_things", label: "thing",
        fields: [
            FieldSpec("name", label: "name", type: .text(maxLength: 100)),
            FieldSpec("owner_id", label: "owner", type: .reference("owners")),
            FieldSpec("flag", label: "flag", type: .boolean),
            FieldSpec("keeper_id", label: "keeper", type: .reference("owners")),
            FieldSpec("ghost_id", label: "ghost", type: .reference("ghosts")),
            FieldSpec("tags", label: "tags", type: .textList),
        ],
        listColumns: ["id", "name"])

    /// Owners named every way SQLite can hold a value, and things that name them by every kind of
    /// id: integers, NULL, ids of no owner, and (the tables are not STRICT) text, reals and blobs.
    func makeDatabase() throws -> Database {
        let database = try Database(path: folder.file("bytes.db"))
        try database.withWriterConnection { db in
            try db.executeScript("""
                CREATE TABLE test_owners (id INTEGER PRIMARY KEY, name, version, created_at, updated_at);
                CREATE TABLE test_things (id INTEGER PRIMARY KEY, name, owner_id, flag, keeper_id, ghost_id, tags, version, created_at, updated_at);
                INSERT INTO test_owners VALUES
                    (1, '区应急管理局', 1, 't', 't'), (2, NULL, 1, 't', 't'), (3, 42, 1, 't', 't'),
                    (4, CAST(x'e58cbaff22' AS TEXT), 1, 't', 't'), (5, 2.5, 1, 't', 't'), (6, x'e58cba', 1, 't', 't'),
                    (7, 'q"uo\\te' || char(10) || char(0) || char(1) || char(31) || '😀', 1, 't', 't'), (8, '', 1, 't', 't'),
                    (9223372036854775807, '最大', 1, 't', 't'), (-1, '负一', 1, 't', 't'), (0, '零', 1, 't', 't');
                """)
            let ids = ["1", "2", "3", "4", "5", "6", "7", "8", "99", "NULL", "9223372036854775807", "-1", "0",
                       "'1'", "' 7 '", "'7.0'", "'1e0'", "'0x1'", "'one'", "1.0", "2.5", "7.000", "-0.0", "x'31'", "CAST(x'31ff' AS TEXT)", "''"]
            let names = ["'南湖长江精细化工有限公司'", "NULL", "'引号\"与\\反斜杠'", "'换行' || char(10) || '制表' || char(9) || '回车' || char(13)",
                         "'控制' || char(1) || char(31) || char(127)", "'emoji 🔥 燃气 𠀀 é'", "CAST(x'e58cbae58d' AS TEXT)", "CAST(x'80c0afeda080' AS TEXT)",
                         "12", "1.5", "x'e58cba'", "''", "'</script>&<'"]
            for (index, id) in ids.enumerated() {
                let keeper = ids[(index * 7 + 3) % ids.count]
                try db.executeScript("""
                    INSERT INTO test_things VALUES (\(index + 1), \(names[index % names.count]), \(id), \(index % 3 == 0 ? "NULL" : String(index % 2)),
                        \(keeper), \(index), \(index % 4 == 0 ? "'[\"a\",1]'" : "NULL"), \(index), '2024-01-02T01:00:00.000Z', 't');
                    """)
            }
        }
        return database
    }

    func assertSameBytes(_ bytes: [UInt8], _ expected: [UInt8], _ message: String, file: StaticString, line: UInt) {
        XCTAssertTrue(bytes == expected, "\(message):\n\(String(decoding: bytes, as: UTF8.self))\nis not\n\(String(decoding: expected, as: UTF8.self))",
                      file: file, line: line)
    }

    /// Every page (at several sizes) and every record, as bytes, against the tree's.
    func assertBytesAreTheTrees(_ store: RecordStore, _ database: Database, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try database.read { db in
            try assertPagesAreTheTrees(store, Self.things, db, message, file: file, line: line)
            let ids = try db.query("SELECT id FROM test_things ORDER BY id").compactMap { $0.int("id") }
            XCTAssertGreaterThan(ids.count, 20, file: file, line: line)
            for id in ids {
                let tree = try store.get(Self.things, id: id, actor: .localAdministrator, db)
                var bytes: [UInt8] = []
                let version = try store.write(Self.things, id: id, actor: .localAdministrator, db, into: &bytes)
                assertSameBytes(bytes, tree.bytes, "\(message) thing \(id)", file: file, line: line)
                XCTAssertEqual(version, tree["version"]?.intValue, file: file, line: line)
            }
        }
    }

    func testPagesAndRecordsAreTheTreesBytesForEveryKindOfReference() throws {
        let database = try makeDatabase()
        let store = RecordStore([Self.owners, Self.things])
        // Twice: the names looked up the first time are kept for the second.
        try assertBytesAreTheTrees(store, database, "first")
        try assertBytesAreTheTrees(store, database, "again")
        // Some ids name owners (the LEFT JOIN's rule: an integer, or a text or real SQLite reads as one).
        try database.read { db in
            let names = try store.list(Self.things, ListQuery(limit: 100), actor: .localAdministrator, db).items.map { $0["owner_name"] ?? .null }
            XCTAssertEqual(names.filter { $0 == "区应急管理局" }.count, 4, "\(names)")
            XCTAssertEqual(names.filter { $0 == .null }.count, 9, "\(names)")
        }
    }

    func testRecordsLargerThanTheRoomMadeForOne() throws {
        let database = try makeDatabase()
        try database.write { db -> Void in
            // Strings, a reference name and a text list that each (and together) need more room than
            // a record is given at first.
            try db.execute("INSERT INTO test_owners VALUES (50, ?, 1, 't', 't')", [String(repeating: "长名称\"\\\u{1}", count: 300)])
            try db.execute("INSERT INTO test_things VALUES (100, ?, 50, 1, 50, 1, ?, 1, ?, 't')",
                           [String(repeating: "引号\"与\\反斜杠\n", count: 200), "[" + Array(repeating: "\"标签\"", count: 300).joined(separator: ",") + "]",
                            String(repeating: "\u{1F}", count: 1500)])
            try db.execute("INSERT INTO test_things VALUES (101, ?, 50, 0, 1, NULL, NULL, 1, 't', 't')", [String(repeating: "a", count: 2000)])
            try db.execute("INSERT INTO test_things VALUES (102, CAST(? AS TEXT), 50, 0, 50, NULL, NULL, 1, 't', 't')", [[UInt8](repeating: 0xFF, count: 700)])
        }
        let store = RecordStore([Self.owners, Self.things])
        try assertBytesAreTheTrees(store, database, "large")
        try assertBytesAreTheTrees(store, database, "large again")
    }

    /// Keys longer than the 32 bytes a prefix is copied as at once, and a record of many members.
    func testLongKeysAndManyMembers() throws {
        let long = EntitySchema(
            name: "long", plural: "longs", table: "test_longs", label: "long",
            fields: [FieldSpec("a_field_whose_name_is_longer_than_thirty_two_bytes", label: "long", type: .text(maxLength: 100)),
                     FieldSpec("another_reference_whose_name_is_long_id", label: "owner", type: .reference("owners")),
                     FieldSpec("flag_with_a_name_of_exactly_26", label: "flag", type: .boolean)]
                + (0..<40).map { FieldSpec("f\($0)", label: "f", type: .text(maxLength: 100)) },
            listColumns: ["id"])
        let database = try makeDatabase()
        try database.write { db -> Void in
            try db.executeScript("CREATE TABLE test_longs (id INTEGER PRIMARY KEY, a_field_whose_name_is_longer_than_thirty_two_bytes, another_reference_whose_name_is_long_id, flag_with_a_name_of_exactly_26, "
                                 + (0..<40).map { "f\($0)" }.joined(separator: ", ") + ", version, created_at, updated_at)")
            for id in 1...5 {
                try db.execute("INSERT INTO test_longs (id, a_field_whose_name_is_longer_than_thirty_two_bytes, another_reference_whose_name_is_long_id, flag_with_a_name_of_exactly_26, "
                               + (0..<40).map { "f\($0)" }.joined(separator: ", ") + ", version, created_at, updated_at) VALUES (?, ?, ?, ?, "
                               + Array(repeating: "?", count: 40).joined(separator: ", ") + ", 1, 't', 't')",
                               [Int64(id), String(repeating: "名\"", count: id), Int64(id), Int64(id % 2)] as [any DatabaseValueConvertible]
                                   + (0..<40).map { String(repeating: "x", count: ($0 * id) % 17) })
            }
        }
        let store = RecordStore([Self.owners, long])
        try database.read { db in
            let page = try store.list(long, ListQuery(limit: 50), actor: .localAdministrator, db)
            XCTAssertEqual(page.items.count, 5)
            var bytes: [UInt8] = []
            _ = try store.writeList(long, ListQuery(limit: 50), actor: .localAdministrator, db, into: &bytes)
            assertSameBytes(bytes, JSON.array(page.items).bytes, "long keys", file: #filePath, line: #line)
            for id in Int64(1)...5 {
                var bytes: [UInt8] = []
                _ = try store.write(long, id: id, actor: .localAdministrator, db, into: &bytes)
                assertSameBytes(bytes, try store.get(long, id: id, actor: .localAdministrator, db).bytes, "long keys \(id)", file: #filePath, line: #line)
            }
        }
    }

    func testANameChangedByAnotherConnectionShowsOnTheVeryNextPage() throws {
        let database = try makeDatabase()
        let store = RecordStore([Self.owners, Self.things])
        func ownerName(_ thing: Int64) throws -> JSON? {
            try database.read { db in
                var bytes: [UInt8] = []
                _ = try store.writeList(Self.things, ListQuery(after: Cursor.encode(thing - 1), limit: 1), actor: .localAdministrator, db, into: &bytes)
                return try JSONParser.parse(bytes).arrayValue?.first?["owner_name"]
            }
        }
        // Every reader connection has the names kept.
        for _ in 0..<8 { try assertBytesAreTheTrees(store, database, "warm") }
        XCTAssertEqual(try ownerName(1), "区应急管理局")
        XCTAssertEqual(try ownerName(9), .null)
        let other = try Database(path: database.path)
        try other.write { db -> Void in
            try db.execute("UPDATE test_owners SET name = '区应急管理局（新）' WHERE id = 1")
            try db.execute("INSERT INTO test_owners VALUES (99, '新来的', 1, 't', 't')")
        }
        for _ in 0..<8 { XCTAssertEqual(try ownerName(1), "区应急管理局（新）") }
        XCTAssertEqual(try ownerName(9), "新来的", "an id that named no owner names the one added since")
        try assertBytesAreTheTrees(store, database, "renamed")
        try database.write { db -> Void in try db.execute("DELETE FROM test_owners WHERE id = 1") }
        for _ in 0..<8 { XCTAssertEqual(try ownerName(1), .null) }
        try assertBytesAreTheTrees(store, database, "deleted")
    }

    func testARenamedTerritoryOrUnitShowsOnTheVeryNextRequest() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let territory = try test.id("territories", "东城镇"), unit = try test.id("units", "区应急管理局")
        let enterprise = try XCTUnwrap(try test.core.read { db in
            try db.queryOne("SELECT id FROM registry_enterprises WHERE territory_id = ? AND supervising_unit_id = ? ORDER BY id", [territory, unit])?.int("id")
        })
        let page = "/api/v1/org/enterprises?territory_id=\(territory)&supervising_unit_id=\(unit)&limit=5", record = "/api/v1/org/enterprises/\(enterprise)"
        func names(_ path: String) throws -> [String?] {
            let reply = try admin.get(path)
            XCTAssertEqual(reply.status, 200, reply.text)
            let item = reply.json["items"]?.arrayValue?.first ?? reply.json
            return [item["territory_name"]?.stringValue, item["supervising_unit_name"]?.stringValue]
        }
        // Enough requests for every pooled reader connection to have the names kept.
        for _ in 0..<12 {
            XCTAssertEqual(try names(page), ["东城镇", "区应急管理局"])
            XCTAssertEqual(try names(record), ["东城镇", "区应急管理局"])
        }
        XCTAssertEqual(try admin.patch("/api/v1/org/territories/\(territory)", JSON.object(["name": "东城街道"])).status, 200)
        XCTAssertEqual(try names(page), ["东城街道", "区应急管理局"])
        XCTAssertEqual(try names(record), ["东城街道", "区应急管理局"])
        // A change by another process (the CLI, its own connections) shows just the same.
        XCTAssertEqual(test.cli(["org", "units", "update", String(unit), "--name", "区应急局"]).code, 0)
        for _ in 0..<6 {
            XCTAssertEqual(try names(page), ["东城街道", "区应急局"])
            XCTAssertEqual(try names(record), ["东城街道", "区应急局"])
        }
        // And the bytes served are still the tree's.
        let served = try admin.get(record)
        let tree = try test.core.read { try test.app.records.get(RegistrySchemas.enterprises, id: enterprise, actor: .localAdministrator, $0) }
        XCTAssertEqual(served.body, tree.bytes)
    }
}

/// A page's `Link` header is built from bytes: the same text as the earlier String code.
final class LinkEncodingTests: XCTestCase {
    /// The earlier code, kept as the reference.
    func reference(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    func testPercentEncodesEveryByteLikeTheEarlierCode() {
        let everyScalar = String(String.UnicodeScalarView((0...0x7F).compactMap(Unicode.Scalar.init)))
        for text in ["", "aTo1MA", "东城镇 & 南湖镇?x=1#y", everyScalar, "😀é\u{0}\u{7F}\u{80}\u{FFFF}", "a+b=c/d%25"] {
            XCTAssertEqual(APIResponse.percentEncode(text), reference(text), text)
        }
    }
}

/// The escaper checks CJK text two characters (a word) at a time: every awkward sequence at every
/// position among CJK characters, after ASCII runs of every length, escapes and repairs exactly as
/// serializing `String(decoding:as:)` does.
final class CJKEscapingTests: XCTestCase {
    func testEscapesAndRepairsLikeStringDecodingAroundEveryWordBoundary() {
        let cjk = Array("区应急管理局南湖镇".utf8)
        let awkward: [[UInt8]] = [
            [0xE0, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xEE, 0x80, 0x80], [0xE1, 0x80], [0xE1], [0xE1, 0xC0, 0x80], [0xE1, 0x80, 0x7F], [0xE1, 0x80, 0xC0], [0xE1, 0x80, 0x22],
            Array("😀".utf8), [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC2, 0xA9], [0xC0, 0x80], [0x80], [0xBF], [0xFF],
            [0x22], [0x5C], [0x0A], [0x00], [0x1F], [0x7F], Array("ab".utf8), [],
        ]
        var compared = 0
        for before in 0...9 {
            for characters in 0...4 {
                for piece in awkward {
                    for position in 0...characters {
                        var bytes = Array(repeating: UInt8(ascii: "a"), count: before)
                        bytes += Array(cjk[0..<(position * 3)]) + piece + Array(cjk[(position * 3)..<(characters * 3)])
                        for tail in [[], Array(cjk.prefix(6)), Array("z".utf8)] {
                            let text = bytes + tail
                            var written: [UInt8] = []
                            text.withUnsafeBufferPointer { JSON.writeString(utf8: $0, into: &written) }
                            XCTAssertEqual(written, JSON.string(String(decoding: text, as: UTF8.self)).bytes, "\(text)")
                            // Well-formed text never takes the slow road (repair through a String).
                            let room = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteBuffer.Room.stringSize(text.count))
                            let fast = text.withUnsafeBufferPointer { ByteBuffer.escaped($0, at: room) }
                            room.deallocate()
                            XCTAssertEqual(fast != nil, String(validating: text, as: UTF8.self) != nil, "\(text)")
                            compared += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 10_000)
    }
}

final class ByteBufferCopyTests: XCTestCase {
    /// Short copies are made word by word: every length, nothing written past the end.
    func testCopiesEveryLengthExactly() {
        let source = (0..<80).map { UInt8($0 + 1) }
        for count in 0...72 {
            var out = [UInt8](repeating: 0, count: 80)
            let copied = source.withUnsafeBufferPointer { from in
                out.withUnsafeMutableBufferPointer { ByteBuffer.copy(UnsafeBufferPointer(rebasing: from[0..<count]), to: $0.baseAddress!) }
            }
            XCTAssertEqual(copied, count)
            XCTAssertEqual(Array(out[0..<count]), Array(source[0..<count]), "\(count)")
            XCTAssertEqual(out[count...].filter { $0 != 0 }, [], "\(count)")
        }
    }
}
