// Compliance rolled up by territory or industry, counted as enterprises are judged chunk by chunk
// (at ten years 20,000 enterprises and 100,000 people: no list of every person's compliance is kept).
import Kernel

struct ComplianceRollUp {
    /// One territory's or industry's counts.
    struct Group {
        var label: String
        var enterprises = 0, red = 0, people = 0, compliant = 0, pending = 0, shortfall = 0, shortfalls = 0
    }

    let by: RollUpBy
    let year: Int
    private var groups: [String: Group] = [:]

    init(by: RollUpBy, year: Int) {
        self.by = by
        self.year = year
    }

    mutating func add(_ judged: [EnterpriseCompliance]) {
        for e in judged {
            let key = by == .territory ? String(describing: e.enterprise.territoryId) : e.enterprise.industry
            var group = groups[key] ?? Group(label: by == .territory ? e.enterprise.territoryName : Industry.label(key))
            group.enterprises += 1
            if e.red { group.red += 1 }
            group.people += e.people.count
            for p in e.people {
                switch p.status {
                case "compliant": group.compliant += 1
                case "pending": group.pending += 1
                default: group.shortfall += 1
                }
                group.shortfalls += p.shortfalls.count
            }
            groups[key] = group
        }
    }

    /// The rows: territories by id, industries in the catalogue's order.
    func rows() -> [JSON] {
        let ordered = groups.keys.sorted { a, b in
            by == .territory ? (Int64(a) ?? 0) < (Int64(b) ?? 0)
                : (Industry.all.firstIndex { $0.code == a } ?? 99, a) < (Industry.all.firstIndex { $0.code == b } ?? 99, b)
        }
        return ordered.compactMap { key in
            guard let g = groups[key] else { return nil }
            let keyMember: JSON.Member = by == .territory ? JSON.Member("territory_id", .int(Int64(key) ?? 0)) : JSON.Member("industry", .string(key))
            let name = JSON.Member(by == .territory ? "territory" : "industry_label", .string(g.label))
            return .object([keyMember, name,
                JSON.Member("year", .int(Int64(year))), JSON.Member("enterprises", .int(Int64(g.enterprises))),
                JSON.Member("red_enterprises", .int(Int64(g.red))),
                JSON.Member("people", .int(Int64(g.people))), JSON.Member("compliant", .int(Int64(g.compliant))),
                JSON.Member("pending", .int(Int64(g.pending))),
                JSON.Member("shortfall", .int(Int64(g.shortfall))),
                // Compliant people in percent: a pending person (hours owed, not yet due) is not yet compliant.
                JSON.Member("compliance_rate", .double(TrainingService.rate(g.compliant, of: g.people))),
                JSON.Member("pending_rate", .double(TrainingService.rate(g.pending, of: g.people))),
                JSON.Member("shortfall_count", .int(Int64(g.shortfalls))),
            ])
        }
    }
}
