// `anwei check`: is this database sound? Integrity, foreign keys, the audit chain, the schema
// version, the state of event and webhook deliveries, and the registry's kept JSON forms, each
// with a verdict in words.
import Foundation

/// One line of the check report.
public struct CheckFinding: Sendable {
    public enum Verdict: String, Sendable { case ok, warning, failed }
    public var name: String
    public var verdict: Verdict
    public var detail: String

    public var json: JSON { .object(["check": .string(name), "verdict": .string(verdict.rawValue), "detail": .string(detail)]) }
}

public enum DatabaseCheck {
    /// Runs every check; `failed` findings mean the database needs attention (restore a backup).
    public static func run(_ database: Database, _ migrations: [Migration]) -> [CheckFinding] {
        var findings: [CheckFinding] = []
        func record(_ name: String, _ body: (Connection) throws -> CheckFinding) {
            do {
                findings.append(try database.read(body))
            } catch {
                findings.append(CheckFinding(name: name, verdict: .failed, detail: "could not run: \(error)"))
            }
        }
        record("integrity") { db in
            let problems = try db.integrityCheck()
            return problems == ["ok"]
                ? CheckFinding(name: "integrity", verdict: .ok, detail: "PRAGMA integrity_check: ok")
                : CheckFinding(name: "integrity", verdict: .failed, detail: "\(problems.count) problem(s): \(problems.prefix(5).joined(separator: "; "))")
        }
        record("foreign_keys") { db in
            let rows = try db.query("PRAGMA foreign_key_check")
            if rows.isEmpty { return CheckFinding(name: "foreign_keys", verdict: .ok, detail: "no row refers to a missing row") }
            let tables = Set(rows.map { $0.requiredString("table") }).sorted()
            return CheckFinding(name: "foreign_keys", verdict: .failed, detail: "\(rows.count) row(s) refer to missing rows, in \(tables.joined(separator: ", "))")
        }
        record("audit_chain") { db in
            let result = try AuditLog.verify(db)
            if let broken = result.firstBroken {
                return CheckFinding(name: "audit_chain", verdict: .failed, detail: "broken at record \(broken.id): \(broken.reason)")
            }
            return CheckFinding(name: "audit_chain", verdict: .ok, detail: "\(result.records) record(s), every link verified")
        }
        findings.append(schema(database, migrations))
        record("event_deliveries") { db in
            let failed = try db.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'failed'")
            let pending = try db.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'")
            if failed > 0 {
                return CheckFinding(name: "event_deliveries", verdict: .warning, detail: "\(failed) failed (see 'anwei events deliveries', then 'anwei events retry'); \(pending) pending")
            }
            return CheckFinding(name: "event_deliveries", verdict: .ok, detail: "none failed; \(pending) pending")
        }
        record("webhooks") { db in
            guard try db.queryOne("SELECT 1 FROM sqlite_schema WHERE name = 'kernel_webhooks'") != nil else {
                return CheckFinding(name: "webhooks", verdict: .ok, detail: "no webhook table yet")
            }
            let paused = try db.query("SELECT id FROM kernel_webhooks WHERE status = 'paused'").map { String($0.requiredInt("id")) }
            let pending = try db.scalarInt("SELECT count(*) FROM kernel_webhook_deliveries WHERE status = 'pending'")
            if !paused.isEmpty {
                return CheckFinding(name: "webhooks", verdict: .warning, detail: "paused: \(paused.joined(separator: ", ")) (see 'anwei webhooks list', then 'anwei webhooks resume ID'); \(pending) delivery(ies) pending")
            }
            return CheckFinding(name: "webhooks", verdict: .ok, detail: "none paused; \(pending) delivery(ies) pending")
        }
        record("registry_forms") { db in
            let missing = try RecordStore(RegistrySchemas.all).recordsWithoutForms(db).filter { $0.count > 0 }
            if missing.isEmpty { return CheckFinding(name: "registry_forms", verdict: .ok, detail: "every registry record has its kept JSON form") }
            let counts = missing.map { "\($0.count) \($0.plural)" }.joined(separator: ", ")
            return CheckFinding(name: "registry_forms", verdict: .warning,
                                detail: "\(counts) without a kept JSON form (changed outside Anwei, or not yet made after an upgrade): lists write them from their columns, a little slower; 'anwei migrate' or restarting 'anwei serve' makes them")
        }
        return findings
    }

    static func schema(_ database: Database, _ migrations: [Migration]) -> CheckFinding {
        do {
            try Migrator.checkCompatible(database, migrations)
            let recorded = try Migrator.recordedMigrations(database)
            let pending = migrations.filter { recorded["\($0.module)/\($0.name)"] == nil }.map { "\($0.module)/\($0.name)" }
            if pending.isEmpty { return CheckFinding(name: "schema", verdict: .ok, detail: "\(recorded.count) migration(s), all applied") }
            return CheckFinding(name: "schema", verdict: .warning, detail: "\(pending.count) migration(s) pending: \(pending.prefix(5).joined(separator: ", ")) (run 'anwei migrate')")
        } catch {
            return CheckFinding(name: "schema", verdict: .failed, detail: String(describing: error))
        }
    }
}
