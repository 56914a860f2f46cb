// Bulk import of people, trainings and certificates from CSV: every row is read by the same
// declarations as adding one (`TrainingInputs.columns`) and goes through the same service
// function; if any row is bad nothing is written and every bad row is reported with its line
// number and the fields at fault.
import CLI
import Kernel

enum ImportKind: String, CaseIterable {
    case people, trainings, certificates
}

/// Thrown to roll back a dry run once every row was checked.
struct TrainingDryRun: Error {
    var rows: Int
}

/// One bad line of an import, with each field at fault.
struct ImportProblem {
    var line: Int
    var errors: [FieldError]

    init(_ line: Int, _ errors: [FieldError]) {
        self.line = line
        self.errors = errors
    }

    init(_ line: Int, _ code: String, _ message: String) { self.init(line, [FieldError("csv", code, message)]) }
}

extension TrainingService {
    func columns(_ kind: ImportKind) -> [String] { TrainingInputs.columns(kind).fields.map(\.name) }

    /// Imports `text`; returns the created records. With `dryRun`, throws `TrainingDryRun` after checking.
    /// `progress` is told (rows done, rows in the file) as rows are read; an enterprise's colour is
    /// re-judged once after the last row (one `training.compliance.red` at most per enterprise, not one per row).
    func importCSV(_ kind: ImportKind, text: String, dryRun: Bool, progress: ((Int, Int) -> Void)? = nil, _ tx: WriteTransaction) throws -> [JSON] {
        try tx.withImportCache { try importRows(kind, text: text, dryRun: dryRun, progress: progress, tx) }
    }

    private func importRows(_ kind: ImportKind, text: String, dryRun: Bool, progress: ((Int, Int) -> Void)?, _ tx: WriteTransaction) throws -> [JSON] {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch let error as CSVError {
            throw rejected([ImportProblem(error.line, "csv_syntax", error.message)])
        }
        guard let header = records.first else {
            throw rejected([ImportProblem(1, "empty_file", "文件为空 (the file is empty: expected a header row naming the columns)")])
        }
        let contract = TrainingInputs.columns(kind)
        let names = header.fields.map { $0.trimmingWhitespace(newlines: false) }
        let unknown = names.filter { contract.field($0) == nil }
        if !unknown.isEmpty {
            throw rejected([ImportProblem(header.line, "unknown_column",
                                          "没有这些列 (unknown column(s)) \(unknown.joined(separator: ", ")); columns: \(columns(kind).joined(separator: ", "))")])
        }
        let rows = records.dropFirst()
        if rows.isEmpty { throw rejected([ImportProblem(header.line, "no_rows", "文件只有表头 (the file has a header but no rows)")]) }
        // Every check comes before a row writes, so a refused row has written nothing (`writingImportRows`).
        let written = try tx.writingImportRows { writer in try writeRows(kind, rows, names: names, contract: contract, writer, progress: progress, tx) }
        let (problems, created, enterprises) = (written.problems, written.created, written.enterprises)
        if !problems.isEmpty { throw rejected(problems) }
        if !enterprises.isEmpty { try refreshColours(enterprises: enterprises.sorted(), year: tx.today.year, tx) }
        try tx.audit(action: "training.import.\(kind.rawValue)", entity: "training_import", entityID: kind.rawValue,
                     summary: "imported \(created.count) \(kind.rawValue) from CSV")
        if dryRun { throw TrainingDryRun(rows: created.count) }
        return created
    }

    /// What the rows of an import gave: the bad lines, the records made, the enterprises they touch.
    private struct ImportedRows {
        var problems: [ImportProblem] = []
        var created: [JSON] = []
        var enterprises = Set<Int64>()
    }

    /// Reads and writes every row, each through `writer`.
    private func writeRows(_ kind: ImportKind, _ rows: ArraySlice<CSVRecord>, names: [String], contract: Contract, _ writer: ImportRowWriter,
                           progress: ((Int, Int) -> Void)?, _ tx: WriteTransaction) throws -> ImportedRows {
        var result = ImportedRows()
        result.created.reserveCapacity(rows.count)
        // The record a row makes must be new; a second row making the same one is named as a
        // repeat of the first row (whose record is rolled back with the import), not as an
        // existing record.
        var firstLine: [String: Int] = [:]
        var done = 0
        for record in rows {
            done += 1
            if done & 255 == 0 { progress?(done, rows.count) }
            guard record.fields.count == names.count else {
                result.problems.append(ImportProblem(record.line, "field_count", "应有 \(names.count) 列，实有 \(record.fields.count) 列 (expected \(names.count) fields, got \(record.fields.count))"))
                continue
            }
            // An empty cell is a value not given.
            let pairs = zip(names, record.fields).filter { !$0.1.isBlank(newlines: false) }.map { (name: $0.0, value: $0.1) }
            let input: Values
            switch contract.read(text: pairs, tx.db) {
            case .success(let values): input = values
            case .failure(let errors):
                result.problems.append(ImportProblem(record.line, errors.all))
                continue
            }
            if let key = Self.identity(kind, input) {
                if let first = firstLine[key.key] {
                    result.problems.append(ImportProblem(record.line, [FieldError(key.field, "duplicate_row",
                        "与第 \(first) 行重复：\(key.words)在本文件中出现两次 (repeats line \(first) of this file)")]))
                    continue
                }
                firstLine[key.key] = record.line
            }
            do {
                let made = try writer.write { () throws -> JSON in
                    switch kind {
                    case .people: return try addPerson(input, tx)
                    case .trainings: return try addRecord(input, refreshColours: false, tx)
                    case .certificates: return try addCertificate(input, refreshColours: false, tx)
                    }
                }
                result.created.append(made)
                if kind != .people, let enterprise = input.id("enterprise_id") { result.enterprises.insert(enterprise) }
            } catch let error as DomainError {
                result.problems.append(error.fieldErrors.isEmpty ? ImportProblem(record.line, error.kind.rawValue, error.message) : ImportProblem(record.line, error.fieldErrors))
            }
        }
        progress?(rows.count, rows.count)
        return result
    }

    /// What makes a row's record one of a kind: a person's role in an enterprise, a certificate's
    /// type and number; nil for trainings (two alike are two trainings).
    static func identity(_ kind: ImportKind, _ input: Values) -> (key: String, field: String, words: String)? {
        switch kind {
        case .people:
            guard let person = input.id("person_id"), let enterprise = input.id("enterprise_id") else { return nil }
            return ("\(person)@\(enterprise)", "person_id", "人员 \(person) 在企业 \(enterprise) 的培训身份")
        case .certificates:
            guard let number = input.text("number") else { return nil }
            let type = input.choice("type", CertificateType.self) ?? .specialOperation
            return ("\(type.rawValue):\(number)", "number", "证书编号 \(number)")
        case .trainings:
            return nil
        }
    }

    /// What an import answers, over HTTP and with `--json`.
    static func imported(_ created: [JSON]) -> JSON {
        .object(["imported": .int(Int64(created.count)), "dry_run": false, "rows": .int(Int64(created.count)), "items": .array(created)])
    }

    /// What a dry run answers: the rows that would be imported, nothing written.
    static func checked(_ dry: TrainingDryRun) -> JSON {
        .object(["imported": 0, "dry_run": true, "rows": .int(Int64(dry.rows)), "items": .array([])])
    }

    /// 422 naming every bad line. Each line's faults keep their own codes under `rows`; the
    /// problem's `errors` say "this line of the file is bad" (`bad_row`), a rule of the file that
    /// the request's declaration (a CSV text) cannot state.
    func rejected(_ problems: [ImportProblem]) -> DomainError {
        func words(_ problem: ImportProblem) -> String {
            problem.errors.map { $0.field == "csv" ? $0.message : "\($0.field): \($0.message)" }.joined(separator: "; ")
        }
        return DomainError(.validation, "导入被拒绝，未写入任何内容 (import rejected, nothing was written): \(problems.count) bad row(s)",
                           fieldErrors: problems.map { FieldError("csv", "bad_row", "第 \($0.line) 行 (line \($0.line)): \(words($0))") },
                           extra: [JSON.Member("rows", .array(problems.map { problem in
                               .object(["line": .int(Int64(problem.line)), "message": .string(words(problem)),
                                        "errors": .array(problem.errors.map { .object(["field": .string($0.field), "code": .string($0.code), "message": .string($0.message)]) })])
                           }))])
    }
}
