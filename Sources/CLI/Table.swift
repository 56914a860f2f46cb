// The default output for people: a header, a separator and aligned columns, measured in terminal
// columns so that Chinese lines up with ASCII.

public enum Table {
    /// Columns separated by two spaces, padded to the widest cell by display width; the last
    /// column is not padded. Line breaks and tabs inside a cell become spaces so a row stays on
    /// one line. Rows shorter than the header are padded with empty cells.
    public static func render(columns: [String], rows: [[String]]) -> String {
        let count = max(columns.count, rows.map(\.count).max() ?? 0)
        guard count > 0 else { return "" }
        let header = cells(columns, count)
        let body = rows.map { cells($0, count) }
        var widths = header.map(displayWidth)
        for row in body {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) }
        }
        let separator = widths.map { String(repeating: "-", count: $0) }
        return ([header, separator] + body).map { line($0, widths) + "\n" }.joined()
    }

    static func cells(_ row: [String], _ count: Int) -> [String] {
        (0..<count).map { $0 < row.count ? singleLine(row[$0]) : "" }
    }

    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    static func line(_ cells: [String], _ widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { text += "  " }
            text += index == cells.count - 1 ? cell : pad(cell, to: widths[index])
        }
        return trimmingTrailingSpaces(text)
    }
}

/// `text` followed by spaces up to `width` display columns.
func pad(_ text: String, to width: Int) -> String {
    let missing = width - displayWidth(text)
    return missing > 0 ? text + String(repeating: " ", count: missing) : text
}

func trimmingTrailingSpaces(_ text: String) -> String {
    var result = Substring(text)
    while result.last == " " { result = result.dropLast() }
    return String(result)
}
