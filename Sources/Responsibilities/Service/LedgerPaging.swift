// A keyset page of items computed in full (lines and tasks carry a colour computed per day, so
// they are filtered after reading): the items with an id after the cursor, at most `limit`.
import Kernel

enum LedgerPaging {
    /// `items` in id order; nil `limit` gives every item after the cursor (CSV exports).
    static func page(_ items: [JSON], after: Int64?, limit: Int?) -> Page {
        let rest = after.map { cursor in items.filter { ($0["id"]?.intValue ?? 0) > cursor } } ?? items
        guard let limit, rest.count > limit else { return Page(items: rest, next: nil) }
        let shown = Array(rest.prefix(limit))
        return Page(items: shown, next: shown.last?["id"]?.intValue.map(Cursor.encode))
    }
}
