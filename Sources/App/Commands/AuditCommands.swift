// `anwei audit verify|list`: the hash-chained audit log.
import CLI
import Kernel

enum AuditCommands {
    static func command(_ session: Session) -> Command {
        Command("audit", summary: "the tamper-evident audit log of every write", subcommands: [
            Command("verify", summary: "check the hash chain; names the first broken record",
                    examples: ["anwei audit verify --db anwei.db"]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    let result = try app.core.read { try AuditLog.verify($0) }
                    if let broken = result.firstBroken {
                        if invocation.format == .json {
                            invocation.output.line(JSON.object(["intact": false, "records": .int(Int64(result.records)), "first_broken_id": .int(broken.id), "reason": .string(broken.reason)]).pretty)
                        }
                        throw CommandError(.failure, "audit chain broken at record \(broken.id): \(broken.reason)")
                    }
                    Render.done("audit chain intact: \(result.records) record(s)", .object(["intact": true, "records": .int(Int64(result.records))]), invocation)
                }
            },
            Command("list", summary: "list audit records, newest first",
                    examples: ["anwei audit list --entity enterprise --entity-id 12", "anwei audit list --actor fgj --since 2024-03-01"],
                    options: [.value("entity", "KIND", help: "e.g. enterprise, unit, hazard"), .value("entity-id", "ID", help: "one record's id"),
                              .value("actor", "USER", help: "who did it"), .value("since", "DATE", help: "on or after (YYYY-MM-DD or RFC 3339)"),
                              .value("until", "DATE", help: "before"), .value("limit", "N", help: "at most N (default 100)")]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    func bound(_ name: String) throws -> String? {
                        guard let text = invocation.value(name) else { return nil }
                        guard let date = Instant.parse(text) else { throw CommandError.usage("--\(name) expects YYYY-MM-DD or an RFC 3339 time, got '\(text)'") }
                        return Instant.utc(date)
                    }
                    let since = try bound("since"), until = try bound("until")
                    let records = try app.core.read {
                        try AuditLog.list($0, entity: invocation.value("entity"), entityID: invocation.value("entity-id"), actor: invocation.value("actor"),
                                          since: since, until: until, before: nil, limit: try invocation.int("limit") ?? 100)
                    }
                    Render.list(records.map(\.json), columns: ["id", "at", "actor", "action", "entity", "entity_id", "summary"], invocation)
                }
            },
        ])
    }
}
