// `Idempotency-Key` on creates: a retried POST with the same key returns the first result.
//
// The key and the response it stores are written in the same transaction as the create itself
// (issue 23): the handler runs inside one enclosing write (`Database.writeEnclosing`), its own
// `core.write` nests there as a savepoint, and the key's row is inserted in that write before it
// is committed. So a create with a key costs one turn on the writer and one commit.
//
// Crash consistency: the create's rows, its audit record, its events and the key's row reach the
// disk in one COMMIT (one fsync of the WAL) or not at all. A crash before that commit leaves
// neither — the client had no answer, retries with its key, and the create runs once. A crash
// after it leaves both — the retry finds the key and gets the stored answer, never a second
// create. (Before, the key was a write of its own after the create's commit: a crash between
// the two left a create without its key, and the retry created the record a second time.)
//
// An answer that holds a secret shown once (`APIRoute.answersSecret`: a token, a webhook's
// signing secret, a sealed draw, a tip-off's receipt key) is never stored: the key's row keeps
// the status and Location only, and no digest of the request (a sign-in's body holds a password).
// A retry with the key is answered 409, naming what was made, and the secret stays shown once.
//
// Two requests with one key at once: both may miss the key on their readers (neither is
// committed), but they take the writer in turn, and the second looks again on the writer
// connection, which sees the first's row even before the group commits. It answers with the
// first's stored response, and like any write only once the group holding the first is on disk.
import Foundation
import HTTP

enum Idempotency {
    static func run(key: String, actor: Actor, request: Request, core: Core, answersSecret: Bool = false,
                    _ body: () throws -> Response) throws -> Response {
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw DomainError(.badRequest, "Idempotency-Key 须为 1 到 200 个可见 ASCII 字符 (Idempotency-Key must be 1–200 visible ASCII characters)")
        }
        let digest = answersSecret ? secretAnswer : Crypto.sha256Hex(Array((request.method + " " + request.path + "\n").utf8) + request.body)
        // A key already committed is answered from a reader, without a turn on the writer.
        if let stored = try core.read({ try find(key, actor, $0) }) { return try replay(stored, key: key, digest: digest, path: request.path) }
        return try core.database.writeEnclosing { db in
            // Another request with this key may have taken the writer since the read above.
            if let stored = try find(key, actor, db) { return try replay(stored, key: key, digest: digest, path: request.path) }
            let response = try body()
            // A refused or failed create stores no key: the client may retry it with the same key.
            if (200..<300).contains(response.status) {
                try db.execute("""
                    INSERT INTO kernel_idempotency_keys (key, actor, method, path, request_digest, status, location, body, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [key, actor.username, request.method, request.path, digest, response.status, response.headers["Location"], answersSecret ? [] : response.body,
                          Instant.utc(core.clock.now())])
            }
            return response
        }
    }

    private static func find(_ key: String, _ actor: Actor, _ db: Connection) throws -> Row? {
        try db.queryOne("SELECT path, request_digest, status, location, body FROM kernel_idempotency_keys WHERE key = ? AND actor = ?", [key, actor.username])
    }

    /// What a key's row holds instead of the request's digest when the answer held a secret.
    private static let secretAnswer = "secret-answer-not-kept"

    /// The stored response of the first request with this key, marked as replayed; or, for an
    /// answer that held a secret, a 409 saying it was made (and where), without the secret.
    private static func replay(_ stored: Row, key: String, digest: String, path: String) throws -> Response {
        // The secret answers' rows share one digest: the path tells one route's from another's.
        guard stored.requiredString("request_digest") == digest, stored.string("path") == path else {
            throw DomainError(.validation, "Idempotency-Key \(key) 已用于另一个不同的请求 (Idempotency-Key \(key) was already used for a different request)")
        }
        if digest == secretAnswer {
            let location = stored.string("location")
            throw DomainError(.conflict, "Idempotency-Key \(key) 的请求已经处理\(location.map { "（\($0)）" } ?? "")；其回答含只显示一次的密钥，不再重发 (this request was already done\(location.map { ": \($0)" } ?? ""); its answer held a secret shown once and is not sent again)",
                              headers: location.map { [("Location", $0)] } ?? [])
        }
        var response = Response(status: Int(stored.requiredInt("status")), contentType: "application/json; charset=utf-8", body: stored.blob("body") ?? [])
        if let location = stored.string("location") { response.headers.set("Location", location) }
        response.headers.set("Idempotent-Replayed", "true")
        return response
    }
}
