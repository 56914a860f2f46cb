// 红橙黄蓝: the risk scale of a consultation — a different scale from task colours (红黄绿灯).
import Foundation

public enum RiskLevel: String, Sendable, CaseIterable {
    /// 红: 重大风险
    case major
    /// 橙: 较大风险
    case large
    /// 黄: 一般风险
    case general
    /// 蓝: 低风险
    case low

    public var colourName: String {
        switch self {
        case .major: return "红"
        case .large: return "橙"
        case .general: return "黄"
        case .low: return "蓝"
        }
    }

    public var chinese: String {
        switch self {
        case .major: return "重大风险"
        case .large: return "较大风险"
        case .general: return "一般风险"
        case .low: return "低风险"
        }
    }

    /// Accepts the code (`major`), the colour (`红`) or the words (`重大风险`, `重大`).
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let level = RiskLevel(rawValue: t.lowercased()) { self = level; return }
        guard let level = RiskLevel.allCases.first(where: { $0.colourName == t || $0.chinese == t || String($0.chinese.dropLast(2)) == t || $0.colourName + "色" == t }) else { return nil }
        self = level
    }
}
