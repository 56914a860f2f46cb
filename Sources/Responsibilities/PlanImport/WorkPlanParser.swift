// 工作要点解析入口:文本 → 部分(一、)→ 任务((一) 或 三/(一)/1.)→ 责任条款、单位短语、时限,另附带行号的警告。
// 单位名称在这里只按原文拆出,与名录的匹配由 UnitResolver 完成。

public enum WorkPlanParser {
    /// Parses a plan's text. `year` is the plan's year: deadlines without a year ("2月底前") fall in it.
    /// Throws `.empty` for blank text, `.noTasks` when no numbered task is found.
    public static func parse(_ text: String, year: Int) throws -> ParsedPlan {
        guard (1900...2200).contains(year) else { throw PlanImportError.invalidYear(year) }
        let lines = PlanGlyphs.lines(of: text)
        guard !lines.isEmpty else { throw PlanImportError.empty }
        let outline = PlanOutline(lines: lines)
        var warnings = outline.warnings
        if let title = outline.title, let line = outline.titleLine, let titleYear = yearMentioned(in: title), titleYear != year {
            warnings.append(PlanWarning(line: line, code: "title_year_differs", message: "标题中的年份\(titleYear)与导入年份\(year)不一致 (title year differs from the import year)"))
        }
        let nodes = outline.nodes
        var sections: [ParsedSection] = []
        let lastTaskNode = nodes.indices.last { isTask($0, in: nodes) || nodes[$0].children.isEmpty }

        func tasks(from starts: [Int], sectionNumber: String) -> [ParsedTask] {
            var result: [ParsedTask] = []
            func visit(_ index: Int, path: [String]) {
                let node = nodes[index]
                let path = path + [node.heading.label]
                if isTask(index, in: nodes) {
                    let number = path.count == 1 ? path[0] : ([sectionNumber].filter { !$0.isEmpty } + path).joined(separator: "/")
                    let (task, found) = TaskReader.read(node, number: number, year: year, isLastInDocument: index == lastTaskNode)
                    result.append(task)
                    warnings += found
                }
                for child in node.children { visit(child, path: path) }
            }
            for start in starts { visit(start, path: []) }
            return result
        }

        let tops = nodes.indices.filter { nodes[$0].parent == nil }
        let onlyTopLevel = nodes.allSatisfy { $0.heading.style == .chineseEnumeration }
        if onlyTopLevel || !tops.contains(where: { nodes[$0].heading.style == .chineseEnumeration }) {
            // 没有“一、”分部分(或只有“一、”一级):所有条目作为一个部分的任务。
            let found = tasks(from: tops, sectionNumber: "")
            if !found.isEmpty {
                sections.append(ParsedSection(number: "", title: outline.title ?? "", line: found[0].line, tasks: found))
            }
        } else {
            var loose: [ParsedTask] = []
            for top in tops {
                let node = nodes[top]
                guard node.heading.style == .chineseEnumeration else {
                    warnings.append(PlanWarning(line: node.line, code: "item_outside_section", message: "条目\(node.heading.label)不在任何部分(一、二、…)之下 (item outside any section)"))
                    loose += tasks(from: [top], sectionNumber: "")
                    continue
                }
                let sectionTitle = TaskReader.title(node.glyphs, headingLineCount: node.headingLineCount, clauseStarts: [])
                var found = tasks(from: node.children, sectionNumber: node.heading.label)
                if node.children.isEmpty {
                    let (task, extra) = TaskReader.read(node, number: node.heading.label + "、", year: year, isLastInDocument: top == lastTaskNode)
                    found = [task]
                    warnings += extra
                } else {
                    warnings += introductionWarnings(node)
                }
                if found.isEmpty {
                    warnings.append(PlanWarning(line: node.line, code: "section_without_tasks", message: "部分“\(node.heading.label)、\(sectionTitle)”下没有任务 (section has no tasks)"))
                }
                sections.append(ParsedSection(number: node.heading.label, title: sectionTitle, line: node.line, tasks: found))
            }
            if !loose.isEmpty {
                sections.insert(ParsedSection(number: "", title: "", line: loose[0].line, tasks: loose), at: 0)
            }
        }
        let plan = ParsedPlan(title: outline.title, year: year, sections: sections, warnings: warnings.sorted { $0.line < $1.line })
        guard plan.taskCount > 0 else { throw PlanImportError.noTasks }
        return plan
    }

    /// A node is a task when nothing is numbered under it, or when its own text carries a clause.
    static func isTask(_ index: Int, in nodes: [OutlineNode]) -> Bool {
        let node = nodes[index]
        if node.heading.style == .chineseEnumeration, node.parent == nil,
           nodes.contains(where: { $0.heading.style != .chineseEnumeration }) {
            return false  // 部分本身不是任务(无下级条目的部分另行处理)
        }
        return node.children.isEmpty || hasClause(node.glyphs)
    }

    static func hasClause(_ glyphs: [Glyph]) -> Bool {
        let c = glyphs.map(\.folded)
        var index = 0
        while index < c.count {
            if c[index] == "(", let close = TaskReader.matchingClose(c, from: index) {
                if ClauseUnits.isClause(Array(c[(index + 1)..<close])) { return true }
                index = close
            }
            index += 1
        }
        return false
    }

    /// A section's introduction (before its first task) that carries a clause: the clause is not imported.
    static func introductionWarnings(_ node: OutlineNode) -> [PlanWarning] {
        guard hasClause(node.glyphs) else { return [] }
        return [PlanWarning(line: node.line, code: "clause_in_introduction", message: "部分“\(node.heading.label)、”的引言中有责任条款,未归入任何任务 (clause in a section introduction not imported)")]
    }

    /// "区安全生产委员会2024年工作要点" → 2024.
    static func yearMentioned(in text: String) -> Int? {
        let c = Array(text)
        for index in c.indices where index + 4 < c.count && c[index + 4] == "年" {
            let digits = String(c[index..<(index + 4)])
            if digits.allSatisfy({ $0.isASCII && $0.isNumber }), index == 0 || !(c[index - 1].isASCII && c[index - 1].isNumber) {
                return Int(digits)
            }
        }
        return nil
    }
}
