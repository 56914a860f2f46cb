import App
import Foundation
import HTTP
import Kernel
import TestSupport
import XCTest

/// A receiver on loopback (the HTTP module's server) that records what it is sent and answers
/// with the statuses it is told to, in turn (then 204).
final class LoopbackReceiver: @unchecked Sendable {
    struct Received {
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var json: JSON { (try? JSONParser.parse(body)) ?? .null }
    }
    let received = Locked<[Received]>([])
    let statuses = Locked<[Int]>([])
    let server: HTTPServer
    let port: Int
    var url: String { "http://127.0.0.1:\(port)/hooks/anwei" }

    init() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let received = self.received, statuses = self.statuses
        server = HTTPServer(configuration: configuration, handler: { request in
            var headers: [String: String] = [:]
            for name in ["X-Anwei-Delivery", "X-Anwei-Event", "X-Anwei-Event-Id", "X-Anwei-Signature", "Content-Type"] {
                headers[name] = request.headers[name]
            }
            received.withLock { $0.append(Received(path: request.path, headers: headers, body: request.body)) }
            let status = statuses.withLock { $0.isEmpty ? 204 : $0.removeFirst() }
            return Response(status: status)
        }, log: { _ in })
        port = try server.start()
    }

    var eventIDs: [Int64] { received.current.compactMap { $0.json["event"]?["id"]?.intValue } }

    deinit { server.stop() }
}

final class WebhookTests: XCTestCase {
    /// Publishes an event of `type` (audited, like any write).
    @discardableResult
    func publish(_ test: TestApplication, _ type: String, _ payload: JSON = .object(["hazard_id": 7, "title": "有限空间作业未审批"])) throws -> Int64 {
        try test.core.write(.localAdministrator) { tx in
            let id = try tx.publish(type: type, payload: payload.serialized)
            try tx.audit(action: "test.publish", entity: "event", entityID: String(id), summary: "published \(type)")
            return id
        }
    }

    func testDeliveriesAreSignedCarryTheirIdAndFollowEventOrder() throws {
        let test = try TestApplication()
        let receiver = try LoopbackReceiver()
        let made = try Webhooks.add(test.core, .localAdministrator, url: receiver.url, events: "hazards.*, responsibilities.task.overdue",
                                    secret: "s3cret-for-tests", format: nil)
        XCTAssertEqual(made.secret, "s3cret-for-tests")
        var expected: [Int64] = []
        expected.append(try publish(test, "hazards.hazard.reported"))
        try publish(test, "training.certificate.expiring")
        expected.append(try publish(test, "responsibilities.task.overdue"))
        expected.append(try publish(test, "hazards.hazard.closed"))
        try publish(test, "responsibilities.task.completed")

        let round = WebhookSender(core: test.core).runOnce()
        XCTAssertEqual(round.delivered, 3)
        XCTAssertEqual(receiver.eventIDs, expected, "only matching events, in event order")
        for request in receiver.received.current {
            XCTAssertEqual(request.path, "/hooks/anwei")
            XCTAssertEqual(request.headers["X-Anwei-Signature"],
                           "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array("s3cret-for-tests".utf8), message: request.body)))
            XCTAssertEqual(request.headers["X-Anwei-Delivery"], request.json["delivery_id"]?.intValue.map(String.init))
            XCTAssertEqual(request.headers["X-Anwei-Event"], request.json["event"]?["type"]?.stringValue)
            XCTAssertEqual(request.json["event"]?["payload"]?["title"]?.stringValue, "有限空间作业未审批")
        }
        XCTAssertEqual(Set(receiver.received.current.compactMap { $0.headers["X-Anwei-Delivery"] }).count, 3, "each delivery has its own id")
        // Nothing more to send: the queue is empty and no event is sent twice.
        XCTAssertEqual(WebhookSender(core: test.core).runOnce(), WebhookRound())
        XCTAssertEqual(receiver.received.current.count, 3)
    }

    func testA500IsRetriedWithBackoffAndLaterEventsWaitTheirTurn() throws {
        let test = try TestApplication()
        let receiver = try LoopbackReceiver()
        receiver.statuses.withLock { $0 = [500] }
        _ = try Webhooks.add(test.core, .localAdministrator, url: receiver.url, events: "hazards.*", secret: nil, format: "json")
        let events = [try publish(test, "hazards.hazard.reported"), try publish(test, "hazards.hazard.assigned"), try publish(test, "hazards.hazard.closed")]
        let sender = WebhookSender(core: test.core)

        var round = sender.runOnce()
        XCTAssertEqual(round.failed, 1)
        XCTAssertEqual(round.delivered, 0)
        XCTAssertEqual(receiver.eventIDs, [events[0]], "the later events wait behind the failed one")
        let failed = try test.core.read { try Webhooks.deliveries($0, webhook: nil, status: "pending", before: nil, limit: 10) }
        let first = try XCTUnwrap(failed.last)
        XCTAssertEqual(first["attempts"]?.intValue, 1)
        XCTAssertEqual(first["last_status"]?.intValue, 500)
        XCTAssertEqual(first["next_attempt_at"]?.stringValue, Instant.utc(test.clock.now().addingTimeInterval(10)))

        XCTAssertEqual(sender.runOnce(), WebhookRound(), "not retried before its backoff ends")
        test.clock.advance(seconds: 11)
        round = sender.runOnce()
        XCTAssertEqual(round.delivered, 3)
        XCTAssertEqual(receiver.eventIDs, [events[0], events[0], events[1], events[2]], "retried, then the rest in order")
        let log = try test.core.read { try Webhooks.deliveries($0, webhook: nil, status: "delivered", before: nil, limit: 10) }
        XCTAssertEqual(log.count, 3)
        XCTAssertEqual(log.last?["attempts"]?.intValue, 2)
        XCTAssertEqual(WebhookSender.backoff(afterAttempts: 1), 10)
        XCTAssertEqual(WebhookSender.backoff(afterAttempts: 3), 40)
        XCTAssertEqual(WebhookSender.backoff(afterAttempts: 20), 3600)
    }

    func testOrderingHoldsPerSubscriptionWhileAnotherReceiverFails() throws {
        let test = try TestApplication()
        let good = try LoopbackReceiver(), bad = try LoopbackReceiver()
        bad.statuses.withLock { $0 = Array(repeating: 503, count: 100) }
        _ = try Webhooks.add(test.core, .localAdministrator, url: good.url, events: "*", secret: nil, format: nil)
        _ = try Webhooks.add(test.core, .localAdministrator, url: bad.url, events: "*", secret: nil, format: nil)
        var ids: [Int64] = []
        for index in 0..<20 { ids.append(try publish(test, "hazards.hazard.item\(index)")) }
        let round = WebhookSender(core: test.core).runOnce()
        XCTAssertEqual(good.eventIDs, ids, "the healthy receiver gets every event, in order")
        XCTAssertEqual(bad.eventIDs, [ids[0]], "the failing one holds its own queue only")
        XCTAssertEqual(round.delivered, 20)
        XCTAssertEqual(round.failed, 1)
    }

    func testADeadReceiverIsPausedAfterADayAndResumesWhereItStopped() throws {
        let test = try TestApplication()
        let receiver = try LoopbackReceiver()
        receiver.statuses.withLock { $0 = Array(repeating: 502, count: 1000) }
        let made = try Webhooks.add(test.core, .localAdministrator, url: receiver.url, events: "hazards.*", secret: nil, format: nil)
        let id = try XCTUnwrap(made.webhook["id"]?.intValue)
        let event = try publish(test, "hazards.hazard.overdue")
        let sender = WebhookSender(core: test.core)
        var paused = 0
        for _ in 0..<30 where paused == 0 {
            paused += sender.runOnce().paused
            test.clock.advance(seconds: 3601)
        }
        XCTAssertEqual(paused, 1)
        let webhook = try test.core.read { try Webhooks.find(id, $0) }
        XCTAssertEqual(webhook["status"]?.stringValue, "paused")
        XCTAssertTrue(webhook["paused_reason"]?.stringValue?.contains("circuit opened") ?? false)
        let attempts = receiver.received.current.count
        XCTAssertEqual(sender.runOnce(), WebhookRound(), "a paused webhook is not sent to")
        XCTAssertEqual(receiver.received.current.count, attempts)

        receiver.statuses.withLock { $0 = [] }
        let list = test.cli(["webhooks", "list"])
        XCTAssertTrue(list.out.contains("paused"), list.out)
        let resumed = test.cli(["webhooks", "resume", String(id)])
        XCTAssertEqual(resumed.code, 0, resumed.err)
        XCTAssertEqual(sender.runOnce().delivered, 1)
        XCTAssertEqual(receiver.eventIDs.last, event, "the event that waited is delivered after the resume")
    }

    func testCommandsAddListDeliveriesAndRedeliverWithoutShowingTheSecret() throws {
        let test = try TestApplication()
        let receiver = try LoopbackReceiver()
        let add = test.cli(["webhooks", "add", "--url", receiver.url, "--events", "hazards.*,responsibilities.task.overdue", "--secret", "cli-secret-123"])
        XCTAssertEqual(add.code, 0, add.err)
        XCTAssertTrue(add.out.contains("cli-secret-123"), "the secret is shown once, at creation")
        for arguments in [["webhooks", "list"], ["webhooks", "list", "--json"], ["webhooks", "show", "1", "--json"]] {
            let result = test.cli(arguments)
            XCTAssertEqual(result.code, 0, result.err)
            XCTAssertFalse(result.out.contains("cli-secret-123"), "\(arguments) must not print the secret")
        }
        let event = try publish(test, "responsibilities.task.overdue", .object(["task_id": 3]))
        XCTAssertEqual(test.cli(["webhooks", "send"]).out.trimmingCharacters(in: .whitespacesAndNewlines), "1 delivered, 0 failed")
        let deliveries = test.cli(["webhooks", "deliveries", "--json"])
        let items = try JSONParser.parse(deliveries.out).arrayValue ?? []
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items.first?["status"]?.stringValue, "delivered")
        let deliveryID = try XCTUnwrap(items.first?["id"]?.intValue)
        let again = test.cli(["webhooks", "redeliver", String(deliveryID)])
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(test.cli(["webhooks", "send"]).code, 0)
        XCTAssertEqual(receiver.eventIDs, [event, event], "redelivered on demand")
        let ids = receiver.received.current.compactMap { $0.headers["X-Anwei-Delivery"] }
        XCTAssertEqual(ids.count, 2)
        XCTAssertNotEqual(ids[0], ids[1], "a redelivery has a new delivery id")

        // The declared field's rule first (a format that is not one of the codes), then the rules
        // a schema cannot state (a URL's scheme, an event pattern), each naming its field.
        let badFormat = test.cli(["webhooks", "add", "--url", "ftp://x", "--events", "hazards.**", "--format", "telegram"])
        XCTAssertEqual(badFormat.code, 5)
        XCTAssertTrue(badFormat.err.contains("format"), badFormat.err)
        let bad = test.cli(["webhooks", "add", "--url", "ftp://x", "--events", "hazards.**"])
        XCTAssertEqual(bad.code, 5)
        for field in ["url", "events"] { XCTAssertTrue(bad.err.contains(field), "names \(field): \(bad.err)") }
        XCTAssertEqual(test.cli(["webhooks", "redeliver", "999"]).code, 3)
        XCTAssertEqual(test.cli(["webhooks", "remove", "1"]).code, 0)
        XCTAssertEqual(test.cli(["webhooks", "show", "1"]).code, 3)
    }

    func testRobotFormatsSendAShortChineseText() throws {
        let test = try TestApplication()
        let receiver = try LoopbackReceiver()
        _ = try Webhooks.add(test.core, .localAdministrator, url: receiver.url + "?key=robot-key", events: "hazards.*", secret: nil, format: "wecom")
        _ = try Webhooks.add(test.core, .localAdministrator, url: receiver.url, events: "hazards.*", secret: "SECdingtalk-secret", format: "dingtalk")
        try publish(test, "hazards.hazard.overdue", .object(["hazard_id": 12, "title": "消防通道堵塞"]))
        XCTAssertEqual(WebhookSender(core: test.core).runOnce().delivered, 2)
        let bodies = receiver.received.current.map(\.json)
        XCTAssertEqual(bodies.count, 2)
        for body in bodies {
            XCTAssertEqual(body["msgtype"]?.stringValue, "text")
            let content = body["text"]?["content"]?.stringValue ?? ""
            XCTAssertTrue(content.hasPrefix("【安委】隐患治理逾期"), content)  // hazards of every grade, not only 重大 (#20 item 4)
            XCTAssertTrue(content.contains("消防通道堵塞"), content)
        }
        let list = test.cli(["webhooks", "list", "--json"])
        XCTAssertFalse(list.out.contains("robot-key"), "a robot's key in the url is not listed")
    }

    func testAPublishersSummaryIsTheRobotsHeadlineAndStaysInThePayload() throws {
        let test = try TestApplication()
        let receiver = try LoopbackReceiver()
        _ = try Webhooks.add(test.core, .localAdministrator, url: receiver.url, events: "supervision.*", secret: nil, format: "wecom")
        let summary = "挂牌督办：东城镇某化工厂重大事故隐患 ZD-2024-003，请于2024年8月1日前整改"
        let id = try test.core.write(.localAdministrator) { tx in
            let id = try tx.publish(InstrumentIssued(instrumentId: 4, kind: "listedSupervision", number: "区安委办督〔2024〕4号", targetKind: "unit",
                                                     targetId: 9, reason: "逾期", followUpDeadline: nil, hazardId: 3), summary: summary)
            try tx.audit(action: "test.publish", entity: "event", entityID: String(id), summary: "published")
            return id
        }
        let payload = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE id = ?", [id]) }?.string("payload"))
        let json = try JSONParser.parse(payload)
        XCTAssertEqual(json["summary"]?.stringValue, summary)
        XCTAssertEqual(json["hazard_id"]?.intValue, 3)
        XCTAssertEqual(json["instrument_id"]?.intValue, 4, "the contract's own fields are kept beside the summary")
        XCTAssertEqual(WebhookSender(core: test.core).runOnce().delivered, 1)
        let content = receiver.received.current.first?.json["text"]?["content"]?.stringValue ?? ""
        XCTAssertTrue(content.hasPrefix("【安委】" + summary), content)
        XCTAssertTrue(content.contains("supervision.instrument.issued"), "the stable code stays beside it: \(content)")
    }

    func testAdminsManageWebhooksOverHTTPAndTheServerSendsThem() throws {
        let test = try TestApplication(demo: true)
        let receiver = try LoopbackReceiver()
        let server = try TestServer(test, tickInterval: 3600)
        defer { server.server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let created = try admin.post("/api/v1/webhooks", .object(["url": .string(receiver.url), "events": .array(["registry.*"])]))
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertTrue(created.header("Location")?.hasPrefix("/api/v1/webhooks/") ?? false)
        let secret = try XCTUnwrap(created.json["secret"]?.stringValue)
        let list = try admin.get("/api/v1/webhooks")
        XCTAssertEqual(list.status, 200)
        XCTAssertEqual(list.json["items"]?.arrayValue?.count, 1)
        XCTAssertFalse(list.text.contains(secret))
        XCTAssertEqual(try server.client(token: try test.token(for: "fgj")).get("/api/v1/webhooks").status, 403)
        let invalid = try admin.post("/api/v1/webhooks", .object(["url": "not a url", "events": "x.*", "colour": "red"]))
        XCTAssertEqual(invalid.status, 422)
        XCTAssertTrue(invalid.text.contains("colour"))

        // A registry change publishes an event; the server's sender delivers it.
        let enterprise = try XCTUnwrap(try admin.get("/api/v1/org/enterprises?limit=1").json["items"]?.arrayValue?.first?["id"]?.intValue)
        XCTAssertEqual(try admin.patch("/api/v1/org/enterprises/\(enterprise)", .object(["address": "东城镇工业路 8 号"])).status, 200)
        for _ in 0..<200 where receiver.received.current.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(receiver.received.current.first?.json["event"]?["type"]?.stringValue, "registry.enterprise.changed")
        // The receiver may have the post a moment before the sender records it as delivered.
        var deliveries = try admin.get("/api/v1/webhooks/deliveries?status=delivered")
        for _ in 0..<200 where deliveries.json["items"]?.arrayValue?.isEmpty ?? true {
            Thread.sleep(forTimeInterval: 0.05)
            deliveries = try admin.get("/api/v1/webhooks/deliveries?status=delivered")
        }
        XCTAssertEqual(deliveries.json["items"]?.arrayValue?.count, 1, deliveries.text)
        for _ in 0..<400 where !server.log.current.contains(where: { $0.hasPrefix("scheduler: ran") }) { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(server.log.current.contains { $0.hasPrefix("scheduler: ran") }, "the server runs the scheduled checks at start: \(server.log.current.suffix(5))")
        let id = try XCTUnwrap(created.json["id"]?.intValue)
        XCTAssertEqual(try admin.post("/api/v1/webhooks/\(id)/actions/pause", .object([:])).json["status"]?.stringValue, "paused")
        XCTAssertEqual(try admin.send("DELETE", "/api/v1/webhooks/\(id)").status, 204)
        XCTAssertEqual(try admin.get("/api/v1/webhooks/\(id)").status, 404)
    }

    func testAnInvalidWebhookIsRefusedInChineseNamingItsFields() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test, tickInterval: 3600)
        defer { server.server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        func chinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

        // A format that is not one of the codes, and no events.
        let refused = try admin.post("/api/v1/webhooks", .object(["url": "https://example.invalid/hook", "events": .array([]), "format": "telegram"]))
        XCTAssertEqual(refused.status, 422, refused.text)
        let detail = try XCTUnwrap(refused.json["detail"]?.stringValue)
        XCTAssertTrue(chinese(detail), detail)
        for field in ["format", "events"] { XCTAssertTrue(detail.contains(field), "names \(field): \(detail)") }
        for error in refused.json["errors"]?.arrayValue ?? [] {
            XCTAssertTrue(chinese(error["message"]?.stringValue ?? ""), "\(error)")
        }

        // The rules a schema cannot state: the webhook's own, in Chinese with the English gloss.
        let url = try admin.post("/api/v1/webhooks", .object(["url": "ftp://example.invalid/hook", "events": .array(["hazards.**"]), "secret": "short"]))
        XCTAssertEqual(url.status, 422, url.text)
        let messages = (url.json["errors"]?.arrayValue ?? []).compactMap { $0["message"]?.stringValue }
        XCTAssertTrue(messages.contains("url 须以 http:// 或 https:// 开头，收到 'ftp://example.invalid/hook' (the url must start with http:// or https://)"), "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("events 中的 'hazards.**' 不是事件类型或模式") }, "\(messages)")
        XCTAssertTrue(messages.contains("secret 须为 8 到 200 个字符 (a secret has 8 to 200 characters)"), "\(messages)")
        XCTAssertTrue(url.json["detail"]?.stringValue?.hasPrefix("3 个字段有误 (3 fields are invalid): url 须以 http://") ?? false, url.text)
        // An address that is not one (a space, an unclosed bracket) or a port past 65535: said so, not "must start with http://".
        for (given, expected) in [("http://a b/", "url 不是有效的网址：'http://a b/'"), ("http://[::1", "url 不是有效的网址：'http://[::1'"),
                                  ("http://127.0.0.1:99999/", "url 的端口 99999 无效，须在 1 到 65535 之间 (the port must be 1–65535)")] {
            let wrong = try admin.post("/api/v1/webhooks", .object(["url": .string(given), "events": .array(["*"])]))
            XCTAssertEqual(wrong.status, 422, wrong.text)
            let message = wrong.json["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
            XCTAssertTrue(message.hasPrefix(expected), "\(given): \(message)")
        }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_webhooks") }, 0, "nothing refused was kept")
        let status = try admin.get("/api/v1/webhooks/deliveries?status=lost")
        XCTAssertEqual(status.status, 422, status.text)
        XCTAssertTrue(status.json["detail"]?.stringValue?.contains("status 须为") ?? false, status.text)
    }
}
