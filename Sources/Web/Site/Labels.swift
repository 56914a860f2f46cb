// Chinese names for what the API names in English: fields, roles, actions. A field without an
// entry here reads its Chinese gloss from the declaration's help, e.g. "the progress (整改进展)".
import Foundation
import Kernel

enum Labels {
    static let fields: [String: String] = [
        "username": "用户名", "password": "密码", "q": "关键词", "territory_id": "属地（镇、景区、开发区）", "sector": "行业领域",
        "supervising_unit_id": "监管部门", "enterprise_id": "生产经营单位", "status": "状态", "grade": "隐患等级", "source": "发现方式",
        "overdue": "是否逾期", "stock": "是否存量", "public_facing": "公共领域", "listed": "是否挂牌督办", "review_due_by": "销号核查期限不晚于",
        "place": "地点", "description": "隐患描述", "found_on": "发现日期", "deadline": "整改期限", "standard_clause_id": "判定标准条款",
        "state_and_cause": "现状及产生原因", "harm_and_difficulty": "危害程度和整改难易程度", "note": "说明", "reason": "理由",
        "reasons": "未通过理由", "passed": "核查结论", "assessment": "治理效果评估结论", "rectified_on": "整改完成日期",
        "level": "督办级别", "notice_number": "督办通知书文号", "supervising_body": "督办机构", "into": "并入的隐患编号（ID）",
        "decision_number": "处罚决定书文号", "penalised_on": "处罚日期", "on_behalf_of_unit_id": "代为履职的监管部门",
        "on_behalf_reason": "代为履职理由", "text": "举报内容", "contact": "联系方式（选填，严格保密）", "photos": "现场照片",
        "content_base64": "文件", "plan_goals": "治理的目标和任务", "plan_methods": "采取的方法和措施", "plan_funds": "经费和物资的落实",
        "plan_responsible": "负责治理的机构和人员", "plan_deadline_requirements": "治理的时限和要求", "plan_safety_measures": "安全措施和应急预案", "name": "文件名", "media_type": "文件类型", "receipt_key": "查询码",
    ]

    /// A field's Chinese name.
    static func field(_ name: String, help: String = "") -> String {
        if let label = fields[name] { return label }
        if let first = help.unicodeScalars.first, isChinese(first) {
            return String(help.prefix { $0 != ";" && $0 != "；" && $0 != "(" && $0 != "（" }).trimmingCharacters(in: .whitespaces)
        }
        if let gloss = chineseGloss(help) { return gloss }
        return name
    }

    static func field(_ spec: FieldSpec) -> String {
        spec.label.isEmpty ? field(spec.name, help: spec.help) : spec.label
    }

    /// The Chinese in the first parentheses of a help text that holds some.
    static func chineseGloss(_ help: String) -> String? {
        var rest = Substring(help)
        while let open = rest.firstIndex(where: { $0 == "(" || $0 == "（" }) {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(where: { $0 == ")" || $0 == "）" }) else { return nil }
            let inner = after[..<close]
            if inner.unicodeScalars.contains(where: isChinese) { return String(inner) }
            rest = after[after.index(after: close)...]
        }
        return nil
    }

    static func isChinese(_ scalar: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(scalar.value) }

    static func role(_ role: Role) -> String {
        switch role {
        case .admin: "系统管理员"
        case .office: "区安委办"
        case .unit: "成员单位"
        case .town: "镇（景区、开发区）"
        case .inspector: "督导组"
        case .enterprise: "生产经营单位"
        }
    }

    /// The Chinese name of a hazard action (`/api/v1/hazards/{id}/actions/<verb>`).
    static let hazardActions: [String: String] = [
        "file-plan": "治理方案备案", "list-for-supervision": "挂牌督办", "report-progress": "报告整改进展", "finish-rectification": "整改完成",
        "submit-assessment": "提交治理效果评估", "apply-review": "申请销号", "review": "销号核查", "reopen": "重新打开", "merge": "合并重复隐患",
        "penalise": "登记行政处罚", "regrade": "重新定级", "extend-deadline": "延期", "transfer": "改派监管部门",
    ]

    /// What each timeline action reads as.
    static func timelineAction(_ code: String) -> String {
        switch code {
        case "register": return "登记"
        case "attach": return "上传附件"
        case "merge-in": return "并入重复隐患"
        case "tipoff-linked": return "关联群众举报"
        case "follow-enterprise": return "随企业登记变更"
        default: return hazardActions[code] ?? code
        }
    }
}
