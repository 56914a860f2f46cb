import Kernel

// 单位匹配:先全称,再别名(内置别名表 + 名录中的别名),再忽略空格与括号写法;
// 集合称谓展开;同一条款中一个单位只出现一次,取最强角色(牵头 > 分工负责 > 协同);
// 匹配不到的名称原样报告。

public enum UnitResolver {
    /// Names the district's documents use interchangeably: the kernel's one list.
    static var builtInAliases: [[String]] { NameResolver.equivalentNames }

    /// Resolves the unit phrases of ONE clause (call once per clause: roles are merged per clause).
    public static func resolve(_ phrases: [UnitPhrase], in directory: UnitDirectory) -> (units: [ResolvedUnit], unresolved: [UnresolvedName]) {
        let resolution = resolveWithNotes(phrases, in: directory)
        return (resolution.units, resolution.unresolved)
    }

    /// As `resolve`, plus notes for phrases understood but not expanded ("各有关部门").
    public static func resolveWithNotes(_ phrases: [UnitPhrase], in directory: UnitDirectory) -> UnitResolution {
        var units: [ResolvedUnit] = []
        var position: [String: Int] = [:]  // "unit:7" → index in units
        var unresolved: [UnresolvedName] = []
        var notes: [ResolutionNote] = []

        var toDesignate: [PendingDesignation] = []
        func add(_ entry: UnitDirectory.Entry, kind: String, role: UnitRole, via: String) {
            // A town, scenic area or zone named in a clause carries territorial responsibility (属地), never the lead.
            let role: UnitRole = kind == "territory" ? .territorial : role
            let key = "\(kind):\(entry.id)"
            if let index = position[key] {
                if role.strength > units[index].role.strength {
                    units[index].role = role
                    units[index].via = via
                }
                return
            }
            position[key] = units.count
            units.append(ResolvedUnit(id: entry.id, name: entry.name, kind: kind, role: role, via: via))
        }

        for phrase in phrases {
            let text = phrase.text
            if let entry = match(text, in: directory.units) {
                add(entry, kind: "unit", role: phrase.role, via: text)
            } else if let entry = match(text, in: directory.territories) {
                add(entry, kind: "territory", role: phrase.role, via: text)
            } else {
                switch UnitCollective.recognise(key(text)) {
                case .memberUnits:
                    for entry in directory.units { add(entry, kind: "unit", role: phrase.role, via: text) }
                case .territories:
                    for entry in directory.territories { add(entry, kind: "territory", role: phrase.role, via: text) }
                case .specialGroupHosts:
                    for id in directory.specialGroupHostUnitIDs {
                        if let entry = directory.units.first(where: { $0.id == id }) {
                            add(entry, kind: "unit", role: phrase.role, via: text)
                        } else {
                            unresolved.append(UnresolvedName(text: "\(text)(名录中无编号为\(id)的单位)", line: phrase.line))
                        }
                    }
                    if directory.specialGroupHostUnitIDs.isEmpty {
                        notes.append(ResolutionNote(text: text, line: phrase.line, message: "名录未登记专项领导小组办公室所在单位,未展开 (no special-group host units registered)"))
                    }
                case .toDesignate:
                    if let index = toDesignate.firstIndex(where: { $0.phrase == text }) {
                        if phrase.role.strength > toDesignate[index].role.strength { toDesignate[index].role = phrase.role }
                    } else {
                        toDesignate.append(PendingDesignation(phrase: text, role: phrase.role, line: phrase.line))
                    }
                case .unspecifiedDepartments:
                    notes.append(ResolutionNote(text: text, line: phrase.line, message: "“\(text)”未指明具体单位,未展开;需要时请在台账中补充 (open collective: not expanded)"))
                case nil:
                    unresolved.append(UnresolvedName(text: text, line: phrase.line))
                }
            }
        }
        return UnitResolution(units: units, unresolved: unresolved, notes: notes, toDesignate: toDesignate)
    }

    /// Matching key: no whitespace, full-width punctuation folded ("区 安委办" = "区安委办", （）= ()).
    static func key(_ text: String) -> String {
        String(text.map(PlanGlyphs.fold).filter { !PlanGlyphs.isSpace($0) })
    }

    /// Exact name, then an alias (the entry's own, or the built-in table), then ignoring spaces and bracket styles.
    static func match(_ text: String, in entries: [UnitDirectory.Entry]) -> UnitDirectory.Entry? {
        if let entry = entries.first(where: { $0.name == text }) { return entry }
        let equivalents = Set(builtInAliases.filter { $0.contains(text) }.flatMap { $0 })
        if let entry = entries.first(where: { $0.aliases.contains(text) || equivalents.contains($0.name)
            || !equivalents.isDisjoint(with: $0.aliases) }) {
            return entry
        }
        let wanted = key(text)
        let tolerantEquivalents = Set(builtInAliases.filter { $0.map(key).contains(wanted) }.flatMap { $0.map(key) })
        return entries.first { entry in
            let names = ([entry.name] + entry.aliases).map(key)
            return names.contains(wanted) || !tolerantEquivalents.isDisjoint(with: names)
        }
    }
}
