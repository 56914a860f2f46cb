// "One matter" chains (一件事全链条): a matter split into ordered links, each with its lead and
// cooperating units; the check reports gaps (a link with no unit), links with units but no lead,
// and overlaps (two leads). A chain is listed, shown and revised (a new version; the audit keeps
// the chain before and after). A link may name a decided new-business-form request
// (新业态新领域): its lead department becomes the link's lead.
import Kernel

extension ListService {
    typealias ResolvedLink = (name: String, businessFormID: Int64?, units: [(id: Int64, name: String, role: String)])

    static func addChain(name: String, links: [LinkInput], _ tx: WriteTransaction) throws -> Int64 {
        try requireOffice(tx.actor, "定义一件事链条")
        let resolved = try resolveLinks(links, tx.db)
        if try tx.db.queryOne("SELECT id FROM responsibilities_chains WHERE name = ?", [name]) != nil {
            throw DomainError(.conflict, "已有名为“\(name)”的一件事链条，请用 chains revise 修订 (a chain called \(name) exists; revise it)", extra: [JSON.Member("code", .string("chain_exists"))])
        }
        try tx.db.execute("INSERT INTO responsibilities_chains (name, created_at, version, updated_at) VALUES (?, ?, 1, ?)", [name, tx.nowText, tx.nowText])
        let chainID = tx.db.lastInsertRowID
        try insertLinks(chainID, resolved, tx.db)
        try tx.audit(action: "responsibilities.chain.add", entity: "chain", entityID: String(chainID), after: try chain(chainID, tx.db),
                     summary: "新建一件事链条“\(name)”：\(links.count)个环节")
        return chainID
    }

    /// Replaces a chain's links (and its name, if given) as a new version.
    static func reviseChain(_ id: Int64, name: String?, links: [LinkInput], _ tx: WriteTransaction) throws -> JSON {
        try requireOffice(tx.actor, "修订一件事链条")
        let before = try chain(id, tx.db)
        let resolved = try resolveLinks(links, tx.db)
        let newName = name ?? before["name"]?.stringValue ?? ""
        if try tx.db.queryOne("SELECT id FROM responsibilities_chains WHERE name = ? AND id <> ?", [newName, id]) != nil {
            throw DomainError(.conflict, "已有名为“\(newName)”的一件事链条 (another chain is called \(newName))", extra: [JSON.Member("code", .string("chain_exists"))])
        }
        try tx.db.execute("DELETE FROM responsibilities_chain_link_units WHERE link_id IN (SELECT id FROM responsibilities_chain_links WHERE chain_id = ?)", [id])
        try tx.db.execute("DELETE FROM responsibilities_chain_links WHERE chain_id = ?", [id])
        try tx.db.execute("UPDATE responsibilities_chains SET name = ?, version = version + 1, updated_at = ? WHERE id = ?", [newName, tx.nowText, id])
        try insertLinks(id, resolved, tx.db)
        let after = try chain(id, tx.db)
        try tx.audit(action: "responsibilities.chain.revise", entity: "chain", entityID: String(id), before: before, after: after,
                     summary: "修订一件事链条“\(newName)”为第\(after["version"]?.intValue ?? 0)版：\(before["links"]?.arrayValue?.count ?? 0)个环节 → \(links.count)个环节")
        return after
    }

    static func resolveLinks(_ links: [LinkInput], _ db: Connection) throws -> [ResolvedLink] {
        if links.isEmpty { throw DomainError.validation([FieldError("links", "no_links", "一件事至少需要一个环节 (a chain needs at least one link)")]) }
        var errors: [FieldError] = []
        var seen: Set<String> = []
        var resolved: [ResolvedLink] = []
        for (index, link) in links.enumerated() {
            if !seen.insert(link.name).inserted {
                errors.append(FieldError("links[\(index)].name", "link_twice", "环节“\(link.name)”列了两次 (a link is named twice)"))
            }
            var units: [(id: Int64, name: String, role: String)] = []
            if let formID = link.businessFormID {
                guard let form = try db.queryOne("SELECT state, lead_unit_id, lead_unit_name, what FROM responsibilities_new_business_forms WHERE id = ?", [formID]) else {
                    errors.append(FieldError("links[\(index)].business_form_id", "not_found", "新业态新领域申请\(formID)不存在 (no such request)"))
                    continue
                }
                guard form.requiredString("state") == "decided", let lead = form.int("lead_unit_id") else {
                    errors.append(FieldError("links[\(index)].business_form_id", "state",
                                             "新业态新领域“\(form.requiredString("what"))”尚未明确主责部门，不能列入链条 (the request is not decided yet)"))
                    continue
                }
                units.append((lead, form.string("lead_unit_name") ?? "", "lead"))
            }
            for (role, ids) in [("lead", link.leads), ("cooperating", link.cooperating)] {
                for id in ids where !units.contains(where: { $0.id == id }) {
                    units.append((id, try unit(id, db).name, role))
                }
            }
            resolved.append((link.name, link.businessFormID, units))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        return resolved
    }

    static func insertLinks(_ chainID: Int64, _ links: [ResolvedLink], _ db: Connection) throws {
        for (position, link) in links.enumerated() {
            try db.execute("INSERT INTO responsibilities_chain_links (chain_id, position, name, business_form_id) VALUES (?, ?, ?, ?)",
                           [chainID, position + 1, link.name, link.businessFormID])
            let linkID = db.lastInsertRowID
            for unit in link.units {
                try db.execute("INSERT INTO responsibilities_chain_link_units (link_id, unit_id, unit_name, role) VALUES (?, ?, ?, ?)", [linkID, unit.id, unit.name, unit.role])
            }
        }
    }

    /// A link's problem: a gap (no unit), no lead among its units, or two leads.
    static func linkProblem(units: Int, leads: [String]) -> (code: String, message: String)? {
        if units == 0 { return ("no_unit", "环节无责任单位 (gap: no responsible unit)") }
        if leads.isEmpty { return ("no_lead", "环节有配合单位但无牵头单位 (no lead unit)") }
        if leads.count >= 2 { return ("two_leads", "环节有多个牵头单位：\(leads.joined(separator: "、")) (overlap: two leads)") }
        return nil
    }

    /// One chain with its links, their units and problems; 404 when there is none.
    static func chain(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT * FROM responsibilities_chains WHERE id = ?", [id]) else { throw notFound("一件事链条", id) }
        var links: [JSON] = []
        var problems = 0
        for link in try db.query("SELECT * FROM responsibilities_chain_links WHERE chain_id = ? ORDER BY position", [id]) {
            let units = try db.query("SELECT unit_id, unit_name, role FROM responsibilities_chain_link_units WHERE link_id = ? ORDER BY rowid", [link.requiredInt("id")])
            func named(_ role: String) -> [JSON] {
                units.filter { $0.requiredString("role") == role }.map { .object(["id": .int($0.requiredInt("unit_id")), "name": .string($0.requiredString("unit_name"))]) }
            }
            let leads = units.filter { $0.requiredString("role") == "lead" }.map { $0.requiredString("unit_name") }
            let problem = linkProblem(units: units.count, leads: leads)
            if problem != nil { problems += 1 }
            links.append(.object(["position": .int(link.requiredInt("position")), "name": .string(link.requiredString("name")),
                                  "lead_units": .array(named("lead")), "cooperating_units": .array(named("cooperating")),
                                  "business_form_id": link.int("business_form_id").map(JSON.int) ?? .null,
                                  "problem": problem.map { .string($0.code) } ?? .null, "message": problem.map { .string($0.message) } ?? .null]))
        }
        return .object(["id": .int(id), "name": .string(row.requiredString("name")), "version": .int(row.requiredInt("version")),
                        "updated_at": .string(row.string("updated_at") ?? row.requiredString("created_at")), "problems": .int(Int64(problems)), "links": .array(links)])
    }

    /// Every chain, by id: name, version, how many links and how many have a problem.
    static func chains(_ db: Connection) throws -> [JSON] {
        try db.query("SELECT id FROM responsibilities_chains ORDER BY id").map { row in
            let chain = try chain(row.requiredInt("id"), db)
            return .object(["id": chain["id"] ?? .null, "name": chain["name"] ?? .null, "version": chain["version"] ?? .null,
                            "links": .int(Int64(chain["links"]?.arrayValue?.count ?? 0)), "problems": chain["problems"] ?? .null,
                            "updated_at": chain["updated_at"] ?? .null])
        }
    }

    /// Links with no unit (gaps), with units but no lead, and with two or more leads (overlaps).
    static func checkChains(_ db: Connection) throws -> [JSON] {
        var issues: [JSON] = []
        for summary in try chains(db) {
            let chain = try chain(summary["id"]?.intValue ?? 0, db)
            for link in chain["links"]?.arrayValue ?? [] {
                guard let problem = link["problem"]?.stringValue else { continue }
                let leads = (link["lead_units"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.joined(separator: "、")
                issues.append(.object(["chain": chain["name"] ?? .null, "position": link["position"] ?? .null, "link": link["name"] ?? .null,
                                       "problem": .string(problem), "leads": .string(leads), "message": link["message"] ?? .null]))
            }
        }
        return issues
    }
}
