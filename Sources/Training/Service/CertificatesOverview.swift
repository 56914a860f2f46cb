// 待办 from the certificates: those in their review window (待复审) or past it without a review
// (逾期未复审). An enterprise sees each of its own certificates; the office, a supervising unit, a
// town or an inspector sees one item per enterprise in its scope with how many there are, linking
// to that enterprise's certificates — a district's certificates would otherwise fill the page.
import Kernel

struct CertificatesOverview {
    let service: TrainingService

    var source: OverviewSource {
        OverviewSource(id: "training.certificates-due") { db, actor, today in try items(db, actor, today) }
    }

    func items(_ db: Connection, _ actor: Actor, _ today: CalendarDate) throws -> [OverviewItem] {
        let mayBeDue = Self.mayBeDue.condition(today, rules: service.rules)
        var sql = """
            SELECT c.*, p.name AS person_name, e.name AS enterprise_name FROM training_certificates c
            JOIN registry_people p ON p.id = c.person_id JOIN registry_enterprises e ON e.id = c.enterprise_id
            WHERE c.invalid_reason IS NULL AND \(mayBeDue.sql)
            """
        var arguments = mayBeDue.arguments
        if let scope = TrainingScope.enterprises(actor, column: "c.enterprise_id") {
            sql += " AND \(scope.sql)"
            arguments += scope.arguments
        }
        let due = try db.query(sql + " ORDER BY c.enterprise_id, c.id", arguments).compactMap { row -> (Row, CertificateVerdict)? in
            let verdict = service.verdict(row, on: today)
            return verdict.status == .reviewDue || verdict.status == .expired ? (row, verdict) : nil
        }
        if case .enterprise = actor.scope, !actor.isOffice {
            return due.map { row, verdict in
                let late = verdict.status == .expired
                let what = TrainingChecks.words(row).trimmingCharacters(in: .whitespaces)
                return OverviewItem(
                    module: "training", kind: late ? "certificate_expired" : "certificate_review_due",
                    title: late ? "\(what)已逾期未复审" : "\(what)须于\(verdict.checkpoint.iso)前\(verdict.isRenewal ? "换证复审" : "复审")",
                    detail: late ? "复审日期 \(verdict.checkpoint.iso) 已过且未复审；自 \(verdict.invalidFrom.iso) 起证书失效，持证人不得从事该作业。请尽快补审。"
                        : "复审期自 \(verdict.windowOpens.iso) 起，请于 \(verdict.checkpoint.iso) 前向发证机关申请\(verdict.isRenewal ? "换证复审" : "复审")。",
                    since: late ? verdict.checkpoint : verdict.windowOpens,
                    link: "/api/v1/training/certificates/\(row.requiredInt("id"))")
            }
        }
        var byEnterprise: [(id: Int64, name: String, rows: [(Row, CertificateVerdict)])] = []
        for (row, verdict) in due {
            let id = row.requiredInt("enterprise_id")
            if byEnterprise.last?.id == id { byEnterprise[byEnterprise.count - 1].rows.append((row, verdict)) } else {
                byEnterprise.append((id, row.string("enterprise_name") ?? "", [(row, verdict)]))
            }
        }
        return byEnterprise.map { enterprise in
            let late = enterprise.rows.filter { $0.1.status == .expired }.count
            let window = enterprise.rows.count - late
            let earliest = enterprise.rows.map { $0.1.status == .expired ? $0.1.checkpoint : $0.1.windowOpens }.min()
            var parts: [String] = []
            if late > 0 { parts.append("\(late) 张逾期未复审") }
            if window > 0 { parts.append("\(window) 张待复审") }
            return OverviewItem(
                module: "training", kind: "certificates_due",
                title: "\(enterprise.name)：特种作业证书 \(parts.joined(separator: "、"))",
                detail: late > 0 ? "逾期未复审的证书须在宽限期内补审，否则失效，持证人不得从事该作业。请督促企业及时复审。" : "证书已进入复审期，请提醒企业按期申请复审。",
                since: earliest,
                link: "/api/v1/training/certificates?enterprise_id=\(enterprise.id)&status=\(late > 0 ? "expired" : "reviewDue")")
        }
    }
}
