// A domain's rule on registry writes: the kernel owns the registry, a domain (which the kernel
// cannot import) may refuse a change to it. Rules run inside the write transaction, after every
// field is valid and before the record is created or updated; a rule refuses by throwing a
// DomainError, and nothing of the write remains.

/// A registry record about to be created or updated.
public struct RegistryChange {
    /// The record type (e.g. `RegistrySchemas.posts`).
    public let schema: EntitySchema
    /// The record's id, nil when it is being created.
    public let id: Int64?
    /// Every column as it will be after the write.
    public let after: [String: DatabaseValue]
    /// The columns this write changes (all given columns on create).
    public let changed: Set<String>

    public init(schema: EntitySchema, id: Int64?, after: [String: DatabaseValue], changed: Set<String>) {
        self.schema = schema
        self.id = id
        self.after = after
        self.changed = changed
    }

    public var isCreate: Bool { id == nil }

    /// A column's value after the write as text (nil when NULL or not text).
    public func text(_ column: String) -> String? {
        if case .text(let s)? = after[column] { return s }
        return nil
    }

    /// A column's value after the write as an integer (nil when NULL or not an integer).
    public func int(_ column: String) -> Int64? {
        if case .integer(let v)? = after[column] { return v }
        return nil
    }
}

/// A rule a domain registers on writes to some of the registry's record types.
public struct RegistryRule: Sendable {
    public var id: String
    /// The record types (plurals, e.g. `posts`) the rule looks at.
    public var plurals: Set<String>
    /// Checks the change in the write's transaction; throws a DomainError to refuse it.
    public var check: @Sendable (RegistryChange, WriteTransaction) throws -> Void

    public init(id: String, plurals: Set<String>, check: @escaping @Sendable (RegistryChange, WriteTransaction) throws -> Void) {
        self.id = id
        self.plurals = plurals
        self.check = check
    }
}

extension WriteTransaction {
    /// Runs every registered rule that looks at `change`'s record type.
    func checkRegistryRules(_ change: RegistryChange) throws {
        for rule in registryRules where rule.plurals.contains(change.schema.plural) { try rule.check(change, self) }
    }
}
