// The yearly assessment scheme (考核方案): an indicator tree with weights and scoring rules.
// Stored per year as JSON; a year without one uses the default below (configuration, not code).
import Kernel

struct Indicator: Sendable {
    var code: String
    var name: String
    var weight: Int64
    var appliesTo: Set<String>
    /// facts | visitsMissing | findingsOverdue | instruments | manual
    var source: String
    /// Fact kinds (source facts) or instrument kinds (source instruments) → points deducted each.
    var points: [String: Int64]
    var children: [Indicator]

    var isLeaf: Bool { children.isEmpty }

    var json: JSON {
        var members: [JSON.Member] = [JSON.Member("code", .string(code)), JSON.Member("name", .string(name))]
        if isLeaf {
            members += [JSON.Member("weight", .int(weight)), JSON.Member("applies_to", JSON(appliesTo.sorted())), JSON.Member("source", .string(source)),
                        JSON.Member("points", .object(points.keys.sorted().map { JSON.Member($0, .int(points[$0] ?? 0)) }))]
        } else {
            members.append(JSON.Member("children", .array(children.map(\.json))))
        }
        return .object(members)
    }

    static func parse(_ value: JSON, path: String, errors: inout [FieldError]) -> Indicator? {
        guard let code = value["code"]?.stringValue, !code.isEmpty, let name = value["name"]?.stringValue else {
            errors.append(FieldError(path, "type", "每个指标须有代码 code 和名称 name (each indicator has a code and a name)")); return nil
        }
        if case .array(let items)? = value["children"] {
            let children = items.enumerated().compactMap { parse($1, path: "\(path).children[\($0)]", errors: &errors) }
            if children.isEmpty { errors.append(FieldError(path, "empty", "指标 \(code.prefix(40)) 没有下级指标 (indicator \(code.prefix(40)) has no children)")) }
            return Indicator(code: code, name: name, weight: children.reduce(0) { $0 + $1.weight }, appliesTo: [], source: "", points: [:], children: children)
        }
        guard let weight = value["weight"]?.intValue, (0...100).contains(weight) else { errors.append(FieldError("\(path).weight", "range", "指标 \(code.prefix(40)) 的权重 weight 须为 0 到 100 的整数 (weight of \(code.prefix(40)) must be 0…100)")); return nil }
        let source = value["source"]?.stringValue ?? "manual"
        if !["facts", "visitsMissing", "findingsOverdue", "instruments", "manual"].contains(source) {
            errors.append(FieldError("\(path).source", "choice", "指标 \(code.prefix(40)) 的来源 source 须为 facts、visitsMissing、findingsOverdue、instruments 或 manual (source of \(code.prefix(40)) must be facts, visitsMissing, findingsOverdue, instruments or manual)")); return nil
        }
        var points: [String: Int64] = [:]
        if case .object(let members)? = value["points"] {
            for member in members {
                guard let v = member.value.intValue, v >= 0 else { errors.append(FieldError("\(path).points.\(member.key)", "range", "分值 points 须为不小于 0 的整数 (points are whole numbers ≥ 0)")); continue }
                points[member.key] = v
            }
        }
        let applies = Set((value["applies_to"]?.arrayValue ?? [.string("unit"), .string("territory")]).compactMap(\.stringValue))
        return Indicator(code: code, name: name, weight: weight, appliesTo: applies, source: source, points: points, children: [])
    }

    /// An indicator as read by `AssessmentFields.indicator` (a leaf, or a group of leaves); the
    /// rules the declaration cannot say are checked here.
    static func read(_ values: Values, path: String, errors: inout [FieldError]) -> Indicator? {
        let code = values.text("code") ?? "", name = values.text("name") ?? ""
        if values.has("children") && !values.isCleared("children") {
            let children = values.objects("children").enumerated().compactMap { read($1, path: "\(path).children[\($0)]", errors: &errors) }
            if children.isEmpty { errors.append(FieldError("\(path).children", "empty", "指标 \(code) 没有下级指标 (indicator \(code) has no children)")) }
            return Indicator(code: code, name: name, weight: children.reduce(0) { $0 + $1.weight }, appliesTo: [], source: "", points: [:], children: children)
        }
        guard let weight = values.int("weight") else {
            errors.append(FieldError("\(path).weight", "leaf_weight", "末级指标 \(code) 须有权重 (a leaf needs a weight)"))
            return nil
        }
        var points: [String: Int64] = [:]
        if let given = values.object("points") {
            for (kind, value) in given.fields { if case .integer(let v) = value { points[kind] = v } }
        }
        let applies = values.has("applies_to") && !values.isCleared("applies_to") ? Set(values.texts("applies_to")) : ["unit", "territory"]
        let source = values.choice("source", IndicatorSource.self) ?? .manual
        return Indicator(code: code, name: name, weight: weight, appliesTo: applies, source: source.rawValue, points: points, children: [])
    }

    var leaves: [Indicator] { isLeaf ? [self] : children.flatMap(\.leaves) }
}

enum AssessmentScheme {
    private static func leaf(_ code: String, _ name: String, _ weight: Int64, _ source: String, _ points: [String: Int64], _ applies: Set<String> = ["unit", "territory"]) -> Indicator {
        Indicator(code: code, name: name, weight: weight, appliesTo: applies, source: source, points: points, children: [])
    }
    private static func group(_ code: String, _ name: String, _ children: [Indicator]) -> Indicator {
        Indicator(code: code, name: name, weight: children.reduce(0) { $0 + $1.weight }, appliesTo: [], source: "", points: [:], children: children)
    }

    /// The default tree (weights sum to 100).
    static let defaultIndicators: [Indicator] = [
        group("A", "责任落实", [
            leaf("A1", "任务按期完成", 20, "facts", ["taskOverdue": 2, "taskCompletedLate": 1]),
            leaf("A2", "年度工作重点事项（人工评分）", 10, "manual", [:]),
        ]),
        group("B", "隐患排查治理", [
            leaf("B1", "隐患按期整改销号", 15, "facts", ["hazardOverdue": 3, "hazardClosedLate": 1, "hazardReopened": 2]),
            leaf("B2", "重大隐患管控", 10, "facts", ["hazardMajorRegistered": 2]),
        ]),
        group("C", "督导检查", [
            // Whoever missed the visit answers for it: the group's organiser unit, not the town.
            leaf("C1", "季度督导全覆盖", 10, "visitsMissing", ["visitMissing": 5, "redraw": 0], ["unit"]),
            leaf("C2", "督导问题按期整改", 10, "findingsOverdue", ["findingOverdue": 2]),
        ]),
        group("D", "会商研判与教育培训", [
            leaf("D1", "季度会商按时召开", 10, "facts", ["meetingMissing": 3]),
            leaf("D2", "安全培训合规", 5, "facts", ["trainingRed": 1]),
        ]),
        group("E", "问责措施", [
            leaf("E1", "被采取督办问责措施", 10, "instruments", ["reminder": 1, "urgingLetter": 2, "warningNotice": 3, "admonitoryInterview": 5,
                                                               "listedSupervision": 5, "escalatedInvestigation": 8]),
        ]),
    ]

    static func load(year: Int, _ db: Connection) throws -> [Indicator] {
        guard let row = try db.queryOne("SELECT indicators FROM supervision_assessment_schemes WHERE year = ?", [year]),
              case .array(let items)? = try? JSONParser.parse(row.requiredString("indicators")) else { return defaultIndicators }
        var errors: [FieldError] = []
        let parsed = items.enumerated().compactMap { Indicator.parse($1, path: "indicators[\($0)]", errors: &errors) }
        return errors.isEmpty ? parsed : defaultIndicators
    }

    static func json(_ indicators: [Indicator], year: Int) -> JSON {
        .object(["year": .int(Int64(year)), "total_weight": .int(indicators.reduce(0) { $0 + $1.weight }), "indicators": .array(indicators.map(\.json))])
    }
}
