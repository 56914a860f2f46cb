// Printing results the same way in every command: a table for people, `--json` (the same
// objects as the HTTP API) for scripts, `--csv` for spreadsheets.
import CLI

public enum Render {
    /// Text of one JSON value for a table cell or CSV field.
    public static func cell(_ value: JSON?) -> String {
        switch value {
        case .string(let s)?: return s
        case .int(let v)?: return String(v)
        case .double(let v)?: return String(v)
        case .bool(let b)?: return b ? "是" : "否"
        case .null?, nil: return ""
        case .array(let items)?: return items.map { cell($0) }.joined(separator: "; ")
        case let other?: return other.serialized
        }
    }

    /// A page of a list and, on stderr, where it continues.
    public static func page(_ page: Page, columns: [String], _ invocation: Invocation) {
        list(page.items, columns: columns, invocation)
        nextPage(page.next, invocation)
    }

    /// A list of records: table with `columns`, a JSON array, or CSV with every key.
    public static func list(_ items: [JSON], columns: [String], _ invocation: Invocation) {
        switch invocation.format {
        case .json:
            invocation.output.line(JSON.array(items).pretty)
        case .csv:
            var keys = columns
            if case .object(let members)? = items.first { keys = members.map(\.key) }
            invocation.output.csv(columns: keys, rows: items.map { item in keys.map { cell(item[$0]) } })
        case .table:
            if items.isEmpty { invocation.output.error("(none)"); return }
            invocation.output.table(columns: columns, rows: items.map { item in columns.map { cell(item[$0]) } })
        }
    }

    /// One record: field/value pairs as a table, or the JSON object.
    public static func record(_ item: JSON, _ invocation: Invocation) {
        switch invocation.format {
        case .json: invocation.output.line(item.pretty)
        case .csv:
            guard case .object(let members) = item else { return }
            invocation.output.csv(columns: members.map(\.key), rows: [members.map { cell($0.value) }])
        case .table:
            guard case .object(let members) = item else { invocation.output.line(item.pretty); return }
            invocation.output.table(columns: ["field", "value"], rows: members.map { [$0.key, cell($0.value)] })
        }
    }

    /// Where a list continues: one line on stderr naming the option that shows the next page,
    /// `more: --after N` (stdout keeps only the rows, for scripts).
    public static func nextPage(_ next: String?, _ invocation: Invocation) {
        guard let next, invocation.format != .csv else { return }
        invocation.output.error("more: --after \(next)")
    }

    /// A one-line confirmation for people; the object itself with `--json`.
    public static func done(_ message: String, _ item: JSON, _ invocation: Invocation) {
        if invocation.format == .json { invocation.output.line(item.pretty) } else { invocation.output.line(message) }
    }
}

/// The options every command accepts (declared global on the root).
public enum GlobalOptions {
    public static let all: [OptionSpec] = [
        .value("db", "PATH", help: "the database file", environment: "ANWEI_DB", defaultValue: "./anwei.db", global: true),
        .value("as", "USER", help: "act as this user (default: the local administrator)", global: true),
        .flag("json", help: "print JSON (the same objects as the HTTP API)", global: true),
        .flag("csv", help: "print CSV (UTF-8 with BOM, for spreadsheets)", global: true),
        .value("today", "DATE", help: "act as if today were DATE (YYYY-MM-DD, Asia/Shanghai); e.g. 2024-06-15 on the demo", environment: "ANWEI_TODAY", global: true),
    ]
}

/// Runs a command body, turning domain errors into the CLI's exit codes.
public func withDomainErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DomainError {
        throw error.commandError
    } catch let error as ImportRejected {
        throw CommandError(.validation, error.description)
    } catch let error as DatabaseError {
        if let problem = error.domainError { throw problem.commandError }
        throw CommandError(.failure, "数据库出错 (database error): \(error)")
    } catch let error as MigrationError {
        throw CommandError(.failure, error.description)
    }
}
