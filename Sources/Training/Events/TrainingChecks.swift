// Scheduled checks: certificate reminders at 90/60/30/7 days before a review or expiry date (once
// each), the expired and invalid events (once each), and the enterprises' training colours.
import Kernel

enum TrainingChecks {
    static let reminderCheck = "training.certificate-reminders"

    static func all(_ service: TrainingService) -> [ScheduledCheck] {
        [
            ScheduledCheck(id: reminderCheck, summary: "certificate reviews and expiry: reminders at \(service.rules.reminderDays.map(String.init).joined(separator: "/")) days, expired, invalid") { core in
                try core.write(.system("training")) { tx in try certificates(service, tx) }
            },
            ScheduledCheck(id: "training.compliance-colours", summary: "enterprises whose principal person, safety manager or special operators lack valid training turn red") { core in
                try core.write(.system("training")) { tx in try service.refreshColours(enterprises: nil, year: tx.today.year, tx) }
            },
        ]
    }

    /// Publishes what is due for every certificate not already finally invalid; returns the count.
    static func certificates(_ service: TrainingService, _ tx: WriteTransaction) throws -> Int {
        var published = 0, changed = false
        let rows = try tx.db.query("""
            SELECT c.*, p.name AS person_name, e.name AS enterprise_name FROM training_certificates c
            JOIN registry_people p ON p.id = c.person_id JOIN registry_enterprises e ON e.id = c.enterprise_id ORDER BY c.id
            """)
        let thresholds = service.rules.reminderDays.sorted()
        // What this check already fired, read once (issue 23: at ten years every run tried to mark
        // again each of ~14,000 expired certificates, one INSERT OR IGNORE each): a threshold in it
        // is one `fireOnce` would refuse; the others still go through `fireOnce`.
        let alreadyFired = try tx.firedThresholds(check: reminderCheck)
        func fireOnce(_ subject: String, _ threshold: String) throws -> Bool {
            if alreadyFired.contains(subject: subject, threshold: threshold) { return false }
            return try tx.fireOnce(check: reminderCheck, subject: subject, threshold: threshold)
        }
        for row in rows {
            let v = service.verdict(row, on: tx.today)
            let id = row.requiredInt("id")
            let subject = "certificate:\(id):\(v.checkpoint.iso)"
            let person = row.requiredInt("person_id"), enterprise = row.requiredInt("enterprise_id")
            switch v.status {
            case .valid, .reviewDue:
                // Mark every threshold reached; publish only the nearest (no burst of stale reminders).
                let reached = thresholds.filter { v.daysLeft <= $0 && v.daysLeft >= 0 }
                var fired: [Int] = []
                for days in reached where try fireOnce(subject, "\(days)d") { fired.append(days); changed = true }
                if !fired.isEmpty {
                    try tx.publish(CertificateExpiring(certificateId: id, personId: person, enterpriseId: enterprise,
                                                       kind: v.isRenewal ? "expiry" : "review", date: v.checkpoint, daysLeft: v.daysLeft),
                                   summary: "\(words(row))将于\(v.checkpoint.iso)\(v.isRenewal ? "到期换证" : "复审")，还有\(v.daysLeft)天，请在此前申请")
                    published += 1
                }
            case .expired:
                if try fireOnce(subject, "expired") {
                    try tx.publish(CertificateExpired(certificateId: id, personId: person, enterpriseId: enterprise, date: v.checkpoint, status: "expired"),
                                   summary: "\(words(row))已于\(v.checkpoint.iso)逾期未复审，须在宽限期内补审，否则失效")
                    published += 1
                }
            case .invalid:
                let invalidSubject = "certificate:\(id)"
                if try fireOnce(invalidSubject, "invalid") {
                    try tx.publish(CertificateExpired(certificateId: id, personId: person, enterpriseId: enterprise,
                                                      date: row.string("invalid_reason") == nil ? v.invalidFrom : tx.today, status: "invalid"),
                                   summary: "\(words(row))已失效，持证人不得从事该作业")
                    published += 1
                }
            }
        }
        if published > 0 || changed {
            try tx.audit(action: "training.certificates.check", entity: "training_certificate", entityID: "*",
                         summary: "certificate check on \(tx.today.iso): \(published) event(s) published")
        }
        return published
    }

    /// "某公司 张三的特种作业操作证（焊接与热切割作业，编号T-1）": who, where and which certificate, in words.
    static func words(_ row: Row) -> String {
        let type = row.string("type") == "specialEquipment" ? "特种设备作业人员证" : "特种作业操作证"
        let category = SpecialOperationCategory.label(row.requiredString("category")) ?? row.requiredString("category")
        return "\(row.string("enterprise_name") ?? "") \(row.string("person_name") ?? "")的\(type)（\(category)，编号\(row.string("number") ?? "")）"
    }
}
