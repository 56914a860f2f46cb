// Builds the demo database through the real services (so it is audited and its events are
// published like any other data): the organisation, demo users, then each module's share.
import Foundation
import Kernel

public enum DemoData {
    /// The instant the demo organisation is recorded at (2024-01-02 09:00, Asia/Shanghai).
    public static let recordedAt = Instant.parse("2024-01-02T09:00:00+08:00")!
    /// The day the demo district is seen on (`serve --demo`): its 2024 half done.
    public static let today = CalendarDate(year: 2024, month: 6, day: 15)!
    /// The demo users' password (shown by `anwei demo` and `anwei serve --demo`).
    public static let password = "anwei-demo-2024"

    /// Demo accounts: (username, display name, role, scope as a function of the registry).
    static let users: [(String, String, Role)] = [
        ("admin", "系统管理员", .admin),
        ("anweiban", "区安委办 工作人员", .office),
        ("fgj", "区发改局 联络员", .unit),
        ("yjj", "区应急管理局 联络员", .unit),
        ("dongcheng", "东城镇 安监办", .town),
        ("xiling", "西岭镇 安监办", .town),
        ("inspector1", "第一督导组 组员", .inspector),
        ("qiye", "企业 安全员", .enterprise),
    ]

    /// Builds the demo data into an empty, migrated database. Returns a summary line.
    public static func build(_ app: Application, output: (String) -> Void = { _ in }) throws -> String {
        let core = app.core
        let existing = try core.read { try $0.scalarInt("SELECT count(*) FROM registry_units") }
        if existing > 0 { throw DomainError.conflict("此数据库已有组织机构（\(existing) 个单位），请把演示数据建在新文件中 (the database already holds an organisation (\(existing) units); build the demo into a new file)") }
        var random = SeededRandom(seed: 2024)
        let store = app.records
        output("organisation…")
        try core.write(.localAdministrator) { tx in
            for (name, aliases, category) in DemoOrganisation.units {
                var given: [String: GivenValue] = ["name": .text(name), "category": .text(category), "aliases": .json(JSON(aliases))]
                if name == "区安委办" { given["is_office"] = .text("true") }
                given["principal_leader"] = .text(personName(&random))
                _ = try store.create(RegistrySchemas.units, given, tx)
            }
            for (name, area, host) in DemoOrganisation.groups {
                _ = try store.create(RegistrySchemas.groups, ["name": .text(name), "area": .text(area), "host_unit_id": .text(host)], tx)
            }
            for (name, kind) in DemoOrganisation.territories {
                _ = try store.create(RegistrySchemas.territories, ["name": .text(name), "kind": .text(kind), "principal_leader": .text(personName(&random))], tx)
            }
            var serial = 0
            for industry in DemoOrganisation.industries {
                for _ in 0..<industry.count {
                    serial += 1
                    let territory = DemoOrganisation.territories[random.below(DemoOrganisation.territories.count)].0
                    let name = "\(territory.prefix(2))\(random.pick(DemoOrganisation.placeWords))\(random.pick(industry.trades))有限公司"
                    let principal = personName(&random)
                    let grades = ["none", "level3", "level3", "level2", "level1"]
                    _ = try store.create(RegistrySchemas.enterprises, [
                        "name": .text(serial > 1 && random.chance(15) ? name.replacingOccurrences(of: "有限公司", with: "第\(serial % 7 + 1)分公司") : name),
                        "credit_code": .text(creditCode(serial, &random)),
                        "territory_id": .text(territory),
                        "industry": .text(industry.code),
                        "supervising_unit_id": .text(industry.unit),
                        "principal_person": .text(principal),
                        "legal_representative": .text(random.chance(70) ? principal : personName(&random)),
                        "actual_controller": .text(random.chance(60) ? principal : personName(&random)),
                        "standardisation_grade": .text(random.pick(grades)),
                        "address": .text("\(territory)\(random.pick(["工业园", "建设路", "人民路", "滨河路", "创业大道"]))\(random.below(300) + 1)号"),
                    ], tx)
                }
            }
            // People with posts: each unit's principal leader and each enterprise's principal person and safety manager.
            let units = try tx.db.query("SELECT id, principal_leader FROM registry_units ORDER BY id")
            for unit in units {
                let person = try store.create(RegistrySchemas.people, ["name": .text(unit.requiredString("principal_leader"))], tx)
                _ = try store.create(RegistrySchemas.posts, ["person_id": .json(person["id"]!), "unit_id": .text(String(unit.requiredInt("id"))),
                                                             "title": "主要负责同志", "role": "principalLeader", "since": "2023-01-01"], tx)
            }
            let enterprises = try tx.db.query("SELECT id, principal_person FROM registry_enterprises ORDER BY id")
            for enterprise in enterprises {
                let id = String(enterprise.requiredInt("id"))
                let principal = try store.create(RegistrySchemas.people, ["name": .text(enterprise.requiredString("principal_person")), "phone": .text("139\(String(10_000_000 + random.below(89_999_999)))")], tx)
                _ = try store.create(RegistrySchemas.posts, ["person_id": .json(principal["id"]!), "enterprise_id": .text(id), "title": "总经理", "role": "principalPerson", "since": "2022-03-01"], tx)
                let manager = try store.create(RegistrySchemas.people, ["name": .text(personName(&random))], tx)
                _ = try store.create(RegistrySchemas.posts, ["person_id": .json(manager["id"]!), "enterprise_id": .text(id), "title": "安全主管", "role": "safetyManager", "since": "2023-06-01"], tx)
            }
        }
        output("users…")
        try core.write(.localAdministrator) { tx in
            let accounts = Accounts(core: core)
            let unit = { (name: String) throws -> Int64 in try store.resolveName(RegistrySchemas.units, name, tx.db)! }
            let territory = { (name: String) throws -> Int64 in try store.resolveName(RegistrySchemas.territories, name, tx.db)! }
            let firstEnterprise = try tx.db.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = ?", [try territory("东城镇")])
            for (username, display, role) in users {
                let scope: Scope
                switch username {
                case "fgj": scope = .unit(try unit("区发改局"))
                case "yjj": scope = .unit(try unit("区应急管理局"))
                case "dongcheng": scope = .territory(try territory("东城镇"))
                case "xiling": scope = .territory(try territory("西岭镇"))
                case "inspector1": scope = .group(1)
                case "qiye": scope = .enterprise(firstEnterprise)
                default: scope = .all
                }
                _ = try accounts.addUser(username: username, displayName: display, role: role, scope: scope, password: password,
                                         grants: username == "admin" ? ["tipoffs.contact.read"] : [], tx)
            }
        }
        for domain in app.domains {
            output("\(domain.name)…")
            try domain.loadDemo(core)
        }
        // Events the modules published at later demo dates are due by the demo's "today".
        let late = Core(database: core.database, clock: FixedClock(today), bus: core.bus, settings: core.settings)
        EventDispatcher(core: late).deliverDue()
        let counts = try core.read { db in
            try ["registry_units", "registry_special_groups", "registry_territories", "registry_enterprises", "registry_people"].map { try db.scalarInt("SELECT count(*) FROM \($0)") }
        }
        return "demo database ready: \(counts[0]) units, \(counts[1]) special groups, \(counts[2]) territories, \(counts[3]) enterprises, \(counts[4]) people; users \(users.map(\.0).joined(separator: ", ")) with password \(password)"
    }

    static func personName(_ random: inout SeededRandom) -> String {
        String(random.pick(DemoOrganisation.surnames)) + random.pick(DemoOrganisation.givenNames)
    }

    /// A valid unified social credit code: 91 (enterprise) + region 320115 + a 9-character body + check.
    static func creditCode(_ serial: Int, _ random: inout SeededRandom) -> String {
        var body = "91320115"
        let serialText = String(serial)
        let filler = 9 - serialText.count
        for _ in 0..<filler { body.append(CreditCode.alphabet[random.below(CreditCode.alphabet.count)]) }
        body += serialText
        return CreditCode.complete(body)!
    }
}
