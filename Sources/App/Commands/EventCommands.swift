// `anwei events list|retry|deliver`: the event log and its deliveries.
import CLI
import Kernel

enum EventCommands {
    static func command(_ session: Session) -> Command {
        Command("events", summary: "the event log that connects the modules, and its deliveries", subcommands: [
            Command("list", summary: "list events in order",
                    examples: ["anwei events list --after 120 --type hazards.hazard.overdue --json"],
                    options: [.value("after", "ID", help: "only events after this id"), .value("type", "TYPE", help: "only this type (or a prefix like hazards.*)"),
                              .value("limit", "N", help: "at most N (default 100)")]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    let after = try invocation.int("after") ?? 0
                    let limit = try invocation.int("limit") ?? 100
                    let events = try app.core.read { try EventLog.list($0, after: Int64(after), type: invocation.value("type"), limit: limit) }
                    Render.list(events.map(\.json), columns: ["id", "type", "occurred_at", "actor"], invocation)
                }
            },
            Command("deliveries", summary: "list deliveries that are pending or failed",
                    options: [.flag("all", help: "include those delivered")]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    let rows = try app.core.read { try EventLog.deliveries($0, includeDone: invocation.flag("all")) }
                    Render.list(rows, columns: ["event_id", "subscriber", "status", "attempts", "next_attempt_at", "last_error"], invocation)
                }
            },
            Command("retry", summary: "retry failed deliveries now (all, or one event's)", examples: ["anwei events retry", "anwei events retry --event 42"],
                    options: [.value("event", "ID", help: "only this event's deliveries")]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    let actor = try session.actor(invocation, app.core)
                    let count = try app.dispatcher.retryFailed(eventID: try invocation.int("event").map(Int64.init), actor: actor)
                    let report = app.dispatcher.deliverDue()
                    Render.done("\(count) delivery(ies) retried: \(report.delivered) delivered, \(report.failed) failed again",
                                .object(["retried": .int(Int64(count)), "delivered": .int(Int64(report.delivered)), "failed": .int(Int64(report.failed))]), invocation)
                }
            },
        ])
    }
}
