// 文档结构:标题、正文起点(跳过前面的通知、抬头)、页脚和落款(跳过)、编号层级树。

/// A numbered item of the document and its own text (up to the next numbered item).
struct OutlineNode: Sendable {
    var heading: Heading
    var line: Int
    /// Text after the number: the rest of the heading line, then the following lines joined without breaks.
    var glyphs: [Glyph]
    /// How many of `glyphs` are on the heading line itself.
    var headingLineCount: Int
    var parent: Int?
    var children: [Int] = []
}

struct PlanOutline: Sendable {
    var title: String?
    var titleLine: Int?
    var nodes: [OutlineNode]
    var warnings: [PlanWarning]

    static let footerMarkers = [
        "如若转载", "转载请注明", "版权所有", "版权声明", "copyright", "©", "上一篇", "下一篇", "本文来源",
        "原文链接", "责任编辑", "扫一扫", "分享到", "免责声明", "http://", "https://", "www.",
    ]
    static let titleWords = ["工作要点", "工作计划", "要点", "计划", "方案", "工作安排", "任务清单", "责任清单"]

    /// The plan's title, if `line` looks like one: short, no full stop, names a plan;
    /// "关于印发《X》的通知" gives X.
    static func titleCandidate(_ line: PlanLine) -> String? {
        let folded = line.folded
        guard folded.count <= 60, !folded.contains("。") else { return nil }
        if let open = folded.firstIndex(of: "《"), let close = folded[open...].firstIndex(of: "》"),
           folded.contains("印发") || folded.contains("通知") {
            let start = folded.distance(from: folded.startIndex, to: open) + 1
            let end = folded.distance(from: folded.startIndex, to: close)
            return line.glyphs[start..<end].originalText
        }
        guard titleWords.contains(where: folded.contains) else { return nil }
        return line.glyphs.originalText
    }

    static func isFooter(_ line: PlanLine) -> Bool {
        let folded = line.folded.lowercased()
        return folded.count <= 150 && footerMarkers.contains(where: folded.contains)
    }

    /// A short line with no full stop and no bracket after a finished sentence: a signature
    /// ("区安委办"), a date ("2024年1月10日") or an attachment note, not part of the last task.
    static func isSignOff(_ line: PlanLine, after previous: [Glyph]) -> Bool {
        guard let last = previous.last?.folded, last == ")" || last == "。" else { return false }
        let folded = line.folded
        if ClauseUnits.isLabelLine(Array(folded)) { return false }  // "牵头单位:A;配合单位:B" belongs to the task above
        return folded.count <= 30 && !folded.contains("。") && !folded.contains("(")
    }

    init(lines: [PlanLine]) {
        warnings = []
        nodes = []
        let headings = lines.map { PlanHeadings.heading(of: $0.glyphs) }
        let firstTop = headings.firstIndex { $0?.style == .chineseEnumeration }
            ?? headings.firstIndex { $0 != nil } ?? lines.count
        // 标题:正文第一个编号之前最后一个像标题的行(前面可能有通知、抬头)。
        var titleIndex: Int?
        for index in stride(from: firstTop - 1, through: 0, by: -1) {
            if headings[index] == nil, let candidate = PlanOutline.titleCandidate(lines[index]) {
                title = candidate
                titleLine = lines[index].number
                titleIndex = index
                break
            }
        }
        if title == nil, let first = lines.first, first.glyphs.count <= 60, !first.folded.contains("。"),
           headings[0] == nil {
            title = first.glyphs.originalText
            titleLine = first.number
        }
        let start = (titleIndex.map { $0 + 1 } ?? 0)
        var lastOrdinal: [HeadingStyle: Int] = [:]
        let lastHeading = headings.lastIndex { $0 != nil } ?? -1
        var index = start
        while index < lines.count {
            let line = lines[index]
            if PlanOutline.isFooter(line), !nodes.isEmpty {
                warnings.append(PlanWarning(line: line.number, code: "footer_ignored", message: "此行起为网页页脚等非正文内容,已忽略 (footer ignored): \(line.glyphs.originalText.prefix(30))"))
                break
            }
            // A number of three digits heads a line only where it goes on from the 99 items before it
            // ("100." after "99."); elsewhere it is text ("119、120 …", the emergency numbers).
            if let heading = headings[index].flatMap({ $0.ordinal < 100 || lastOrdinal[$0.style] == $0.ordinal - 1 ? $0 : nil }) {
                if let previous = lastOrdinal[heading.style], heading.ordinal != previous + 1, heading.ordinal != 1 {
                    warnings.append(PlanWarning(line: line.number, code: "numbering_skips", message: "编号不连续:\(PlanHeadings.label(style: heading.style, ordinal: previous))之后是\(PlanHeadings.label(style: heading.style, ordinal: heading.ordinal)) (numbering skips)"))
                }
                lastOrdinal[heading.style] = heading.ordinal
                let body = Array(line.glyphs[heading.bodyStart...])
                var parent = nodes.indices.last
                while let candidate = parent, nodes[candidate].heading.style >= heading.style {
                    parent = nodes[candidate].parent
                }
                nodes.append(OutlineNode(heading: heading, line: line.number, glyphs: body,
                                         headingLineCount: body.count, parent: parent))
                if let parent { nodes[parent].children.append(nodes.count - 1) }
            } else if !nodes.isEmpty {
                if index > lastHeading, PlanOutline.isSignOff(line, after: nodes[nodes.count - 1].glyphs) {
                    warnings.append(PlanWarning(line: line.number, code: "sign_off_ignored", message: "此行起为落款等非正文内容,已忽略 (trailing sign-off ignored): \(line.glyphs.originalText.prefix(30))"))
                    break
                }
                nodes[nodes.count - 1].glyphs += line.glyphs
            }
            index += 1
        }
    }
}
