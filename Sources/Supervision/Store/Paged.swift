// Keyset pages of Supervision's own lists: rows in id order after a cursor, one more than asked
// to know whether a next page exists.
import Kernel

enum Paged {
    /// The limit of an export (CSV is not paged: every matching row).
    static let everything = 10_000_000

    /// The page's limit and cursor: the request's, or everything for a CSV export.
    static func window(_ paging: Paging?) throws -> (after: Int64?, limit: Int) {
        guard let paging else { return (nil, everything) }
        return (try paging.afterID(), paging.limit)
    }

    /// `rows` were read with `LIMIT limit + 1`.
    static func page(_ rows: [Row], limit: Int, _ json: (Row) throws -> JSON) rethrows -> Page {
        let items = try rows.prefix(limit).map(json)
        let next = rows.count > limit ? rows.prefix(limit).last?.int("id").map(Cursor.encode) : nil
        return Page(items: items, next: next)
    }
}
