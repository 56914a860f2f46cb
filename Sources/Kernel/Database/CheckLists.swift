// Issue 23 (CPU per write): a CHECK constraint written `column IN ('a', 'b', 'c')` makes SQLite
// build a temporary b-tree of the list every time a statement that writes the column runs (a list
// of more than two constants is evaluated through one): about 30,000 instructions per row for
// each such column, on 40 tables, among them every hazard, delivery, fact and ledger event written.
// The same rule written as comparisons, `(column = 'a' OR column = 'b' OR column = 'c')`, costs
// none of that and allows and refuses exactly the same values (NULL included).
//
// Shipped migrations are never edited and SQLite cannot change a CHECK with ALTER TABLE, so after
// migrations are applied the kernel rewrites the lists in the stored schema itself: SQLite's own
// procedure for a change that every stored row already satisfies (writable_schema, then the schema
// version incremented so every connection reads the schema again), in one write transaction. It
// only touches a list of plain literals directly inside a table's CHECK, and nothing else.
import Foundation

enum CheckLists {
    /// Rewrites every table's CHECK `IN` lists of literals as comparisons; returns the tables changed.
    @discardableResult
    static func rewrite(_ connection: Connection) throws -> [String] {
        let tables = try connection.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%' AND sql LIKE '% IN (%'")
        var changed: [(name: String, sql: String)] = []
        for table in tables {
            guard let name = table.string("name"), let sql = table.string("sql") else { continue }
            let rewritten = rewritten(sql)
            if rewritten != sql { changed.append((name, rewritten)) }
        }
        guard !changed.isEmpty else { return [] }
        let version = try connection.scalarInt("PRAGMA schema_version")
        try connection.execute("PRAGMA writable_schema = ON")
        do {
            for table in changed {
                try connection.execute("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?", [table.sql, table.name])
            }
            try connection.execute("PRAGMA schema_version = \(version + 1)")
            try connection.execute("PRAGMA writable_schema = OFF")
        } catch {
            _ = try? connection.execute("PRAGMA writable_schema = OFF")
            throw error
        }
        return changed.map(\.name)
    }

    /// `sql` with each `column IN (literal, …)` of more than two literals that stands inside a CHECK
    /// written as `(column = literal OR …)`.
    static func rewritten(_ sql: String) -> String {
        let text = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 256)
        var index = 0
        while index < text.count {
            if let (replacement, end) = list(in: text, at: index), insideCheck(text, before: index) {
                output.append(contentsOf: replacement)
                index = end
            } else {
                // Quoted text is copied whole, so a literal never starts a match.
                if text[index] == UInt8(ascii: "'") {
                    var end = index + 1
                    while end < text.count, text[end] != UInt8(ascii: "'") { end += 1 }
                    output.append(contentsOf: text[index..<min(end + 1, text.count)])
                    index = end + 1
                    continue
                }
                output.append(text[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// At `start`, `identifier IN (literal, literal, literal, …)`: the comparisons and the index after `)`.
    private static func list(in text: [UInt8], at start: Int) -> ([UInt8], Int)? {
        guard isIdentifierStart(text[start]), start == 0 || !isIdentifier(text[start - 1]) else { return nil }
        var index = start
        while index < text.count, isIdentifier(text[index]) { index += 1 }
        let column = Array(text[start..<index])
        guard column.count > 0, !["NOT", "AND", "OR", "CHECK", "IS"].contains(String(decoding: column, as: UTF8.self).uppercased()) else { return nil }
        index = skipSpaces(text, index)
        guard index + 2 < text.count, text[index] | 0x20 == UInt8(ascii: "i"), text[index + 1] | 0x20 == UInt8(ascii: "n"),
              !isIdentifier(text[index + 2]) else { return nil }
        index = skipSpaces(text, index + 2)
        guard index < text.count, text[index] == UInt8(ascii: "(") else { return nil }
        index += 1
        var literals: [[UInt8]] = []
        while true {
            index = skipSpaces(text, index)
            guard index < text.count else { return nil }
            let literalStart = index
            if text[index] == UInt8(ascii: "'") {
                index += 1
                while index < text.count, text[index] != UInt8(ascii: "'") { index += 1 }
                guard index < text.count else { return nil }
                index += 1
                // A doubled quote inside a literal: leave the list as written.
                if index < text.count, text[index] == UInt8(ascii: "'") { return nil }
            } else {
                if text[index] == UInt8(ascii: "-") { index += 1 }
                let digits = index
                while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") { index += 1 }
                guard index > digits else { return nil }
            }
            literals.append(Array(text[literalStart..<index]))
            index = skipSpaces(text, index)
            guard index < text.count else { return nil }
            if text[index] == UInt8(ascii: ",") { index += 1; continue }
            guard text[index] == UInt8(ascii: ")") else { return nil }
            index += 1
            break
        }
        guard literals.count > 2 else { return nil }
        var replacement: [UInt8] = [UInt8(ascii: "(")]
        for (position, literal) in literals.enumerated() {
            if position > 0 { replacement.append(contentsOf: Array(" OR ".utf8)) }
            replacement.append(contentsOf: column)
            replacement.append(contentsOf: Array(" = ".utf8))
            replacement.append(contentsOf: literal)
        }
        replacement.append(UInt8(ascii: ")"))
        return (replacement, index)
    }

    /// Whether `position` lies inside the parentheses of a `CHECK (…)`.
    private static func insideCheck(_ text: [UInt8], before position: Int) -> Bool {
        // Walk back to the parenthesis that encloses `position`, level by level, looking for CHECK.
        var depth = 0
        var index = position - 1
        var inQuote = false
        while index >= 0 {
            let byte = text[index]
            if byte == UInt8(ascii: "'") { inQuote.toggle() }
            else if !inQuote, byte == UInt8(ascii: ")") { depth += 1 }
            else if !inQuote, byte == UInt8(ascii: "(") {
                if depth > 0 { depth -= 1 } else {
                    // An enclosing parenthesis: is it CHECK's?
                    var word = index - 1
                    while word >= 0, text[word] == UInt8(ascii: " ") || text[word] == UInt8(ascii: "\n") || text[word] == UInt8(ascii: "\t") { word -= 1 }
                    let end = word + 1
                    while word >= 0, isIdentifier(text[word]) { word -= 1 }
                    if String(decoding: text[(word + 1)..<end], as: UTF8.self).uppercased() == "CHECK" { return true }
                }
            }
            index -= 1
        }
        return false
    }

    private static func skipSpaces(_ text: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < text.count, text[index] == UInt8(ascii: " ") || text[index] == UInt8(ascii: "\n") || text[index] == UInt8(ascii: "\t") || text[index] == UInt8(ascii: "\r") { index += 1 }
        return index
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
