// 责任条款拆分:把“责任单位:A牵头,B、C等区安委会有关成员单位协同”拆成带角色的单位短语。
// 支持的写法:
//   (责任单位:A牵头,B、C分工负责)     (责任单位:A)→ A 牵头        (责任单位:A、B)→ 均为牵头
//   (责任单位:A,B分工负责)→ A 牵头     (A、B会同各有关部门分工负责)→ A、B 分工负责,各有关部门协同
//   (牵头责任单位:A,协同责任单位:B)    (牵头单位:A;配合单位:B)
//   (牵头单位:A;责任单位:各镇…)、(A牵头,各镇…落实) → 镇(景区、开发区)为属地责任,不是牵头
//   单独一行的“牵头单位:A;配合单位:B”   (A会同B)→ A 牵头,B 协同
// 角色由标示它的词决定(标签“牵头…:”或段末“…牵头/配合/分工负责/落实”),不是逐个列举写法。
// 没有标明角色的一段:若条款中没有牵头单位,则为牵头;与牵头并列的“责任单位:”为分工负责;
// 否则取其后(没有则其前)最近一段的角色。

enum ClauseUnits {
    /// Role words at the end of a segment, longest first.
    static let roleSuffixes: [(String, UnitRole)] = [
        ("按职责分工负责", .separatelyResponsible), ("按职责分工", .separatelyResponsible),
        ("落实属地管理责任", .territorial), ("落实属地责任", .territorial), ("属地负责", .territorial), ("属地落实", .territorial),
        ("抓好落实", .separatelyResponsible), ("具体落实", .separatelyResponsible), ("组织落实", .separatelyResponsible),
        ("负责落实", .separatelyResponsible), ("落实", .separatelyResponsible), ("组织实施", .separatelyResponsible),
        ("分工负责", .separatelyResponsible), ("共同负责", .separatelyResponsible), ("各负其责", .separatelyResponsible),
        ("牵头负责", .lead), ("牵头", .lead), ("主责", .lead), ("负责", .lead),
        ("协同", .cooperating), ("配合", .cooperating), ("协助", .cooperating), ("参与", .cooperating),
        ("协办", .cooperating),
    ]

    /// The role a label such as "牵头责任单位" or "配合单位" gives; nil for a plain "责任单位".
    static func role(ofLabel label: String) -> UnitRole? {
        if ["牵头", "主责", "主办"].contains(where: label.contains) { return .lead }
        if ["协同", "配合", "协办", "参与", "协助", "会同"].contains(where: label.contains) { return .cooperating }
        if label.contains("分工") { return .separatelyResponsible }
        if label.contains("属地") { return .territorial }
        return nil
    }

    /// "责任单位", "牵头责任单位", "配合单位", "责任部门": the label before a colon, if `c` starts with one.
    /// A label is a few words: never across a sentence's end or a bracket (in "(一)学习。(责任单位:A)"
    /// the short title "学习" is not a label line; the bracket after it is the clause).
    static func labelEnd(_ c: [Character]) -> Int? {
        guard let colon = c.prefix(14).firstIndex(of: ":") else { return nil }
        let label = String(c[..<colon])
        guard ["单位", "部门", "主体"].contains(where: label.hasSuffix), !label.contains(where: labelBreaks.contains) else { return nil }
        return colon
    }

    /// What never stands inside a clause's label.
    static let labelBreaks: Set<Character> = ["。", "!", "?", ";", "(", ")"]

    /// Whether the content of a bracket is a responsibility clause (and not "(党组)" or "(景区、开发区)").
    static func isClause(_ content: [Character]) -> Bool {
        guard !content.contains("。"), content.count <= 400 else { return false }
        if labelEnd(content) != nil { return true }
        let text = String(content)
        if roleSuffixes.contains(where: { text.hasSuffix($0.0) }) && content.count >= 3 { return true }
        // "(A(牵头)、B(配合))": the role written after the last name.
        if text.hasSuffix(")"), let open = text.lastIndex(of: "("),
           roleSuffixes.contains(where: { $0.0 == String(text[text.index(after: open)..<text.index(before: text.endIndex)]) }) {
            return true
        }
        // "A会同B": A leads, B cooperates; short, a name before 会同 and no sentence inside.
        if let together = text.range(of: "会同"), text.distance(from: text.startIndex, to: together.lowerBound) >= 2, content.count <= 120,
           !text[..<together.lowerBound].contains(",") {
            return true
        }
        return false
    }

    /// Words a label line starts with ("牵头单位:…;配合单位:…" on a line of its own, not in brackets).
    static func isLabelLine(_ c: [Character]) -> Bool {
        guard let colon = labelEnd(c) else { return false }
        let label = String(c[..<colon])
        return ["责任", "牵头", "配合", "协同", "协办", "主责", "主办", "属地"].contains(where: label.contains) && label.count <= 8
    }

    /// Whether an unclosed bracket looks like the start of a clause (a document cut off mid-clause).
    static func looksLikeClauseStart(_ content: [Character]) -> Bool {
        if labelEnd(content) != nil { return true }
        let text = String(content.prefix(8))
        return ["责任单位", "牵头单位", "责任部门", "牵头部门", "牵头责任"].contains(where: text.hasPrefix)
    }

    /// Splits `glyphs` at depth-0 separators.
    static func split(_ glyphs: ArraySlice<Glyph>, on separators: Set<Character>) -> [ArraySlice<Glyph>] {
        var parts: [ArraySlice<Glyph>] = []
        var depth = 0
        var start = glyphs.startIndex
        for index in glyphs.indices {
            let character = glyphs[index].folded
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if depth == 0, separators.contains(character) {
                parts.append(glyphs[start..<index])
                start = index + 1
            }
        }
        parts.append(glyphs[start..<glyphs.endIndex])
        return parts
    }

    static func trimmed(_ glyphs: ArraySlice<Glyph>) -> ArraySlice<Glyph> {
        let junk: Set<Character> = [" ", ",", ";", "。", ":", "、"]
        var slice = glyphs
        while let first = slice.first, junk.contains(first.folded) { slice = slice.dropFirst() }
        while let last = slice.last, junk.contains(last.folded) { slice = slice.dropLast() }
        return slice
    }

    /// Index of a depth-0 occurrence of `word` in `glyphs`.
    static func find(_ word: String, in glyphs: ArraySlice<Glyph>) -> Int? {
        let w = Array(word)
        var depth = 0
        for index in glyphs.indices {
            let character = glyphs[index].folded
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if depth == 0, index + w.count <= glyphs.endIndex,
               glyphs[index..<(index + w.count)].map(\.folded) == w {
                return index
            }
        }
        return nil
    }

    /// Whether `text` (after 等) is a collective such as "区安委会有关成员单位" or "各有关部门".
    static func isCollective(_ text: String) -> Bool {
        text.hasSuffix("成员单位") || text.hasPrefix("各") || text.hasPrefix("有关") || text.hasPrefix("相关")
            || text.hasPrefix("其他") || text.contains("专项领导小组")
    }

    /// Names in a list "A、B、C等区安委会有关成员单位" (the collective after 等 is a name too).
    static func names(in glyphs: ArraySlice<Glyph>) -> [ArraySlice<Glyph>] {
        var result: [ArraySlice<Glyph>] = []
        for item in split(glyphs, on: ["、"]) {
            var item = trimmed(item)
            if let etc = find("等", in: item) {
                let rest = trimmed(item[(etc + 1)...])
                if rest.isEmpty {
                    item = item[..<etc]
                } else if isCollective(rest.foldedText) {
                    let before = trimmed(item[..<etc])
                    if !before.isEmpty { result.append(before) }
                    item = rest
                }
            }
            item = trimmed(item)
            // “各镇、景区、开发区”是一个集合:“景区”“开发区”并入前面的“各镇”。
            if ["景区", "开发区", "街道", "园区"].contains(item.foldedText), let previous = result.last,
               previous.first?.folded == "各", previous.endIndex < item.startIndex {
                result[result.count - 1] = glyphs[previous.startIndex..<item.endIndex]
                continue
            }
            if !item.isEmpty { result.append(item) }
        }
        return result
    }

    private struct Segment {
        var names: [ArraySlice<Glyph>]
        var role: UnitRole?
        var partners: [ArraySlice<Glyph>] = []
        /// Named under a plain label ("责任单位:") with no role word.
        var plainLabel = false
        /// A role written on a name itself ("区住建局(牵头)"), by position in `names`.
        var nameRoles: [UnitRole?] = []
    }

    /// The unit phrases of a clause's content (the text inside its brackets).
    /// Labels that may follow a list without a separator ("主责单位:A 协办单位:B", spaces removed).
    static let labelWords: [String] = {
        let heads = ["牵头责任", "协同责任", "配合责任", "分工责任", "属地责任", "主要责任", "牵头", "主责", "主办", "协办", "配合", "协同", "协助", "参与", "属地",
                     "分工负责", "责任"]
        return heads.flatMap { head in ["单位", "部门", "主体"].map { head + $0 } }.sorted { $0.count > $1.count }
    }()

    /// A segment split where another label begins inside it ("…区发改局协办单位:区住建局").
    static func splitAtLabels(_ part: ArraySlice<Glyph>) -> [ArraySlice<Glyph>] {
        var pieces: [ArraySlice<Glyph>] = []
        var start = part.startIndex
        for index in part.indices where part[index].folded == ":" && index > start {
            let before = String(part[max(start, index - 8)..<index].map(\.folded))
            guard let label = labelWords.first(where: before.hasSuffix) else { continue }
            let labelStart = index - label.count
            if labelStart > start {
                pieces.append(part[start..<labelStart])
                start = labelStart
            }
        }
        pieces.append(part[start..<part.endIndex])
        return pieces
    }

    /// A role written on the name itself: "区住建局(牵头)", "区交通运输局配合" in a list.
    static func nameRole(_ name: ArraySlice<Glyph>) -> (ArraySlice<Glyph>, UnitRole?) {
        let text = name.foldedText
        if text.hasSuffix(")"), let open = name.lastIndex(where: { $0.folded == "(" }) {
            let inner = String(name[(open + 1)..<(name.endIndex - 1)].map(\.folded))
            if let role = roleSuffixes.first(where: { $0.0 == inner })?.1 ?? role(ofLabel: inner + "单位"), open > name.startIndex {
                return (trimmed(name[..<open]), role)
            }
        }
        if let (word, role) = roleSuffixes.first(where: { text.hasSuffix($0.0) }), text.count > word.count + 1 {
            return (trimmed(name.dropLast(word.count)), role)
        }
        return (name, nil)
    }

    static func phrases(_ content: ArraySlice<Glyph>) -> [UnitPhrase] {
        var segments: [Segment] = []
        for part in split(content, on: [",", ";"]).flatMap(splitAtLabels) {
            var body = trimmed(part)
            var labelRole: UnitRole?
            var labelled = false
            if let colon = labelEnd(Array(body.map(\.folded))) {
                labelled = true
                labelRole = role(ofLabel: String(body.prefix(colon).map(\.folded)))
                body = trimmed(body.dropFirst(colon + 1))
            }
            if body.first?.folded == "由" { body = body.dropFirst() }
            var suffixRole: UnitRole?
            let text = body.foldedText
            if let (word, role) = roleSuffixes.first(where: { text.hasSuffix($0.0) }) {
                suffixRole = role
                body = trimmed(body.dropLast(word.count))
            }
            if body.last?.folded == "等" { body = body.dropLast() }
            var segment = Segment(names: [], role: labelRole ?? suffixRole)
            segment.plainLabel = labelled && labelRole == nil && suffixRole == nil
            if labelRole != nil, let suffixRole, suffixRole != .lead { segment.role = suffixRole }
            if let together = find("会同", in: body) {
                segment.names = names(in: body[..<together])
                segment.partners = names(in: body[(together + 2)...])
                if segment.role == nil { segment.role = .lead }
            } else {
                segment.names = names(in: body)
            }
            for (index, name) in segment.names.enumerated() {
                let (bare, role) = nameRole(name)
                segment.names[index] = bare
                segment.nameRoles.append(role)
            }
            if !segment.names.isEmpty || !segment.partners.isEmpty { segments.append(segment) }
        }
        let hasLead = segments.contains { $0.role == .lead || $0.nameRoles.contains(.lead) }
        var phrases: [UnitPhrase] = []
        for (index, segment) in segments.enumerated() {
            let role = segment.role ?? {
                guard hasLead else { return .lead }
                // "牵头单位:A;责任单位:B": beside a lead, a plain 责任单位 answers for its own part.
                if segment.plainLabel { return .separatelyResponsible }
                return segments[(index + 1)...].first(where: { $0.role != nil })?.role
                    ?? segments[..<index].last(where: { $0.role != nil })?.role ?? .lead
            }()
            for (position, name) in segment.names.enumerated() {
                guard let first = name.first else { continue }
                let own = position < segment.nameRoles.count ? segment.nameRoles[position] : nil
                phrases.append(UnitPhrase(text: name.originalText, role: own ?? role, line: first.line))
            }
            for name in segment.partners {
                guard let first = name.first else { continue }
                phrases.append(UnitPhrase(text: name.originalText, role: .cooperating, line: first.line))
            }
        }
        return phrases
    }
}
