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
        let rows = try tx.db.query("SELECT * FROM training_certificates ORDER BY id")
        let thresholds = service.rules.reminderDays.sorted()
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
                for days in reached where try tx.fireOnce(check: reminderCheck, subject: subject, threshold: "\(days)d") { fired.append(days); changed = true }
                if !fired.isEmpty {
                    try tx.publish(CertificateExpiring(certificateId: id, personId: person, enterpriseId: enterprise,
                                                       kind: v.isRenewal ? "expiry" : "review", date: v.checkpoint, daysLeft: v.daysLeft))
                    published += 1
                }
            case .expired:
                if try tx.fireOnce(check: reminderCheck, subject: subject, threshold: "expired") {
                    try tx.publish(CertificateExpired(certificateId: id, personId: person, enterpriseId: enterprise, date: v.checkpoint, status: "expired"))
                    published += 1
                }
            case .invalid:
                let invalidSubject = "certificate:\(id)"
                if try tx.fireOnce(check: reminderCheck, subject: invalidSubject, threshold: "invalid") {
                    try tx.publish(CertificateExpired(certificateId: id, personId: person, enterpriseId: enterprise,
                                                      date: row.string("invalid_reason") == nil ? v.invalidFrom : tx.today, status: "invalid"))
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
}
