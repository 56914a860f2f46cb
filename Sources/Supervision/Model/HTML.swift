// The documents Supervision prints (整改通知书, 督办文书, 考核通报) in the kernel's frame after
// GB/T 9704 (`OfficialDocument`): every text escaped there; the helpers here only read records.
import Kernel

enum HTML {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// `2024-07-05` → 2024年7月5日 for the 正文; empty or unreadable as it is.
    static func day(_ text: String) -> String {
        guard let date = CalendarDate(iso: text) else { return text }
        return "\(date.year)年\(date.month)月\(date.day)日"
    }

    /// The documents' 抄送: the committee's leaders read every document the office sends.
    static let copiedTo = ["区安全生产委员会主任、副主任"]
}
