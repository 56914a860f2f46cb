// One SQLite connection: prepared statements cached per connection, 64-bit integers,
// text bound with its UTF-8 byte count, errors that carry the result code.
import CSQLite

private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A connection is used by one thread at a time: the `Database` pool hands it out and takes it back.
/// That ownership rule is what makes it safe to mark `@unchecked Sendable`.
public final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String
    // The state below is touched on every statement. One thread at a time uses a connection (the
    // rule above), so the run-time checks of exclusive access to it are left out.
    @exclusivity(unchecked) private var statements = StatementCache()
    /// The column names of each prepared statement that returned rows, made once (issue 23: a
    /// hazard's row has ~55 columns, and every read of it made ~55 Strings from C strings).
    @exclusivity(unchecked) private var columnNamesCache: [OpaquePointer: ColumnNames] = [:]
    /// Values derived from what this connection read, and the state of the database they were read in.
    @exclusivity(unchecked) private var memo = Memo()
    /// Counts transaction boundaries `Database` passed on this connection; the memo's data
    /// version was read at count `stampedIn` (no other commit can show inside one transaction).
    @exclusivity(unchecked) private var transactions = 0
    @exclusivity(unchecked) private var stampedIn = -1
    /// Statements that wait for the open group's COMMIT (`executeAtCommit`), and whether a group
    /// is open here (set by `Database`, the turn's holder).
    @exclusivity(unchecked) var atCommit: [(sql: String, arguments: [DatabaseValue])] = []
    @exclusivity(unchecked) var defersToCommit = false
    /// The statement holding a read open (`beginRead`), and the data version it read.
    @exclusivity(unchecked) var heldRead: (statement: OpaquePointer, dataVersion: Int64)?

    /// Process-wide settings, made once before the first connection opens: no memory statistics
    /// (they serialise every allocation of every connection on one mutex; nothing reads them), and
    /// sub-journals (a savepoint's copies of the pages it changed) kept in memory up to
    /// `statementJournalInMemory` bytes, not spilled to a temporary file past 64 KiB.
    static let configured: Bool = anwei_sqlite3_disable_memory_statistics() == SQLITE_OK
        && anwei_sqlite3_statement_journal_spill(statementJournalInMemory) == SQLITE_OK

    /// 120 KiB: a group's smaller writes stay in memory; a longer one spills to a file, so memory
    /// stays bounded. Not more: when the journal spills, SQLite writes what it held in memory to
    /// the file in one `write` call, and its unix layer passes a length of 128 KiB or more on
    /// masked (`nBuf &= 0x1ffff`), so SQLite 3.40.1 fails that write ("database or disk is full",
    /// `SQLiteSettingsTests`). A hazard create's savepoint is often larger (under wrk -c32 most
    /// still spill: bench/hazards/README.md).
    static let statementJournalInMemory: Int32 = 120 << 10

    /// What SQLite counts as allocated: 0 while its memory statistics are off.
    static var memoryCounted: Int64 { sqlite3_memory_used() }

    /// Opens (or creates, unless `readOnly`) the database at `path`.
    public init(path: String, readOnly: Bool = false, create: Bool = true) throws {
        _ = Connection.configured
        var db: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(code: rc, message: "\(message): \(path)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit {
        for statement in statements.all { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements with no arguments and no results (DDL, pragmas, migrations).
    public func executeScript(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw DatabaseError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs one statement and returns the number of rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Int {
        try withStatement(sql, arguments) { statement in
            while true {
                let rc = sqlite3_step(statement)
                if rc == SQLITE_DONE { break }
                if rc != SQLITE_ROW { throw error(rc, sql) }
            }
        }
        return Int(sqlite3_changes(handle))
    }

    /// Runs a statement in the open write's transaction just before that transaction commits
    /// (after every write of its group), or at once when no group is open (`Database` opens one
    /// for each write). If the write fails, the statement is dropped with the write's changes.
    ///
    /// For work a savepoint makes dear: an FTS5 table writes its pending terms to disk at every
    /// SAVEPOINT, so in a group (each write in a savepoint of its own) every hazard's one FTS row
    /// made a segment of its own, later merged; run at COMMIT, a group's rows make one (issue 23).
    /// Only for statements nothing in the same group reads back or changes again.
    public func executeAtCommit(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws {
        guard defersToCommit else { try execute(sql, arguments); return }
        atCommit.append((sql, arguments.map(\.databaseValue)))
    }

    /// Runs the statements `executeAtCommit` kept, in order, and forgets them.
    func runAtCommit() throws {
        let waiting = atCommit
        atCommit = []
        for (sql, arguments) in waiting {
            try withStatement(sql, count: arguments.count, argument: { arguments[$0] }) { statement in
                while true {
                    let rc = sqlite3_step(statement)
                    if rc == SQLITE_DONE { break }
                    if rc != SQLITE_ROW { throw error(rc, sql) }
                }
            }
        }
    }

    /// Runs `body` with a page cache of `kibibytes` on this connection, its own restored after: for
    /// work that reads or writes many pages once each pass would read again (a large import, a
    /// year's assessment report).
    public func withPageCache<T>(kibibytes: Int, _ body: () throws -> T) throws -> T {
        let previous = try scalarInt("PRAGMA cache_size")
        try executeScript("PRAGMA cache_size = -\(kibibytes)")
        defer { try? executeScript("PRAGMA cache_size = \(previous)") }
        return try body()
    }

    /// Runs a query and returns every row.
    public func query(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, arguments) { rows.append($0) }
        return rows
    }

    /// The first row of a query, if any.
    public func queryOne(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
        var first: Row?
        try withStatement(sql, arguments) { statement in
            let rc = sqlite3_step(statement)
            // The names after the step: a step may recompile the statement (after a schema change).
            if rc == SQLITE_ROW {
                let columns = columnNames(statement)
                first = Row(columns: columns, values: Self.values(statement, count: columns.count))
            }
            else if rc != SQLITE_DONE { throw error(rc, sql) }
        }
        return first
    }

    /// The first column of the first row.
    public func scalar(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> DatabaseValue {
        try queryOne(sql, arguments)?.values.first ?? .null
    }

    public func scalarInt(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Int64 {
        if case .integer(let v) = try scalar(sql, arguments) { return v }
        return 0
    }

    /// Calls `body` for each row without collecting them.
    public func forEachRow(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> Void) throws {
        try withStatement(sql, arguments) { statement in
            var columns: [String]?
            while true {
                let rc = sqlite3_step(statement)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw error(rc, sql) }
                // The names after the first step: a step may recompile the statement (schema change).
                if columns == nil { columns = columnNames(statement) }
                try body(Row(columns: columns!, values: Self.values(statement, count: columns!.count)))
            }
        }
    }

    /// A value derived from the database, made by `make` once and then reused for as long as the
    /// database is unchanged: no commit by any other connection or process (`PRAGMA data_version`)
    /// and no change by this one (`sqlite3_total_changes64`). Call it inside a transaction, so that the
    /// check and `make` see the same snapshot. The value must depend on the database only (not on
    /// the clock: check times against what it holds). At most `Memo.limit` values per table are kept.
    public func memoized<Key, Value>(_ table: MemoTable<Key, Value>, _ key: Key, _ make: () throws -> Value) throws -> Value {
        let dataVersion: Int64
        if let heldRead {
            dataVersion = heldRead.dataVersion
        } else {
            let sameTransaction = isInTransaction && stampedIn == transactions
            dataVersion = sameTransaction ? memo.stamp.dataVersion : try integer(Self.dataVersionSQL)
            stampedIn = isInTransaction ? transactions : -1
        }
        let stamp = (dataVersion: dataVersion, ownChanges: totalChanges)
        if stamp != memo.stamp {
            memo.removeAll()
            memo.stamp = stamp
        }
        let values = memo.values(table)
        if let value = values.values[key] { return value }
        let value = try make()
        if values.values.count >= Memo.limit { values.values.removeAll(keepingCapacity: true) }
        values.values[key] = value
        return value
    }

    static let dataVersionSQL = "PRAGMA data_version"

    /// Called by `Database` right after it begins or ends a transaction here (so a transaction begun
    /// any other way never counts as the one a data version was read in).
    func transactionBoundary() { transactions += 1 }

    /// The first column of the first row as an integer, without building a Row (0 when none).
    func integer(_ sql: String) throws -> Int64 {
        var value: Int64 = 0
        try withStatement(sql, count: 0, argument: { _ in .null }) { statement in
            let rc = sqlite3_step(statement)
            if rc == SQLITE_ROW { value = sqlite3_column_int64(statement, 0) }
            else if rc != SQLITE_DONE { throw error(rc, sql) }
        }
        return value
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Rolls back the open transaction (unless SQLite already ended it) and forgets the values
    /// derived from its rows; the transaction is over either way.
    func rollBack() {
        forgetDerivedValues()
        if isInTransaction { try? executeScript("ROLLBACK") }
        transactionBoundary()
    }

    /// Forgets every memoized value (`memoized`): the rows they came from may have been rolled back,
    /// which changes neither the data version nor the count of changes the memo checks.
    func forgetDerivedValues() {
        memo.removeAll()
        memo.stamp = (-1, -1)
        stampedIn = -1
    }

    /// How many times the cached statement for `sql` was compiled again since it was made (a
    /// schema change or an expiring pragma makes SQLite recompile every statement): for tests.
    func timesRecompiled(_ sql: String) throws -> Int {
        Int(sqlite3_stmt_status(try prepared(sql), SQLITE_STMTSTATUS_REPREPARE, 0))
    }

    /// Whether foreign keys are left unresolved (by deferred constraints): COMMIT would fail.
    var hasUnresolvedForeignKeys: Bool {
        var current: Int32 = 0, highest: Int32 = 0
        return sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0) == SQLITE_OK && current > 0
    }

    /// Drops cached statements (after a schema change, or to release memory).
    public func clearStatementCache() {
        for statement in statements.all { sqlite3_finalize(statement) }
        statements.removeAll()
        columnNamesCache.removeAll()
        memo.removeAll()
        memo.stamp = (-1, -1)
        stampedIn = -1
    }

    // MARK: - Internals

    private func withStatement(_ sql: String, _ arguments: [any DatabaseValueConvertible], _ body: (OpaquePointer) throws -> Void) throws {
        try withStatement(sql, count: arguments.count, argument: { arguments[$0].databaseValue }, body)
    }

    fileprivate func withStatement(_ sql: String, count: Int, argument: (Int) -> DatabaseValue, _ body: (OpaquePointer) throws -> Void) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == count else {
            throw DatabaseError(code: SQLITE_MISUSE, message: "expected \(expected) argument(s), got \(count)", sql: sql)
        }
        for index in 0..<count {
            let position = Int32(index + 1)
            let rc: Int32
            switch argument(index) {
            case .null: rc = sqlite3_bind_null(statement, position)
            case .integer(let v): rc = sqlite3_bind_int64(statement, position, v)
            case .real(let v): rc = sqlite3_bind_double(statement, position, v)
            case .text(var s):
                // SQLite copies the bytes (SQLITE_TRANSIENT), so the String's own storage is bound as is.
                rc = s.withUTF8 { utf8 in
                    guard let base = utf8.baseAddress else { return sqlite3_bind_text(statement, position, "", 0, transient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        sqlite3_bind_text(statement, position, $0, Int32(utf8.count), transient)
                    }
                }
            case .blob(let b):
                rc = b.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient) }
            }
            if rc != SQLITE_OK { throw error(rc, sql) }
        }
        try body(statement)
    }

    func prepared(_ sql: String) throws -> OpaquePointer {
        if let cached = statements.statement(sql) { return cached }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, sql) }
        statements.insert(statement, for: sql)
        return statement
    }

    func error(_ rc: Int32, _ sql: String?) -> DatabaseError {
        DatabaseError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// The names of the statement's columns: made once per prepared statement and kept with it,
    /// and made again only when SQLite has recompiled the statement (a schema change may change
    /// what `h.*` names), which `SQLITE_STMTSTATUS_REPREPARE` counts. Asked after a step, which
    /// is when SQLite recompiles an expired statement (before it, the old names were read).
    private func columnNames(_ statement: OpaquePointer) -> [String] {
        let compiled = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
        if let cached = columnNamesCache[statement], cached.compiled == compiled { return cached.names }
        let names = Self.columnNames(statement)
        columnNamesCache[statement] = ColumnNames(compiled: compiled, names: names)
        return names
    }

    private struct ColumnNames {
        /// The statement's recompilation count when the names were read.
        let compiled: Int32
        let names: [String]
    }

    private static func columnNames(_ statement: OpaquePointer) -> [String] {
        (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    private static func values(_ statement: OpaquePointer, count: Int) -> [DatabaseValue] {
        (0..<Int32(count)).map { value(statement, $0) }
    }

    static func value(_ statement: OpaquePointer, _ index: Int32) -> DatabaseValue {
        switch StatementRow.ColumnType(sqlite3_column_type(statement, index)) {
        case .integer: return .integer(sqlite3_column_int64(statement, index))
        case .real: return .real(sqlite3_column_double(statement, index))
        case .text:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let pointer = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self))
        case .blob:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
        case .null: return .null
        }
    }
}

/// The current row of a running statement, read in place: no Strings or arrays are made unless asked
/// for. Valid only inside the `forEachStatementRow` callback that hands it out.
public struct StatementRow {
    let statement: OpaquePointer

    public enum ColumnType {
        case null, integer, real, text, blob

        /// The type of SQLite's fundamental datatype code (`SQLITE_INTEGER`, …).
        init(_ code: Int32) {
            switch code {
            case SQLITE_INTEGER: self = .integer
            case SQLITE_FLOAT: self = .real
            case SQLITE_TEXT: self = .text
            case SQLITE_BLOB: self = .blob
            default: self = .null
            }
        }
    }

    public func type(_ column: Int) -> ColumnType { ColumnType(sqlite3_column_type(statement, Int32(column))) }

    public func int64(_ column: Int) -> Int64 { sqlite3_column_int64(statement, Int32(column)) }

    /// The column's text as UTF-8 bytes owned by SQLite (valid until the next step or column call on it).
    public func text(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        let pointer = sqlite3_column_text(statement, Int32(column))
        let length = Int(sqlite3_column_bytes(statement, Int32(column)))
        return UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : length)
    }

    /// The column as a value (what `Row` holds).
    public func value(_ column: Int) -> DatabaseValue { Connection.value(statement, Int32(column)) }

    /// The column read as `Row.int`, `Row.double` and `Row.string` read a named one.
    public func int(_ column: Int) -> Int64? { value(column).int }
    public func double(_ column: Int) -> Double? { value(column).double }
    public func string(_ column: Int) -> String? { value(column).string }

    /// The column's value object: its type, integer and text read with one call into the statement
    /// instead of one per question. (SQLite calls it unprotected: safe here, as a connection is used
    /// by one thread at a time; valid until the next step, like the column's text.)
    public func cell(_ column: Int) -> Cell { Cell(value: sqlite3_column_value(statement, Int32(column))) }

    public struct Cell {
        let value: OpaquePointer?

        public var type: ColumnType { ColumnType(sqlite3_value_type(value)) }

        /// SQLite's code for the type (`SQLITE_INTEGER`, …), for a switch with no mapping in between.
        var typeCode: Int32 { sqlite3_value_type(value) }

        public var int64: Int64 { sqlite3_value_int64(value) }

        /// The value's bytes as a blob (a text's UTF-8; none for NULL), owned by SQLite like `text`.
        public var blob: UnsafeBufferPointer<UInt8> {
            let pointer = sqlite3_value_blob(value)
            let length = Int(sqlite3_value_bytes(value))
            return UnsafeBufferPointer(start: pointer?.assumingMemoryBound(to: UInt8.self), count: pointer == nil ? 0 : length)
        }

        public var text: UnsafeBufferPointer<UInt8> {
            let pointer = sqlite3_value_text(value)
            let length = Int(sqlite3_value_bytes(value))
            return UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : length)
        }
    }
}

extension Connection {
    /// Runs a query and calls `body` with each row in place (no `Row` is built): for hot paths that
    /// turn rows straight into bytes.
    public func forEachStatementRow(_ sql: String, _ arguments: [DatabaseValue], _ body: (StatementRow) throws -> Void) throws {
        try withStatement(sql, count: arguments.count, argument: { arguments[$0] }) { statement in
            while true {
                let rc = sqlite3_step(statement)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw error(rc, sql) }
                try body(StatementRow(statement: statement))
            }
        }
    }
}

extension Connection {
    /// Bounds this connection's page cache to `kib` KiB (`PRAGMA cache_size` with a negative
    /// value counts KiB, not pages). Pages beyond it are dropped, least recently used first.
    func limitPageCache(kib: Int) throws {
        try executeScript("PRAGMA cache_size = -\(kib)")
    }

    /// The page cache's limit in effect, in KiB (`PRAGMA cache_size`; a positive value counts pages).
    public func pageCacheLimitKiB() throws -> Int {
        let size = try integer("PRAGMA cache_size")
        if size <= 0 { return Int(-size) }
        return Int(size * (try integer("PRAGMA page_size"))) / 1024
    }

    /// One of SQLite's counts of this connection (`sqlite3_db_status`, current value), in bytes.
    /// Call it from the thread that has the connection.
    func status(_ operation: Int32) -> Int {
        var current: Int32 = 0, highest: Int32 = 0
        return sqlite3_db_status(handle, operation, &current, &highest, 0) == SQLITE_OK ? Int(current) : 0
    }
}

extension Connection {
    /// Rows changed by this connection since it opened (to check that every write was audited).
    public var totalChanges: Int64 { Int64(sqlite3_total_changes64(handle)) }
}
