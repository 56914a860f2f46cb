// Keyset pages of the module's lists, in id order; a nil `limit` gives every item after the
// cursor (CSV exports are not paged).
import Kernel

enum Pages {
    /// A page of rows read in id order after the cursor with `LIMIT limit + 1` (`limitSQL`): the
    /// extra row only says that there is a next page.
    static func page(_ rows: [Row], limit: Int?, _ item: (Row) -> JSON) -> Page {
        let shown = limit.map { Array(rows.prefix($0)) } ?? rows
        let next = limit.flatMap { rows.count > $0 ? shown.last.map { Cursor.encode($0.requiredInt("id")) } : nil }
        return Page(items: shown.map(item), next: next)
    }

    /// Appends ` LIMIT ?` (one more than a page) to a query whose rows `page(_:limit:_:)` makes a page of.
    static func limitSQL(_ sql: inout String, _ arguments: inout [any DatabaseValueConvertible], _ limit: Int?) {
        guard let limit else { return }
        sql += " LIMIT ?"
        arguments.append(limit + 1)
    }
}
