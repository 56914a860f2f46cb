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

/// A line's colour with its Chinese reason and a stable code for scripts.
struct LineVerdict: Sendable, Hashable {
    var colour: StatusColour
    /// `completed`, `completed_late`, `overdue`, `behind_red`, `due_soon`, `behind_yellow`, `on_track`.
    var code: String
    var reason: String

    var verdict: ColourVerdict { ColourVerdict(colour, reason) }
}

/// The colour of a line on a day, by the configured rules (R1–R4), with its reason in Chinese.
enum LineColour {
    static func verdict(start: CalendarDate, due: CalendarDate, state: LineState, on day: CalendarDate, rules: ColourRules) -> LineVerdict {
        if let done = state.completedOn {
            var reason = "已于\(done.iso)报完成," + (state.closed ? "已办结" : "待办结")
            if done > due {
                reason += ";逾期完成:截止\(due.iso),晚\(due.days(until: done))天"
                return LineVerdict(colour: .green, code: "completed_late", reason: reason)
            }
            return LineVerdict(colour: .green, code: "completed", reason: reason)
        }
        if day > due {
            return LineVerdict(colour: .red, code: "overdue", reason: "逾期:截止\(due.iso),已逾期\(due.days(until: day))天,未报完成(规则R1)")
        }
        let total = max(1, start.days(until: due))
        let elapsed = max(0, start.days(until: day))
        let expected = min(100, elapsed * 100 / total)
        let actual = state.progress ?? 0
        let behind = expected - actual
        if behind > rules.behindRedPercent {
            return LineVerdict(colour: .red, code: "behind_red",
                               reason: "进度滞后:已完成\(actual)%,截至\(day.iso)应完成\(expected)%(规则R2,滞后超过\(rules.behindRedPercent)个百分点)")
        }
        let daysLeft = day.days(until: due)
        if daysLeft <= rules.yellowDaysBefore {
            return LineVerdict(colour: .yellow, code: "due_soon", reason: "即将到期:截止\(due.iso),剩余\(daysLeft)天(规则R3,不超过\(rules.yellowDaysBefore)天)")
        }
        if behind > rules.behindYellowPercent {
            return LineVerdict(colour: .yellow, code: "behind_yellow",
                               reason: "进度偏慢:已完成\(actual)%,截至\(day.iso)应完成\(expected)%(规则R4,滞后超过\(rules.behindYellowPercent)个百分点)")
        }
        return LineVerdict(colour: .green, code: "on_track", reason: "按期推进:截止\(due.iso),剩余\(daysLeft)天")
    }
}
