// "One matter" chains (一件事全链条): a matter split into ordered links, each with its lead and
// cooperating units; the check reports gaps (a link with no unit) and overlaps (two leads).
import Kernel

extension ListService {
    static func addChain(name: String, links: [LinkInput], _ tx: WriteTransaction) throws -> Int64 {
        try LedgerScope.requireOffice(tx.actor, "define a one-matter chain")
        if links.isEmpty { throw DomainError.validation([FieldError("links", "no_links", "一件事至少需要一个环节 (a chain needs at least one link)")]) }
        if try tx.db.queryOne("SELECT id FROM responsibilities_chains WHERE name = ?", [name]) != nil { throw DomainError.conflict("a chain called \(name) exists") }
        var resolved: [(name: String, units: [(id: Int64, name: String, role: String)])] = []
        for link in links {
            var units: [(id: Int64, name: String, role: String)] = []
            for (role, ids) in [("lead", link.leads), ("cooperating", link.cooperating)] {
                for id in ids where !units.contains(where: { $0.id == id }) {
                    units.append((id, try unit(id, tx.db).name, role))
                }
            }
            resolved.append((link.name, units))
        }
        try tx.db.execute("INSERT INTO responsibilities_chains (name, created_at) VALUES (?, ?)", [name, tx.nowText])
        let chainID = tx.db.lastInsertRowID
        for (position, link) in resolved.enumerated() {
            try tx.db.execute("INSERT INTO responsibilities_chain_links (chain_id, position, name) VALUES (?, ?, ?)", [chainID, position + 1, link.name])
            let linkID = tx.db.lastInsertRowID
            for unit in link.units {
                try tx.db.execute("INSERT INTO responsibilities_chain_link_units (link_id, unit_id, unit_name, role) VALUES (?, ?, ?, ?)", [linkID, unit.id, unit.name, unit.role])
            }
        }
        try tx.audit(action: "responsibilities.chain.add", entity: "chain", entityID: String(chainID), summary: "一件事 \(name): \(links.count) link(s)")
        return chainID
    }

    /// Links with no unit (gaps) and links with two or more leads (overlaps), every chain or one.
    static func checkChains(_ db: Connection) throws -> [JSON] {
        let rows = try db.query("""
            SELECT c.name AS chain, k.id, k.position, k.name,
                   (SELECT count(*) FROM responsibilities_chain_link_units u WHERE u.link_id = k.id) AS units,
                   (SELECT group_concat(u.unit_name, '、') FROM responsibilities_chain_link_units u WHERE u.link_id = k.id AND u.role = 'lead') AS leads,
                   (SELECT count(*) FROM responsibilities_chain_link_units u WHERE u.link_id = k.id AND u.role = 'lead') AS lead_count
            FROM responsibilities_chain_links k JOIN responsibilities_chains c ON c.id = k.chain_id ORDER BY c.id, k.position
            """)
        var issues: [JSON] = []
        for row in rows {
            var problem: String?
            if row.requiredInt("units") == 0 { problem = "no_unit" } else if row.requiredInt("lead_count") >= 2 { problem = "two_leads" }
            guard let problem else { continue }
            issues.append(.object(["chain": .string(row.requiredString("chain")), "position": .int(row.requiredInt("position")), "link": .string(row.requiredString("name")),
                                   "problem": .string(problem), "leads": .string(row.string("leads") ?? ""),
                                   "message": .string(problem == "no_unit" ? "环节无责任单位 (gap: no responsible unit)" : "环节有多个牵头单位 (overlap: \(row.string("leads") ?? ""))")]))
        }
        return issues
    }
}
