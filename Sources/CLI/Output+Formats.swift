// Writing a result set to stdout as an aligned table (for people) or CSV (for spreadsheets).

extension Output {
    /// Writes an aligned table to stdout.
    public func table(columns: [String], rows: [[String]]) {
        writeOut(Table.render(columns: columns, rows: rows))
    }

    /// Writes CSV to stdout, with a byte order mark so spreadsheets read UTF-8 Chinese correctly.
    public func csv(columns: [String], rows: [[String]]) {
        writeOut(CSV.render(columns: columns, rows: rows, byteOrderMark: true))
    }
}
