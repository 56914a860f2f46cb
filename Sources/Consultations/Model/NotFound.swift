// "Not found" in this module's words: Chinese first, the English gloss after; the same answer
// whether the record does not exist or lies outside the caller's scope (never a leak).
import Kernel

enum NotFound {
    static func meeting(_ id: Int64) -> DomainError { DomainError(.notFound, "会议 \(id) 不存在或不在您的查看范围内 (no meeting with id \(id))") }
    static func decision(_ id: Int64) -> DomainError { DomainError(.notFound, "决定事项 \(id) 不存在或不在您的查看范围内 (no decision with id \(id))") }
    static func risk(_ id: Int64) -> DomainError { DomainError(.notFound, "研判风险 \(id) 不存在或不在您的查看范围内 (no risk with id \(id))") }
    static func kind(_ id: Int64) -> DomainError { DomainError(.notFound, "会议类型 \(id) 不存在 (no meeting kind with id \(id))") }
}
