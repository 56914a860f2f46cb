// The CSV state machine, fed one Unicode scalar at a time so that CR and LF are seen apart.

struct CSVParser {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var state = State.fieldStart
    private var records: [CSVRecord] = []
    private var fields: [String] = []
    private var field = String.UnicodeScalarView()
    /// Whether the current record has begun (blank lines never begin one).
    private var started = false
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var previous: Unicode.Scalar?

    mutating func consume(_ scalar: Unicode.Scalar) throws {
        let isLineBreak = scalar == "\r" || scalar == "\n"
        if !started, !(state == .fieldStart && isLineBreak) {
            started = true
            recordLine = line
        }
        switch state {
        case .fieldStart:
            if scalar == "\"" {
                state = .quoted
                quoteLine = line
            } else if scalar == "," {
                endField()
            } else if isLineBreak {
                if started { endRecord() }
            } else {
                field.append(scalar)
                state = .unquoted
            }
        case .unquoted:
            if scalar == "," { endField() } else if isLineBreak { endRecord() } else { field.append(scalar) }
        case .quoted:
            if scalar == "\"" { state = .quoteInQuoted } else { field.append(scalar) }
        case .quoteInQuoted:
            if scalar == "\"" {
                field.append(scalar)
                state = .quoted
            } else if scalar == "," {
                endField()
            } else if isLineBreak {
                endRecord()
            } else {
                throw CSVError(line: line, message: "右引号后出现多余的字符 '\(scalar)' (unexpected '\(scalar)' after a closing quote)")
            }
        }
        if scalar == "\r" || (scalar == "\n" && previous != "\r") { line += 1 }
        previous = scalar
    }

    mutating func finish() throws -> [CSVRecord] {
        if state == .quoted {
            throw CSVError(line: quoteLine, message: "第 \(quoteLine) 行的引号没有闭合 (unterminated quoted field: the quote opened on line \(quoteLine) is never closed)")
        }
        if started { endRecord() }
        return records
    }

    private mutating func endField() {
        fields.append(String(field))
        field = String.UnicodeScalarView()
        state = .fieldStart
    }

    private mutating func endRecord() {
        endField()
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields = []
        started = false
    }
}
