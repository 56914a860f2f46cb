// Every page of a list, for the CSV exports (API and CLI), which are not paged.
import Kernel

enum Pages {
    /// The items of every page `fetch` gives, following the cursors to the end.
    static func all(_ fetch: (Int64?) throws -> Page) throws -> [JSON] {
        var items: [JSON] = []
        var after: Int64?
        repeat {
            let page = try fetch(after)
            items += page.items
            after = try page.next.map(Cursor.decode)
        } while after != nil
        return items
    }

    /// The page size of one step of `all`.
    static let step = Paging.maximumLimit
}
