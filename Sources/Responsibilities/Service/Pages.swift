// Keyset pages of the module's lists, in id order; a nil `limit` gives every item after the
// cursor (CSV exports are not paged).
import Kernel

enum Pages {
    /// A page of items computed in full (lines and tasks carry a colour computed per day, so
    /// they are filtered after reading): the items with an id after the cursor, at most `limit`.
    static func page(_ items: [JSON], after: Int64?, limit: Int?) -> Page {
        let rest = after.map { cursor in items.filter { ($0["id"]?.intValue ?? 0) > cursor } } ?? items
        guard let limit, rest.count > limit else { return Page(items: rest, next: nil) }
        let shown = Array(rest.prefix(limit))
        return Page(items: shown, next: shown.last?["id"]?.intValue.map(Cursor.encode))
    }

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
