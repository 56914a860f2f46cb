-- 隐患: the hazard register, its lifecycle (every action on a timeline), attachments by content
-- hash, the determination-standard catalogue, penalties (closure warnings), enterprise statistics
-- reports, and public tip-offs. Nothing is deleted.

-- 判定标准: a configurable catalogue of standards and their clauses, seeded below.
CREATE TABLE hazards_standards (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    sector TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE hazards_standard_clauses (
    id INTEGER PRIMARY KEY,
    standard_id INTEGER NOT NULL REFERENCES hazards_standards (id),
    clause TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (standard_id, clause)
) STRICT;

CREATE TABLE hazards_hazards (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    enterprise_id INTEGER REFERENCES registry_enterprises (id),
    place TEXT,
    territory_id INTEGER NOT NULL REFERENCES registry_territories (id),
    sector TEXT NOT NULL,
    supervising_unit_id INTEGER NOT NULL REFERENCES registry_units (id),
    grade TEXT NOT NULL CHECK (grade IN ('general', 'major')),
    standard_clause_id INTEGER REFERENCES hazards_standard_clauses (id),
    source TEXT NOT NULL CHECK (source IN ('selfInspection', 'supervisionFinding', 'departmentInspection', 'tipOff', 'jointInvestigation')),
    -- What created it, e.g. 'finding:12' or 'tipoff:3': makes event handling idempotent.
    origin_key TEXT UNIQUE,
    found_on TEXT NOT NULL,
    description TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('reported', 'planFiled', 'rectifying', 'rectified', 'assessed', 'reviewApplied', 'closed', 'merged')),
    -- The major-hazard report (Order 16 Art 14).
    state_and_cause TEXT,
    harm_and_difficulty TEXT,
    -- The remediation plan's six parts (Order 16 Art 15).
    plan_goals TEXT,
    plan_methods TEXT,
    plan_funds TEXT,
    plan_responsible TEXT,
    plan_deadline_requirements TEXT,
    plan_safety_measures TEXT,
    plan_filed_at TEXT,
    -- 挂牌督办.
    listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1)),
    listing_level TEXT,
    listing_notice_number TEXT,
    listing_body TEXT,
    listed_on TEXT,
    rectified_on TEXT,
    assessment TEXT,
    review_applied_on TEXT,
    review_due TEXT,
    closed_on TEXT,
    closed_by TEXT,
    merged_into_id INTEGER REFERENCES hazards_hazards (id),
    reported_by TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (enterprise_id IS NOT NULL OR place IS NOT NULL)
) STRICT;
CREATE INDEX hazards_by_territory ON hazards_hazards (territory_id, status, id);
CREATE INDEX hazards_by_unit ON hazards_hazards (supervising_unit_id, status, id);
CREATE INDEX hazards_by_enterprise ON hazards_hazards (enterprise_id, id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX hazards_by_status ON hazards_hazards (status, id);
CREATE INDEX hazards_open_deadlines ON hazards_hazards (deadline) WHERE status NOT IN ('closed', 'merged');
-- Covers the statistics query (one pass over the index, no table reads).
CREATE INDEX hazards_stats ON hazards_hazards (territory_id, sector, supervising_unit_id, grade, status, found_on, deadline, closed_on);

CREATE TABLE hazards_code_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

-- Full-text search over descriptions (Chinese via trigrams). The service writes its rows (the
-- kernel runs with trusted_schema off, so triggers may not write a virtual table); a description
-- never changes once registered.
CREATE VIRTUAL TABLE hazards_fts USING fts5 (description, content = 'hazards_hazards', content_rowid = 'id', tokenize = 'trigram');
-- The timeline: every action on a hazard, who, when, from which state to which.
CREATE TABLE hazards_actions (
    id INTEGER PRIMARY KEY,
    hazard_id INTEGER NOT NULL REFERENCES hazards_hazards (id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT,
    details TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX hazards_actions_hazard ON hazards_actions (hazard_id, id);

-- Attachments: the bytes once per content hash, a row per hazard that refers to them.
CREATE TABLE hazards_blobs (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE hazards_attachments (
    id INTEGER PRIMARY KEY,
    hazard_id INTEGER REFERENCES hazards_hazards (id),
    tipoff_id INTEGER REFERENCES hazards_tipoffs (id),
    action_id INTEGER REFERENCES hazards_actions (id),
    sha256 TEXT NOT NULL REFERENCES hazards_blobs (sha256),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
) STRICT;
CREATE INDEX hazards_attachments_hazard ON hazards_attachments (hazard_id, id) WHERE hazard_id IS NOT NULL;
CREATE INDEX hazards_attachments_tipoff ON hazards_attachments (tipoff_id, id) WHERE tipoff_id IS NOT NULL;

-- Administrative penalties for major hazards (Law Art 113 closure warnings).
CREATE TABLE hazards_penalties (
    id INTEGER PRIMARY KEY,
    hazard_id INTEGER NOT NULL REFERENCES hazards_hazards (id),
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    penalised_on TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (enterprise_id, decision_number)
) STRICT;
CREATE INDEX hazards_penalties_enterprise ON hazards_penalties (enterprise_id, penalised_on);

-- Enterprise hazard statistics reports: quarterly ('2024-Q1') and yearly ('2024').
CREATE TABLE hazards_statistics_reports (
    id INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    period TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    found INTEGER NOT NULL,
    closed INTEGER NOT NULL,
    open INTEGER NOT NULL,
    major_open INTEGER NOT NULL,
    filed_by TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    UNIQUE (enterprise_id, period)
) STRICT;

-- 群众举报. The receipt key is kept only as its SHA-256; the contact only here.
CREATE TABLE hazards_tipoffs (
    id INTEGER PRIMARY KEY,
    receipt_hash TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    place TEXT NOT NULL,
    territory_id INTEGER REFERENCES registry_territories (id),
    contact TEXT,
    status TEXT NOT NULL CHECK (status IN ('received', 'linked', 'hazardCreated', 'dismissed')),
    hazard_id INTEGER REFERENCES hazards_hazards (id),
    dismiss_reason TEXT,
    reward_decision TEXT,
    reward_amount INTEGER,
    not_fixed_count INTEGER NOT NULL DEFAULT 0,
    received_at TEXT NOT NULL,
    triaged_at TEXT,
    triaged_by TEXT,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX hazards_tipoffs_status ON hazards_tipoffs (status, id);
CREATE INDEX hazards_tipoffs_hazard ON hazards_tipoffs (hazard_id) WHERE hazard_id IS NOT NULL;

-- The seeded catalogue: the sectors domain.md names (standards of the Ministry of Emergency Management
-- and the sector ministries); a district adds its own with `anwei hazards standards add`.
INSERT INTO hazards_standards (id, code, title, sector, created_at) VALUES
    (1, 'HC-2017', '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）', 'hazardousChemicals', '2024-01-01T00:00:00Z'),
    (2, 'NCM-2022', '金属非金属矿山重大事故隐患判定标准', 'nonCoalMining', '2024-01-01T00:00:00Z'),
    (3, 'FW-2017', '烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）', 'fireworks', '2024-01-01T00:00:00Z'),
    (4, 'IT-2023', '工贸企业重大事故隐患判定标准', 'manufacturing', '2024-01-01T00:00:00Z'),
    (5, 'GAS-2023', '城镇燃气经营安全重大隐患判定标准', 'gas', '2024-01-01T00:00:00Z'),
    (6, 'CON-2022', '房屋市政工程生产安全重大事故隐患判定标准（2022版）', 'construction', '2024-01-01T00:00:00Z'),
    (7, 'FIRE-2021', '重大火灾隐患判定方法', 'fire', '2024-01-01T00:00:00Z'),
    (8, 'SE-2023', '特种设备重大事故隐患判定准则', 'specialEquipment', '2024-01-01T00:00:00Z'),
    (9, 'RT-2023', '道路运输企业和城市客运企业安全生产重大事故隐患判定标准（试行）', 'traffic', '2024-01-01T00:00:00Z'),
    (10, 'SBH-2023', '经营性自建房重大安全隐患判定要点', 'selfBuiltHouse', '2024-01-01T00:00:00Z'),
    (11, 'CAMPUS-2023', '中小学校、幼儿园重大安全隐患判定要点', 'campus', '2024-01-01T00:00:00Z'),
    (12, 'HOSP-2023', '医疗机构重大事故隐患判定清单（试行）', 'hospital', '2024-01-01T00:00:00Z'),
    (13, 'MET-2023', '工贸企业重大事故隐患判定标准（冶金行业）', 'metalSmelting', '2024-01-01T00:00:00Z');

INSERT INTO hazards_standard_clauses (standard_id, clause, text, created_at) VALUES
    (1, '第一条', '危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格', '2024-01-01T00:00:00Z'),
    (1, '第三条', '涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求', '2024-01-01T00:00:00Z'),
    (1, '第七条', '构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能', '2024-01-01T00:00:00Z'),
    (1, '第十二条', '涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置', '2024-01-01T00:00:00Z'),
    (2, '第四条第（一）项', '安全出口不符合国家标准、行业标准或者设计要求', '2024-01-01T00:00:00Z'),
    (2, '第六条第（三）项', '排土场存在重大危险源未按设计要求治理', '2024-01-01T00:00:00Z'),
    (3, '第二条', '主要负责人、安全生产管理人员未依法经考核合格', '2024-01-01T00:00:00Z'),
    (3, '第五条', '防护屏障、防雷设施、静电导除设施失效', '2024-01-01T00:00:00Z'),
    (4, '第四条第（二）项', '粉尘爆炸危险场所设置在非框架结构的多层建构筑物内', '2024-01-01T00:00:00Z'),
    (4, '第五条第（一）项', '会议室、活动室、休息室、操作室等设置在熔融金属吊运跨的地面区域', '2024-01-01T00:00:00Z'),
    (4, '第十条第（三）项', '有限空间作业未落实先通风、再检测、后作业要求', '2024-01-01T00:00:00Z'),
    (5, '第三条第（一）项', '燃气经营者未取得燃气经营许可证从事燃气经营活动', '2024-01-01T00:00:00Z'),
    (5, '第四条第（五）项', '用户燃气管道穿越卧室、易燃易爆品仓库等禁止区域', '2024-01-01T00:00:00Z'),
    (5, '第五条第（二）项', '餐饮场所使用燃气未安装可燃气体报警装置或未与切断阀联动', '2024-01-01T00:00:00Z'),
    (6, '第五条', '深基坑未按照设计进行施工或支护结构变形超过设计要求', '2024-01-01T00:00:00Z'),
    (6, '第九条', '起重机械安装、拆卸、顶升加节未按规定检验', '2024-01-01T00:00:00Z'),
    (7, '第六条第（四）项', '未按国家工程建设消防技术标准设置自动喷水灭火系统或火灾自动报警系统', '2024-01-01T00:00:00Z'),
    (7, '第七条第（二）项', '人员密集场所疏散通道被占用、堵塞，或安全出口数量不足', '2024-01-01T00:00:00Z'),
    (8, '第三条', '使用未取得许可生产、未经检验或检验不合格的特种设备', '2024-01-01T00:00:00Z'),
    (8, '第八条', '电梯安全保护装置失效仍继续使用', '2024-01-01T00:00:00Z'),
    (9, '第三条第（二）项', '未取得相应经营许可或超越许可事项从事道路运输经营', '2024-01-01T00:00:00Z'),
    (9, '第四条第（一）项', '客运车辆未按规定安装或使用具有行驶记录功能的卫星定位装置', '2024-01-01T00:00:00Z'),
    (10, '第一条', '房屋主体结构出现严重开裂、变形等危险情形仍用于经营', '2024-01-01T00:00:00Z'),
    (10, '第二条', '擅自改变房屋结构或加层扩建用于经营', '2024-01-01T00:00:00Z'),
    (11, '第一条', '校舍经鉴定为C级、D级危房仍在使用', '2024-01-01T00:00:00Z'),
    (11, '第三条', '学生宿舍、食堂疏散通道堵塞或安全出口锁闭', '2024-01-01T00:00:00Z'),
    (12, '第二条', '病房楼消防设施瘫痪或不能正常运行', '2024-01-01T00:00:00Z'),
    (12, '第五条', '医用氧气、危险化学品储存使用不符合规定', '2024-01-01T00:00:00Z'),
    (13, '第二条第（一）项', '熔融金属吊运未使用冶金起重机', '2024-01-01T00:00:00Z'),
    (13, '第二条第（四）项', '炉体冷却水系统未设置出水温度、进出水流量差监测报警装置', '2024-01-01T00:00:00Z');
