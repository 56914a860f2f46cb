// CSV for spreadsheets (RFC 4180): rendering with quoting and CRLF, and a parser that reports
// the line each record starts on so import errors can name it.

public enum CSV {
    /// One header line and one line per row, every line ending in CRLF. A field is quoted when it
    /// holds a comma, a quote, CR or LF; quotes inside are doubled. With `byteOrderMark` the text
    /// starts with U+FEFF so that Excel opens UTF-8 (Chinese) correctly.
    public static func render(columns: [String], rows: [[String]], byteOrderMark: Bool) -> String {
        var text = byteOrderMark ? "\u{FEFF}" : ""
        for record in [columns] + rows { text += line(record) }
        return text
    }

    /// The records of `text`: a leading BOM is dropped, lines may end in CRLF, LF or CR, quoted
    /// fields may hold commas, doubled quotes and line breaks. Blank lines are skipped (their
    /// numbers still count). Throws `CSVError` naming the line of an unterminated quote or of
    /// text after a closing quote.
    public static func parse(_ text: String) throws -> [CSVRecord] {
        var parser = CSVParser()
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        for scalar in scalars { try parser.consume(scalar) }
        return try parser.finish()
    }

    /// One cell: neutralised (see `neutralise`), then quoted when it needs to be.
    public static func field(_ value: String) -> String {
        let value = neutralise(value)
        // A leading U+FEFF is quoted too: at the start of a file the reader drops it as a BOM.
        let needsQuotes = value.unicodeScalars.first == "\u{FEFF}"
            || value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        // Scalar by scalar, as the parser reads: a quote followed by a combining mark is one
        // Character, and compared as Characters it would not be doubled.
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in value.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append(scalar) }
        }
        quoted.append("\"")
        return String(quoted)
    }
}

extension CSV {
    /// A cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return) gets a leading `'`, OWASP's advice for exports: the office opens
    /// these files, and a tip-off or a name is text anyone can write.
    public static func neutralise(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + value
        default: return value
        }
    }

    /// One line of cells, CRLF-terminated (for writers that build their rows themselves).
    /// A record of one empty cell is written `""`: an empty line would read back as no record at all.
    public static func line(_ cells: [String]) -> String {
        if cells.count == 1, cells[0].isEmpty { return "\"\"\r\n" }
        return cells.map(field).joined(separator: ",") + "\r\n"
    }
}

/// One CSV record and the 1-based line it starts on.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Malformed CSV, e.g. a quote that is never closed.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}
