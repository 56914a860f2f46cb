// What Supervision consumes from other modules (facts for the assessment and the ladder).
import Kernel

enum SupervisionEvents {
    static var subscriptions: [Subscription] { [] }
    static var laterChecks: [ScheduledCheck] { [] }
}
