// What one delivery sends: the body in the webhook's format, and its headers (delivery id,
// event type, and the HMAC-SHA256 signature of the exact body bytes).
import Foundation

/// One HTTP POST to a receiver.
public struct WebhookRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
}

public enum WebhookMessage {
    /// `sha256=<hex HMAC-SHA256 of the body with the webhook's secret>`: receivers recompute it.
    public static func signature(secret: String, body: [UInt8]) -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))
    }

    static func request(url: String, format: WebhookFormat, secret: String, deliveryID: Int64, webhookID: Int64, event: Event, now: Date) -> WebhookRequest {
        let body: JSON
        switch format {
        case .json:
            body = .object(["delivery_id": .int(deliveryID), "webhook_id": .int(webhookID), "event": event.json])
        case .wecom, .dingtalk:
            body = .object(["msgtype": "text", "text": .object(["content": .string(text(event))])])
        }
        let bytes = body.bytes
        var target = url
        if format == .dingtalk, secret.hasPrefix("SEC") {
            // DingTalk's 加签: timestamp (ms) and base64(HMAC-SHA256(secret, "timestamp\nsecret")) in the query.
            let timestamp = String(Int64(now.timeIntervalSince1970 * 1000))
            let mac = Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp)\n\(secret)".utf8))
            let sign = Data(mac).base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            target += (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(sign)"
        }
        let headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("User-Agent", "Anwei-Webhooks/1"),
            ("X-Anwei-Delivery", String(deliveryID)),
            ("X-Anwei-Event", event.type),
            ("X-Anwei-Event-Id", String(event.id)),
            ("X-Anwei-Signature", signature(secret: secret, body: bytes)),
        ]
        return WebhookRequest(url: target, headers: headers, body: bytes)
    }

    static let modules: [String: String] = [
        "responsibilities": "责任落实", "supervision": "督导检查", "hazards": "隐患治理", "training": "教育培训",
        "consultations": "风险会商", "registry": "组织机构", "access": "账户", "kernel": "系统",
    ]
    static let verbs: [String: String] = [
        "created": "新建", "updated": "更新", "overdue": "逾期", "closed": "销号", "reported": "上报", "assigned": "交办",
        "completed": "完成", "rejected": "退回", "approved": "通过", "expiring": "即将到期", "expired": "已过期",
        "due_soon": "即将到期", "escalated": "升级", "signed": "签收", "held": "召开", "published": "发布",
        "registered": "登记", "reopened": "重新打开", "listing_proposed": "建议挂牌督办", "review_due": "销号核查将到期", "contested": "提出异议",
    ]

    /// A short Chinese text for robots: module, what happened, when, who, and a few payload fields.
    public static func text(_ event: Event) -> String {
        let parts = event.type.split(separator: ".").map(String.init)
        let module = parts.first.flatMap { modules[$0] } ?? (parts.first ?? "")
        let verb = parts.last.flatMap { verbs[$0] } ?? (parts.last ?? "")
        let payload = try? JSONParser.parse(event.payload)
        // The publisher's own sentence (names, grade, state in Chinese) when it gave one.
        if case .string(let summary)? = payload?["summary"], !summary.isEmpty {
            return ["【安委】\(summary)", "\(module)\(verb)（\(event.type)），事件 #\(event.id)，时间 \(shanghai(event.occurredAt))，操作人 \(event.actor)"]
                .joined(separator: "\n")
        }
        var lines = ["【安委】\(module)\(verb)（\(event.type)）", "事件 #\(event.id)，时间 \(shanghai(event.occurredAt))，操作人 \(event.actor)"]
        if case .object(let members)? = payload {
            let shown = members.compactMap { member -> String? in
                switch member.value {
                case .string(let text): return "\(member.key)：\(text.prefix(60))"
                case .int(let value): return "\(member.key)：\(value)"
                case .bool(let value): return "\(member.key)：\(value ? "是" : "否")"
                default: return nil
                }
            }
            if !shown.isEmpty { lines.append(shown.prefix(5).joined(separator: "；")) }
        }
        return lines.joined(separator: "\n")
    }

    static func shanghai(_ rfc3339: String) -> String {
        guard let date = Instant.parse(rfc3339) else { return rfc3339 }
        return String(Instant.shanghai(date).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
