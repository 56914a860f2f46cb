// Turning what people type (CLI options, CSV cells) or send (JSON) into checked column values,
// by the one reader every route and command uses.

extension RecordStore {
    /// The reader over this store's catalog (references resolve among its schemas).
    var reader: FieldReader { FieldReader(catalog: catalog) }

    /// Checks one field's given value and returns the column value, or the error naming the field.
    func coerce(_ field: FieldSpec, _ given: GivenValue, _ db: Connection) -> Result<DatabaseValue, FieldError> {
        reader.read(field, given, db).map(\.databaseValue)
    }

    /// The id of the record of `schema` called `name` (an id, the exact name, an alias), nil when
    /// none is, or when several are (`NameResolver` says which).
    public func resolveName(_ schema: EntitySchema, _ name: String, _ db: Connection) throws -> Int64? {
        if case .found(let id) = try NameResolver.resolve(schema, name, db) { return id }
        return nil
    }
}
