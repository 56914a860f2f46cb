// `anwei events list|retry|deliver`: the event log and its deliveries.
import CLI
import Kernel

enum EventCommands {
    static func command(_ session: Session) -> Command {
        Command("events", summary: "the event log that connects the modules, and its deliveries", subcommands: [
            Command("list", summary: "list events in order",
                    examples: ["anwei events list --after 120 --type hazards.hazard.overdue --json"],
                    options: KernelRoutes.eventFilters.options + Paging.contract.options) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    try Session.requireSystem(try session.actor(invocation, app.core), "reads the event feed")
                    let paging = try Paging.read(invocation)
                    let filters = try KernelRoutes.eventFilters.values(invocation, nil)
                    let events = try app.core.read { try EventLog.list($0, after: try paging.afterID() ?? 0, type: filters.text("type"), limit: paging.limit) }
                    Render.list(events.map(\.json), columns: ["id", "type", "occurred_at", "actor"], invocation)
                    Render.nextPage(events.count == paging.limit ? events.last.map { String($0.id) } : nil, invocation)
                }
            },
            Command("deliveries", summary: "list deliveries that are pending or failed",
                    options: [.flag("all", help: "include those delivered")]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    try Session.requireSystem(try session.actor(invocation, app.core), "reads the deliveries")
                    let rows = try app.core.read { try EventLog.deliveries($0, includeDone: invocation.flag("all")) }
                    Render.list(rows, columns: ["event_id", "subscriber", "status", "attempts", "next_attempt_at", "last_error"], invocation)
                }
            },
            Command("retry", summary: "retry failed deliveries now (all, or one event's)", examples: ["anwei events retry", "anwei events retry --event 42"],
                    options: [.value("event", "ID", help: "only this event's deliveries")]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    let actor = try session.actor(invocation, app.core)
                    try Session.requireSystem(actor, "retries deliveries")
                    let count = try app.dispatcher.retryFailed(eventID: try invocation.int("event").map(Int64.init), actor: actor)
                    let report = app.dispatcher.deliverDue()
                    Render.done("\(count) delivery(ies) retried: \(report.delivered) delivered, \(report.failed) failed again",
                                .object(["retried": .int(Int64(count)), "delivered": .int(Int64(report.delivered)), "failed": .int(Int64(report.failed))]), invocation)
                }
            },
        ])
    }
}
