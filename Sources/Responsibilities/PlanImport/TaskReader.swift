// 读一个任务:标题(第一句)、正文、逐条责任条款(每条覆盖它与上一条之间的句子)及其中的时限;
// 截断的条款和没有条款覆盖的文字都写入警告(带行号),不静默丢弃。

enum TaskReader {
    static let terminators: Set<Character> = ["。", "!", "?", ";"]

    /// Where the bracket opened at `open` closes, counting nesting; nil when it never closes.
    static func matchingClose(_ c: [Character], from open: Int) -> Int? {
        var depth = 0
        for index in open..<c.count {
            if c[index] == "(" { depth += 1 }
            if c[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    static func trimmedText(_ glyphs: ArraySlice<Glyph>) -> String {
        var slice = glyphs
        let leading: Set<Character> = [" ", ",", ";", "、", ":"]
        while let first = slice.first, leading.contains(first.folded) || first.folded == "。" { slice = slice.dropFirst() }
        while let last = slice.last, last.folded == " " { slice = slice.dropLast() }
        return slice.originalText
    }

    static func preview(_ text: String, _ length: Int = 16) -> String {
        text.count <= length ? text : String(text.prefix(length)) + "…"
    }

    /// The first sentence, without its full stop. A short heading line with no full stop of its own
    /// ("1.加强组织领导" followed by a paragraph) is the title by itself.
    static func title(_ glyphs: [Glyph], headingLineCount: Int, clauseStarts: Set<Int>) -> String {
        let c = glyphs.map(\.folded)
        var end = c.count
        var depth = 0
        for index in c.indices {
            if clauseStarts.contains(index) || (depth == 0 && terminators.contains(c[index])) {
                end = index
                break
            }
            if c[index] == "(" { depth += 1 }
            if c[index] == ")" { depth = max(0, depth - 1) }
        }
        if end > headingLineCount, headingLineCount > 0, headingLineCount <= 40 { end = headingLineCount }
        var slice = glyphs[..<end]
        let trailing: Set<Character> = [" ", ",", ":", "、", "。", ";"]
        while let last = slice.last, trailing.contains(last.folded) { slice = slice.dropLast() }
        return slice.originalText
    }

    static func read(_ node: OutlineNode, number: String, year: Int, isLastInDocument: Bool) -> (ParsedTask, [PlanWarning]) {
        let glyphs = node.glyphs
        let c = glyphs.map(\.folded)
        var warnings: [PlanWarning] = []
        // A clause: a bracket whose content names units, or a label line of its own
        // ("牵头单位:A;配合单位:B" starting a line or a sentence, up to the line's end).
        var spans: [(open: Int, close: Int, content: Range<Int>)] = []
        var truncatedAt: Int?
        var index = 0
        while index < c.count {
            let startsLineOrSentence = index == 0 || glyphs[index - 1].line != glyphs[index].line || terminators.contains(c[index - 1])
            if startsLineOrSentence, c[index] != "(", ClauseUnits.isLabelLine(Array(c[index...].prefix(20))) {
                var close = index
                while close + 1 < c.count, glyphs[close + 1].line == glyphs[index].line, c[close + 1] != "。" { close += 1 }
                spans.append((index, close, index..<(close + 1)))
                index = close + 1
                continue
            }
            guard c[index] == "(" else { index += 1; continue }
            if let close = matchingClose(c, from: index) {
                if ClauseUnits.isClause(Array(c[(index + 1)..<close])) { spans.append((index, close, (index + 1)..<close)) }
                index = close + 1
            } else if ClauseUnits.looksLikeClauseStart(Array(c[(index + 1)...])) {
                truncatedAt = index
                break
            } else {
                warnings.append(PlanWarning(line: glyphs[index].line, code: "unclosed_bracket", message: "任务\(number)中括号未闭合 (unclosed bracket): \(preview(glyphs[index...].originalText))"))
                index += 1
            }
        }
        let end = truncatedAt ?? c.count
        var clauses: [ParsedClause] = []
        var deadlines: [ParsedDeadline] = []
        var previousEnd = 0
        for span in spans {
            let covered = Array(glyphs[previousEnd...span.close])
            let found = DeadlineScanner.scan(covered, year: year)
            deadlines += found
            clauses.append(ParsedClause(
                raw: glyphs[span.open...span.close].originalText,
                line: glyphs[span.open].line,
                units: ClauseUnits.phrases(glyphs[span.content]),
                deadlines: found,
                text: trimmedText(glyphs[previousEnd..<span.open])))
            previousEnd = span.close + 1
        }
        let tail = glyphs[min(previousEnd, end)..<end]
        deadlines += DeadlineScanner.scan(Array(tail), year: year)
        let tailText = trimmedText(tail)
        let tailLine = tail.first(where: { $0.folded != " " && $0.folded != "。" })?.line ?? node.line
        if let truncatedAt {
            let fragment = glyphs[truncatedAt...].originalText
            var message = "任务\(number)的责任条款不完整,文档在此截断 (clause cut off): “\(preview(fragment, 30))”,该条款未导入"
            if !tailText.isEmpty { message += ";其前“\(preview(tailText))”一段没有完整的责任条款" }
            warnings.append(PlanWarning(line: glyphs[truncatedAt].line, code: "clause_cut_off", message: message))
        } else if tailText.contains(where: { $0.isLetter }) {
            var message = clauses.isEmpty
                ? "任务\(number)没有责任条款 (task has no responsibility clause)"
                : "任务\(number)末尾“\(preview(tailText))”没有责任条款 (text after the last clause has no responsible unit)"
            if isLastInDocument, let last = tail.last?.folded, !terminators.contains(last), last != ")", last != "”" {
                message += ";文档可能在此截断 (the document may be cut off here)"
            }
            warnings.append(PlanWarning(line: tailLine, code: clauses.isEmpty ? "no_clause" : "text_without_clause", message: message))
        }
        for date in DeadlineScanner.impossibleDates(Array(glyphs[..<end]), year: year) {
            warnings.append(PlanWarning(line: date.line, code: "impossible_date",
                                        message: "任务\(number)中“\(date.phrase)”不是有效日期，未作为期限 (not a valid date; not taken as a deadline)"))
        }
        for clause in clauses where clause.units.isEmpty {
            warnings.append(PlanWarning(line: clause.line, code: "clause_without_unit", message: "责任条款中没有单位 (clause names no unit): \(clause.raw)"))
        }
        let task = ParsedTask(
            number: number,
            title: title(glyphs, headingLineCount: node.headingLineCount, clauseStarts: Set(spans.map(\.open) + [truncatedAt].compactMap { $0 })),
            text: trimmedText(glyphs[..<end]),
            line: node.line,
            clauses: clauses,
            deadlines: deadlines)
        return (task, warnings)
    }
}
