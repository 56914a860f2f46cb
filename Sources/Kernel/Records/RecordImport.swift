// Bulk import from CSV (UTF-8, with or without BOM): every row is validated first, then all are
// written in one transaction or none; every bad row is reported with its line number.
import CLI

/// One bad row of an import.
public struct ImportProblem: Sendable, Hashable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var json: JSON { .object(["line": .int(Int64(line)), "message": .string(message)]) }
}

/// The outcome of an import (or of a dry run).
public struct ImportResult: Sendable {
    public var rows: Int
    public var created: [JSON]
    public var dryRun: Bool
}

/// Every row that failed, reported together; nothing was written.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]
    public init(problems: [ImportProblem]) { self.problems = problems }
    public var description: String {
        "导入被拒绝，未写入任何数据：\(problems.count) 行有误 (import rejected, nothing was written: \(problems.count) bad row(s))\n"
            + problems.map { "第 \($0.line) 行 (line \($0.line)): \($0.message)" }.joined(separator: "\n")
    }
    public var domainError: DomainError {
        DomainError(.validation, "导入被拒绝，未写入任何数据：\(problems.count) 行有误 (import rejected, nothing was written: \(problems.count) bad row(s))",
                    fieldErrors: problems.map { FieldError("line \($0.line)", "invalid_row", $0.message) },
                    extra: [JSON.Member("rows", .array(problems.map(\.json)))])
    }
}

extension RecordStore {
    /// Imports CSV text: the header names fields by their API name, CLI option name or Chinese label.
    /// `progress` is told (rows done, rows in the file) as the rows are checked and written.
    public func importCSV(_ schema: EntitySchema, text: String, dryRun: Bool, progress: ((Int, Int) -> Void)? = nil,
                          _ tx: WriteTransaction) throws -> ImportResult {
        try tx.withImportCache { try importRows(schema, text: text, dryRun: dryRun, progress: progress, tx) }
    }

    func importRows(_ schema: EntitySchema, text: String, dryRun: Bool, progress: ((Int, Int) -> Void)?, _ tx: WriteTransaction) throws -> ImportResult {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch let error as CSVError {
            throw ImportRejected(problems: [ImportProblem(line: error.line, message: error.message)])
        }
        guard let header = records.first else {
            throw ImportRejected(problems: [ImportProblem(line: 1, message: "文件是空的：第一行须为列名 (the file is empty: expected a header row naming the fields)")])
        }
        var names: [String] = []
        var problems: [ImportProblem] = []
        for column in header.fields {
            let key = column.trimmingWhitespace(newlines: false)
            if let field = schema.fields.first(where: { $0.name == key || $0.optionName == key || $0.label == key }) {
                names.append(field.name)
            } else {
                problems.append(ImportProblem(line: header.line, message: "没有此列 '\(key)' (unknown column); columns: " + schema.fields.map(\.name).joined(separator: ", ")))
                names.append(key)
            }
        }
        if !problems.isEmpty { throw ImportRejected(problems: problems) }
        let rows = records.dropFirst()
        if rows.isEmpty { throw ImportRejected(problems: [ImportProblem(line: header.line, message: "文件只有表头 (the file has a header but no rows)")]) }
        // A scoped writer's record outside its scope is refused after it wrote (`writingImportRows`).
        let written = try tx.writingImportRows { writer in try writeRows(schema, rows, names: names, writer, progress: progress, tx) }
        let created = written.created
        problems = written.problems
        if !problems.isEmpty { throw ImportRejected(problems: problems.sorted { $0.line < $1.line }) }
        if dryRun { throw DryRunFinished(result: ImportResult(rows: rows.count, created: created, dryRun: true)) }
        return ImportResult(rows: rows.count, created: created, dryRun: false)
    }

    /// Checks and writes every row, each through `writer`.
    func writeRows(_ schema: EntitySchema, _ rows: ArraySlice<CSVRecord>, names: [String], _ writer: ImportRowWriter,
                   progress: ((Int, Int) -> Void)?, _ tx: WriteTransaction) throws -> (created: [JSON], problems: [ImportProblem]) {
        var created: [JSON] = []
        var problems: [ImportProblem] = []
        created.reserveCapacity(rows.count)
        var seenUnique: [String: [String: Int]] = [:]
        let uniqueFields = schema.fields.filter(\.unique)
        var done = 0
        for record in rows {
            done += 1
            if done & 255 == 0 { progress?(done, rows.count) }
            if record.fields.count != names.count {
                problems.append(ImportProblem(line: record.line, message: "应有 \(names.count) 列，实有 \(record.fields.count) 列 (expected \(names.count) fields, got \(record.fields.count))"))
                continue
            }
            var given: [String: GivenValue] = [:]
            for (name, value) in zip(names, record.fields) { given[name] = .text(value) }
            // Duplicates within the file are reported like duplicates in the database.
            for field in uniqueFields {
                if let value = given[field.name], !value.isEmpty, case .text(let s) = value {
                    let key = FieldReader.trimmed(s).uppercased()
                    if let first = seenUnique[field.name]?[key] {
                        problems.append(ImportProblem(line: record.line, message: "\(field.name) '\(s)' 与第 \(first) 行重复 (repeats line \(first))"))
                    } else {
                        seenUnique[field.name, default: [:]][key] = record.line
                    }
                }
            }
            do {
                created.append(try writer.write { try create(schema, given, tx) })
            } catch let error as DomainError {
                problems.append(ImportProblem(line: record.line, message: error.description))
            }
        }
        progress?(rows.count, rows.count)
        return (created, problems)
    }
}

/// Writes the rows of one import (see `WriteTransaction.writingImportRows`).
public struct ImportRowWriter {
    let db: Connection
    let savepoints: Bool

    /// Writes one row: `write` returns, or throws a `DomainError` that refuses the row, and nothing
    /// of a refused row stays. Any other error ends the import (and its transaction).
    public func write<T>(_ write: () throws -> T) throws -> T {
        guard savepoints else {
            let changesBefore = db.totalChanges
            do {
                return try write()
            } catch is DomainError where db.totalChanges != changesBefore {
                throw RowFailedAfterWriting()
            }
        }
        // Each row in a savepoint (statements prepared once): a bad row leaves nothing behind.
        try db.execute("SAVEPOINT import_row")
        do {
            let value = try write()
            try db.execute("RELEASE import_row")
            return value
        } catch {
            try db.execute("ROLLBACK TO import_row")
            try db.execute("RELEASE import_row")
            throw error
        }
    }
}

/// A row of an import was refused after it had written something: without a savepoint of its own,
/// what it wrote cannot be taken back alone.
struct RowFailedAfterWriting: Error {}

extension WriteTransaction {
    /// Runs `body`, the rows of an import written through the `ImportRowWriter` it is given, in
    /// this transaction. Rows are written without a savepoint each when they can be (issue 23: each
    /// row's savepoint copied the ~10 pages it changed into SQLite's sub-journal file): a row
    /// refused before it writes anything leaves nothing to roll back. If one is refused after it
    /// wrote, everything `body` did is rolled back and it runs again with a savepoint per row, so
    /// the per-row errors and all-or-nothing are as they always were.
    public func writingImportRows<T>(_ body: (ImportRowWriter) throws -> T) throws -> T {
        try db.execute("SAVEPOINT import_all")
        let result: T
        do {
            result = try body(ImportRowWriter(db: db, savepoints: false))
        } catch is RowFailedAfterWriting {
            try db.execute("ROLLBACK TO import_all")
            result = try body(ImportRowWriter(db: db, savepoints: true))
        }
        try db.execute("RELEASE import_all")
        return result
    }
}

extension WriteTransaction {
    /// Runs `body` (an import of many rows in this one transaction) with a larger page cache on the
    /// writer, restored afterwards: pages the import changes stay in memory until the commit
    /// instead of being spilled to the WAL and written again each time they change.
    public func withImportCache<T>(kibibytes: Int = 65_536, _ body: () throws -> T) throws -> T {
        try db.withPageCache(kibibytes: kibibytes, body)
    }
}

/// Thrown to roll back a dry run after everything was checked; carries what would have been written.
public struct DryRunFinished: Error, Sendable {
    public var result: ImportResult
}
