// `Idempotency-Key` on creates: a retried POST with the same key returns the first result.
import Foundation
import HTTP

enum Idempotency {
    static func run(key: String, actor: Actor, request: Request, core: Core, _ body: () throws -> Response) throws -> Response {
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw DomainError(.badRequest, "Idempotency-Key must be 1–200 visible ASCII characters")
        }
        let digest = Crypto.sha256Hex(Array((request.method + " " + request.path + "\n").utf8) + request.body)
        if let stored = try core.read({ db in
            try db.queryOne("SELECT * FROM kernel_idempotency_keys WHERE key = ? AND actor = ?", [key, actor.username])
        }) {
            guard stored.requiredString("request_digest") == digest else {
                throw DomainError(.validation, "Idempotency-Key \(key) was already used for a different request")
            }
            var response = Response(status: Int(stored.requiredInt("status")), contentType: "application/json; charset=utf-8", body: stored.blob("body") ?? [])
            if let location = stored.string("location") { response.headers.set("Location", location) }
            response.headers.set("Idempotent-Replayed", "true")
            return response
        }
        let response = try body()
        if (200..<300).contains(response.status) {
            let now = Instant.utc(core.clock.now())
            try core.database.write { db -> Void in
                try db.execute("""
                    INSERT OR IGNORE INTO kernel_idempotency_keys (key, actor, method, path, request_digest, status, location, body, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [key, actor.username, request.method, request.path, digest, response.status, response.headers["Location"], response.body, now])
            }
        }
        return response
    }
}
