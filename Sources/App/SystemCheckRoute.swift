// `GET /api/v1/system/check`: `anwei check`'s report over HTTP for administrators (the System
// page shows it). The same checks the command runs (`DatabaseCheck.run` with every module's
// migrations), on the server's own database; it only reads.
import HTTP
import Kernel

enum SystemCheckRoute {
    static let findingFields: [FieldSpec] = [
        FieldSpec("check", type: .text(maxLength: 40), required: true, help: "which check: integrity, foreign_keys, audit_chain, schema, event_deliveries, webhooks, registry_forms"),
        FieldSpec("verdict", type: .choice([("ok", "正常"), ("warning", "注意"), ("failed", "失败")]), required: true, help: "ok, warning or failed"),
        FieldSpec("detail", type: .text(maxLength: 2000), required: true, help: "what was found, in words"),
    ]

    static func route(_ app: Application) -> APIRoute {
        APIRoute("GET", "/api/v1/system/check", summary: "Check the database as `anwei check` does: integrity, foreign keys, audit chain, schema, deliveries",
                 tag: "operations", access: .adminOnly,
                 reply: .object([
                    FieldSpec("passed", type: .boolean, required: true, help: "true when no check failed (warnings included)"),
                    FieldSpec("failed", type: .integer(range: 0...100), required: true, help: "how many checks failed"),
                    FieldSpec("findings", type: .list(.object(findingFields), maxItems: 100), required: true, help: "one line per check, in the command's order"),
                 ])) { _ in
            let findings = DatabaseCheck.run(app.core.database, Application.allMigrations)
            let failed = findings.filter { $0.verdict == .failed }.count
            var response = APIResponse.json(.object(["passed": .bool(failed == 0), "failed": .int(Int64(failed)), "findings": .array(findings.map(\.json))]))
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }
}
