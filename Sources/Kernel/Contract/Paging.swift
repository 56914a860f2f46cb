import CLI

// One rule for every list, API and CLI: `limit` 1–200 (default 50; more is refused, not
// clamped), `after` the cursor from the previous page's `next` (empty means none).

public struct Paging: Sendable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public var limit: Int
    /// The opaque cursor, nil for the first page.
    public var after: String?

    public init(limit: Int = Paging.defaultLimit, after: String? = nil) {
        self.limit = limit
        self.after = after
    }

    /// The two paging fields, declared like any other.
    public static let contract = Contract([
        .integer("limit", 1...Int64(maximumLimit), "page size: 1 to \(maximumLimit), default \(defaultLimit)", example: 50),
        .integer("after", 0...999_999_999_999_999_999, "the cursor: the previous page's `next`; empty or absent for the first page"),
    ])

    /// The paging of read values (fields absent or empty take their defaults).
    public init(_ values: Values) {
        self.limit = values.smallInt("limit") ?? Paging.defaultLimit
        self.after = values.int("after").map(String.init)
    }

    /// The cursor as the last id seen (400 when it is not one of ours).
    public func afterID() throws -> Int64? { try after.map(Cursor.decode) }

    /// `--limit` and `--after` of a list command; a bad one is a usage error (exit 2), as HTTP
    /// answers it with 400.
    public static func read(_ invocation: Invocation) throws -> Paging {
        switch contract.read(text: [("limit", invocation.value("limit")), ("after", invocation.value("after"))].compactMap { pair in
            pair.1.map { (name: pair.0, value: $0) }
        }, nil) {
        case .success(let values): return Paging(values)
        case .failure(let errors):
            throw DomainError(.badRequest, errors.all.map(\.message).joined(separator: "; "), fieldErrors: errors.all)
        }
    }
}
