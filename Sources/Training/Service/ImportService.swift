// Bulk import of people, trainings and certificates from CSV: every row is checked through the
// same service function as a single add; if any row is bad nothing is written and every bad row
// is reported with its line number.
import CLI
import Kernel

enum ImportKind: String, CaseIterable {
    case people, trainings, certificates
}

/// Thrown to roll back a dry run once every row was checked.
struct TrainingDryRun: Error {
    var rows: Int
}

extension TrainingService {
    func columns(_ kind: ImportKind) -> [String] {
        switch kind {
        case .people: return Self.personFields
        case .trainings: return Self.recordFields
        case .certificates: return Self.certificateFields
        }
    }

    /// Imports `text`; returns the created records. With `dryRun`, throws `TrainingDryRun` after checking.
    func importCSV(_ kind: ImportKind, text: String, dryRun: Bool, _ tx: WriteTransaction) throws -> [JSON] {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch let error as CSVError {
            throw rejected([(error.line, error.message)])
        }
        guard let header = records.first else { throw rejected([(1, "the file is empty: expected a header row naming the columns")]) }
        let known = columns(kind)
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let unknown = names.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw rejected([(header.line, "unknown column(s) \(unknown.joined(separator: ", ")); columns: \(known.joined(separator: ", "))")])
        }
        let rows = records.dropFirst()
        if rows.isEmpty { throw rejected([(header.line, "the file has a header but no rows")]) }
        var problems: [(Int, String)] = []
        var created: [JSON] = []
        for record in rows {
            guard record.fields.count == names.count else {
                problems.append((record.line, "expected \(names.count) fields, got \(record.fields.count)"))
                continue
            }
            let input = Input(Dictionary(zip(names, record.fields), uniquingKeysWith: { a, _ in a }))
            try tx.db.executeScript("SAVEPOINT training_import_row")
            do {
                switch kind {
                case .people: created.append(try addPerson(input, tx))
                case .trainings: created.append(try addRecord(input, tx))
                case .certificates: created.append(try addCertificate(input, tx))
                }
                try tx.db.executeScript("RELEASE training_import_row")
            } catch let error as DomainError {
                try tx.db.executeScript("ROLLBACK TO training_import_row; RELEASE training_import_row")
                problems.append((record.line, error.description))
            }
        }
        if !problems.isEmpty { throw rejected(problems) }
        try tx.audit(action: "training.import.\(kind.rawValue)", entity: "training_import", entityID: kind.rawValue,
                     summary: "imported \(created.count) \(kind.rawValue) from CSV")
        if dryRun { throw TrainingDryRun(rows: created.count) }
        return created
    }

    func rejected(_ problems: [(Int, String)]) -> DomainError {
        DomainError(.validation, "import rejected, nothing was written: \(problems.count) bad row(s)\n" + problems.map { "line \($0.0): \($0.1)" }.joined(separator: "\n"),
                    extra: [JSON.Member("rows", .array(problems.map { .object(["line": .int(Int64($0.0)), "message": .string($0.1)]) }))])
    }
}
