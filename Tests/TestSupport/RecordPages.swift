// One check shared by the tests of the record writer: a page written as bytes straight from SQLite
// (`RecordStore.writeList`, from kept forms or from columns) is the JSON tree's page, byte for byte.
import Kernel
import XCTest

/// Every page of `schema` that `actor` may see, at each of `limits`, is the tree's bytes with the
/// tree's cursor; so is a page of 50 written into a buffer of each of `capacities` (far too small for
/// it: written on beyond its room) after bytes already there. Returns how many pages each limit took.
@discardableResult
public func assertPagesAreTheTrees(_ store: RecordStore, _ schema: EntitySchema, actor: Actor = .localAdministrator, _ db: Connection,
                                   limits: [Int] = [1, 4, 50], capacities: [Int] = [0, 100, 1_000], _ message: String,
                                   file: StaticString = #filePath, line: UInt = #line) throws -> [Int] {
    func assertSame(_ bytes: [UInt8], _ expected: [UInt8], _ what: String) {
        XCTAssertTrue(bytes == expected, "\(message), \(what):\n\(String(decoding: bytes, as: UTF8.self))\nis not\n\(String(decoding: expected, as: UTF8.self))",
                      file: file, line: line)
    }
    var pageCounts: [Int] = []
    for limit in limits {
        var after: String?, pages = 0
        repeat {
            let query = ListQuery(after: after, limit: limit)
            let tree = try store.list(schema, query, actor: actor, db)
            var bytes: [UInt8] = []
            let next = try store.writeList(schema, query, actor: actor, db, into: &bytes)
            assertSame(bytes, JSON.array(tree.items).bytes, "\(schema.plural), limit \(limit) after \(after ?? "-")")
            XCTAssertEqual(next, tree.next, file: file, line: line)
            after = next
            pages += 1
        } while after != nil
        pageCounts.append(pages)
    }
    let prefix = Array("{\"items\":".utf8)
    for capacity in capacities {
        let tree = try store.list(schema, ListQuery(limit: 50), actor: actor, db)
        var buffer = ByteBuffer(prefix, capacity: capacity)
        _ = try store.writeList(schema, ListQuery(limit: 50), actor: actor, db, into: &buffer)
        let bytes = buffer.finish()
        assertSame(bytes, prefix + JSON.array(tree.items).bytes, "\(schema.plural), capacity \(capacity)")
    }
    return pageCounts
}
