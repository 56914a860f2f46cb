// `anwei tick [--at DATE]`: run every scheduled check once (for cron, and tests with a moved clock).
import CLI
import Foundation
import Kernel

enum TickCommand {
    static func command(_ session: Session) -> Command {
        Command("tick", summary: "run every module's scheduled checks once, then deliver their events and prune what is kept only for a while",
                discussion: "A check that already fired for a threshold never fires again for it, so running tick often is safe. Afterwards it deletes delivered event deliveries and expired idempotency keys as 'anwei prune' does (settings from ANWEI_RETAIN_DELIVERIES_DAYS and ANWEI_RETAIN_IDEMPOTENCY_HOURS). It also merges up to 256 steps of the full-text index's segments, which a running server merges by itself (see Docs/operations.md, Index upkeep).",
                examples: ["anwei tick", "anwei tick --at 2024-03-01"],
                options: [.value("at", "DATE", help: "pretend it is this date (YYYY-MM-DD, Asia/Shanghai) or RFC 3339 time")]) { invocation in
            try withDomainErrors {
                var app = try session.application(invocation)
                if let at = invocation.value("at") {
                    guard let instant = Instant.parse(at) else { throw CommandError.usage("选项 --at 须为日期 YYYY-MM-DD 或 RFC 3339 时间，收到 '\(at.prefix(40))' (--at expects YYYY-MM-DD or an RFC 3339 time)") }
                    app = try Application.open(path: invocation.value("db") ?? "./anwei.db", clock: FixedClock(instant), create: false)
                }
                let results = try app.tick()
                // Then retention, as the server's scheduler does (settings from the environment).
                let pruned = try Retention.prune(app.core, try RetentionSettings.from(ProcessInfo.processInfo.environment))
                let items: [JSON] = results.map { .object(["check": .string($0.check), "published": .int(Int64($0.published))]) }
                if invocation.format == .table {
                    invocation.output.line("ran \(results.count) check(s) at \(Instant.shanghai(app.core.clock.now())); \(results.reduce(0) { $0 + $1.published }) event(s) published")
                    invocation.output.line(PruneCommand.describe(pruned))
                } else {
                    Render.list(items, columns: ["check", "published"], invocation)
                }
            }
        }
    }
}
