// The registry's record types (domain.md §2), described once for the CLI, HTTP, CSV and OpenAPI.

public enum RegistrySchemas {
    /// 成员单位: member units of the committee (and the office itself).
    public static let units = EntitySchema(
        name: "unit", plural: "units", table: "registry_units", label: "成员单位",
        fields: [
            FieldSpec("name", label: "名称", type: .text(maxLength: 100), required: true, unique: true, help: "full name, e.g. 区发改局"),
            FieldSpec("aliases", label: "别名", type: .textList, help: "other names, separated by ';' (e.g. 区安全生产委员会办公室)").notNull,
            FieldSpec("category", label: "类别", type: .text(maxLength: 40), filterable: true, help: "e.g. 党委部门, 政府部门, 企事业单位"),
            FieldSpec("is_member", label: "成员单位", type: .boolean, filterable: true, help: "a member unit of the committee (default true)").notNull,
            FieldSpec("is_office", label: "安委办", type: .boolean, filterable: true, help: "the committee office itself").notNull,
            FieldSpec("principal_leader", label: "主要负责人", type: .text(maxLength: 40)),
            FieldSpec("phone", label: "电话", type: .text(maxLength: 40)),
        ],
        aliasField: "aliases", listColumns: ["id", "name", "category", "principal_leader"], searchFields: ["name", "aliases"],
        derive: { values, given in
            if values["is_member"] == nil || values["is_member"] == .null { values["is_member"] = .integer(1) }
            if values["is_office"] == nil || values["is_office"] == .null { values["is_office"] = .integer(0) }
            if values["aliases"] == nil || values["aliases"] == .null { values["aliases"] = .text("[]") }
        }, keepsRendered: true)

    /// 专项领导小组: special leading groups, each hosted by a unit.
    public static let groups = EntitySchema(
        name: "group", plural: "groups", table: "registry_special_groups", label: "专项领导小组",
        fields: [
            FieldSpec("name", label: "名称", type: .text(maxLength: 100), required: true, unique: true),
            FieldSpec("area", label: "领域", type: .text(maxLength: 60), help: "e.g. 道路交通, 消防, 危险化学品"),
            FieldSpec("host_unit_id", column: "host_unit_id", label: "办公室所在单位", type: .reference("units"), required: true, filterable: true),
        ],
        listColumns: ["id", "name", "area", "host_unit_name"], keepsRendered: true)

    /// 镇、景区、开发区: territories.
    public static let territories = EntitySchema(
        name: "territory", plural: "territories", table: "registry_territories", label: "属地",
        fields: [
            FieldSpec("name", label: "名称", type: .text(maxLength: 60), required: true, unique: true),
            FieldSpec("kind", label: "类型", type: .choice([("town", "镇"), ("scenicArea", "景区"), ("developmentZone", "开发区")]),
                      required: true, filterable: true),
            FieldSpec("principal_leader", label: "主要负责人", type: .text(maxLength: 40)),
        ],
        listColumns: ["id", "name", "kind", "principal_leader"], keepsRendered: true)

    /// 生产经营单位: enterprises.
    public static let enterprises = EntitySchema(
        name: "enterprise", plural: "enterprises", table: "registry_enterprises", label: "生产经营单位",
        fields: [
            FieldSpec("name", label: "名称", type: .text(maxLength: 120), required: true),
            FieldSpec("credit_code", label: "统一社会信用代码", type: .creditCode, required: true, unique: true, filterable: true),
            FieldSpec("territory_id", label: "属地", type: .reference("territories"), required: true, filterable: true),
            FieldSpec("industry", label: "行业", type: .choice(Industry.all.map { ($0.code, $0.label) }), required: true, filterable: true),
            FieldSpec("supervising_unit_id", label: "行业监管部门", type: .reference("units"), required: true, filterable: true,
                      help: "the member unit that supervises the sector (三管三必须)"),
            FieldSpec("high_risk", label: "高危行业", type: .boolean, filterable: true, help: "defaults from the industry").notNull,
            FieldSpec("principal_person", label: "主要负责人", type: .text(maxLength: 40)),
            FieldSpec("legal_representative", label: "法定代表人", type: .text(maxLength: 40)),
            FieldSpec("actual_controller", label: "实际控制人", type: .text(maxLength: 40)),
            FieldSpec("standardisation_grade", label: "标准化等级",
                      type: .choice([("none", "未达标"), ("level1", "一级"), ("level2", "二级"), ("level3", "三级")])),
            FieldSpec("address", label: "地址", type: .text(maxLength: 200)),
        ],
        listColumns: ["id", "name", "credit_code", "territory_name", "industry", "supervising_unit_name"],
        searchFields: ["name", "credit_code", "address"],
        scope: .located(territoryColumn: "territory_id", unitColumn: "supervising_unit_id", enterpriseColumn: "id"),
        changeEvent: "registry.enterprise.changed",
        derive: { values, given in
            if !given.contains("high_risk"), case .text(let industry)? = values["industry"] {
                values["high_risk"] = .integer(Industry.isHighRisk(industry) ? 1 : 0)
            }
        }, keepsRendered: true)

    /// People: leaders, unit staff, enterprise staff.
    public static let people = EntitySchema(
        name: "person", plural: "people", table: "registry_people", label: "人员",
        fields: [
            FieldSpec("name", label: "姓名", type: .text(maxLength: 40), required: true),
            FieldSpec("identity_number", label: "公民身份号码", type: .identityNumber, unique: true,
                      help: "resident identity number (18 characters, GB 11643 check character); optional, unique; personal data"),
            FieldSpec("phone", label: "电话", type: .text(maxLength: 40)),
            FieldSpec("note", label: "备注", type: .text(maxLength: 200)),
        ],
        listColumns: ["id", "name", "phone"],
        scope: .custom({ actor in
            switch actor.scope {
            case .all: return nil
            case .unit(let id): return ("EXISTS (SELECT 1 FROM registry_posts p WHERE p.person_id = t.id AND p.unit_id = ?)", [id])
            case .territory(let id):
                return ("EXISTS (SELECT 1 FROM registry_posts p LEFT JOIN registry_enterprises e ON e.id = p.enterprise_id WHERE p.person_id = t.id AND (p.territory_id = ? OR e.territory_id = ?))", [id, id])
            case .enterprise(let id): return ("EXISTS (SELECT 1 FROM registry_posts p WHERE p.person_id = t.id AND p.enterprise_id = ?)", [id])
            case .group(let id): return ("EXISTS (SELECT 1 FROM registry_posts p WHERE p.person_id = t.id AND p.group_id = ?)", [id])
            }
        }),
        writers: [.admin, .office, .unit, .town, .enterprise], keepsRendered: true)

    /// Posts: a person's position in a body.
    public static let posts = EntitySchema(
        name: "post", plural: "posts", table: "registry_posts", label: "职务",
        fields: [
            FieldSpec("person_id", label: "人员", type: .reference("people"), required: true, filterable: true),
            FieldSpec("unit_id", label: "单位", type: .reference("units"), filterable: true),
            FieldSpec("territory_id", label: "属地", type: .reference("territories"), filterable: true),
            FieldSpec("enterprise_id", label: "企业", type: .reference("enterprises"), filterable: true),
            FieldSpec("group_id", label: "专项领导小组", type: .reference("groups"), filterable: true),
            FieldSpec("title", label: "职务", type: .text(maxLength: 60), required: true),
            FieldSpec("role", label: "角色", type: .choice(PostRole.all), required: true, filterable: true),
            FieldSpec("since", label: "任职日期", type: .date),
        ],
        listColumns: ["id", "person_name", "title", "role", "unit_name", "territory_name", "enterprise_name"],
        searchFields: ["title"],
        scope: .located(territoryColumn: "territory_id", unitColumn: "unit_id", enterpriseColumn: "enterprise_id"),
        writers: [.admin, .office, .unit, .town, .enterprise],
        crossFieldCheck: { values in
            let bodies = ["unit_id", "territory_id", "enterprise_id", "group_id"].filter { values[$0] != nil && values[$0] != .null }
            if bodies.count != 1 {
                return [FieldError("unit_id", "one_body", "职务须属于且只属于一个机构：单位、属地、企业或专项领导小组中填一个（收到 \(bodies.count) 个） (a post belongs to exactly one body: give one of unit, territory, enterprise or group)")]
            }
            return []
        }, keepsRendered: true)

    public static let all = [units, groups, territories, enterprises, people, posts]
}

/// Roles a person may hold in a body.
public enum PostRole {
    public static let all: [(code: String, label: String)] = [
        ("principalLeader", "主要负责同志"),
        ("deputyLeader", "分管负责同志"),
        ("principalPerson", "主要负责人"),
        ("safetyManager", "安全生产管理人员"),
        ("specialOperator", "特种作业人员"),
        ("staff", "工作人员"),
        ("liaison", "联络员"),
    ]
}
