// What Supervision consumes from other modules (facts for the assessment and the ladder), and its
// scheduled checks beyond the coverage one.
import Kernel

enum SupervisionEvents {
    static var subscriptions: [Subscription] { FactRecorder.subscriptions + LineWithdrawals.subscriptions }
    static var laterChecks: [ScheduledCheck] {
        [ScheduledCheck(id: "supervision.escalation", summary: "escalation rules propose the next instrument (never applied silently)") { core in
            try core.write(.system("supervision")) { tx in try Escalation.evaluateAll(tx) }
        }]
    }
}
