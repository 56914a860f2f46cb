// A schema-described record type: its table, its fields (declared with the one contract's
// `FieldSpec`) and how each is shown and filtered. One description gives the CLI commands, the
// HTTP routes, the CSV import and the OpenAPI schema, so all four agree.

/// How an actor's scope narrows the rows of a schema.
public enum ScopeRule: Sendable {
    /// Every signed-in user may read every row (the organisation itself).
    case everyone
    /// Rows are narrowed by columns: the territory column, the supervising unit column, the row's own id for an enterprise.
    case located(territoryColumn: String?, unitColumn: String?, enterpriseColumn: String?)
    /// A custom SQL condition per actor (`?` parameters in order), or nil for all rows.
    case custom(@Sendable (Actor) -> (sql: String, arguments: [Int64])?)
}

/// A record type.
public struct EntitySchema: Sendable {
    /// Singular, e.g. `unit`.
    public var name: String
    /// Plural, also the CLI noun and URL segment, e.g. `units`.
    public var plural: String
    public var table: String
    public var label: String
    public var fields: [FieldSpec]
    /// The field people call it by (unique), used to resolve references given by name.
    public var nameField: String
    /// Extra aliases table for name resolution (e.g. 区安委办 for 区安全生产委员会办公室).
    public var aliasField: String?
    /// Columns shown in the CLI table.
    public var listColumns: [String]
    /// Fields searched by `q`.
    public var searchFields: [String]
    public var scope: ScopeRule
    /// Roles that may create and update.
    public var writers: Set<Role>
    /// Event published on every change, if any (e.g. `registry.enterprise.changed`).
    public var changeEvent: String?
    /// Checks across fields, run after each field is valid: returns the errors found.
    public var crossFieldCheck: (@Sendable ([String: DatabaseValue]) -> [FieldError])?
    /// Fills values derived from others (e.g. the high-risk flag from the industry) when not given.
    public var derive: (@Sendable (inout [String: DatabaseValue], _ given: Set<String>) -> Void)?
    /// The table has a `rendered BLOB` column (and the trigger that empties it on other writes, as
    /// the registry's migration 006 makes them): each record's JSON form is kept there when it is
    /// written, so that a page is copied from it rather than made again (`StoredForm`).
    public var keepsRendered: Bool

    public init(name: String, plural: String, table: String, label: String, fields: [FieldSpec], nameField: String = "name",
                aliasField: String? = nil, listColumns: [String], searchFields: [String] = ["name"], scope: ScopeRule = .everyone,
                writers: Set<Role> = [.admin, .office], changeEvent: String? = nil,
                crossFieldCheck: (@Sendable ([String: DatabaseValue]) -> [FieldError])? = nil,
                derive: (@Sendable (inout [String: DatabaseValue], _ given: Set<String>) -> Void)? = nil, keepsRendered: Bool = false) {
        self.name = name
        self.plural = plural
        self.table = table
        self.label = label
        self.fields = fields
        self.nameField = nameField
        self.aliasField = aliasField
        self.listColumns = listColumns
        self.searchFields = searchFields
        self.scope = scope
        self.writers = writers
        self.changeEvent = changeEvent
        self.crossFieldCheck = crossFieldCheck
        self.derive = derive
        self.keepsRendered = keepsRendered
    }

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }

    /// What a list of these records takes, over HTTP and the CLI alike: each filterable field
    /// (optional; a reference by id or name) and `q`, text in the searched fields.
    public var filters: Contract {
        Contract(fields.filter(\.filterable).map { field in
            var filter = field
            filter.required = false
            filter.nullable = nil
            filter.help = "only those with this \(field.label)" + (field.isReference ? " (id or name)" : "")
            return filter
        } + [.text("q", max: 200, "only those whose \(searchFields.joined(separator: "/")) contains this text")])
    }
}
