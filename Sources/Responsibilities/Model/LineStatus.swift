// The states of a ledger line and the actions between them:
// 待签收 assigned → 签收 signed → 进展 inProgress → 报完成 reported → 办结 closed (or 退回 → inProgress).
import Kernel

enum LineStatus: String, Sendable, CaseIterable {
    case assigned, signed, inProgress, reported, closed

    var chinese: String {
        switch self {
        case .assigned: return "待签收"
        case .signed: return "已签收"
        case .inProgress: return "进行中"
        case .reported: return "已报完成"
        case .closed: return "已办结"
        }
    }

    var allowedActions: [LineAction] {
        switch self {
        case .assigned: return [.sign]
        case .signed, .inProgress: return [.progress, .complete]
        case .reported: return [.verify, .return]
        case .closed: return []
        }
    }
}

enum LineAction: String, Sendable, CaseIterable {
    case sign, progress, complete, verify, `return`

    var chinese: String {
        switch self {
        case .sign: return "签收"
        case .progress: return "报送进展"
        case .complete: return "报送完成"
        case .verify: return "办结"
        case .return: return "退回"
        }
    }

    func next(_ status: LineStatus) -> LineStatus {
        switch self {
        case .sign: return .signed
        case .progress: return .inProgress
        case .complete: return .reported
        case .verify: return .closed
        case .return: return .inProgress
        }
    }
}

/// A line's state on a given day, replayed from its history (so a past day shows what was known then).
struct LineState: Sendable {
    var status: LineStatus = .assigned
    var progress: Int?
    var completedOn: CalendarDate?
    var closed = false

    init(events: [LineEvent], asOf day: CalendarDate) {
        for event in events where event.onDate <= day {
            guard let action = LineAction(rawValue: event.action) else { continue }
            status = action.next(status)
            switch action {
            case .progress: progress = event.percent ?? progress
            case .complete: completedOn = event.onDate; progress = 100
            case .return: completedOn = nil; closed = false
            case .verify: closed = true
            case .sign: break
            }
        }
    }

    var completed: Bool { completedOn != nil }
}

/// The colour of a line on a day, by the configured rules, with its reason.
enum LineColour {
    static func verdict(start: CalendarDate, due: CalendarDate, state: LineState, on day: CalendarDate, rules: ColourRules) -> ColourVerdict {
        if let done = state.completedOn {
            var reason = "completed \(done.iso)" + (state.closed ? ", verified (办结)" : ", awaiting verification (待办结)")
            if done > due { reason += "; late: due \(due.iso)" }
            return ColourVerdict(.green, reason)
        }
        return rules.verdict(today: day, start: start, due: due, progress: state.progress, completed: false)
    }
}
