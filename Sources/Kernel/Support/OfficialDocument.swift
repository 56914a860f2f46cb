// The frame of every document the office prints and sends (整改通知书, 督办文书, 会议纪要, 考核通报),
// laid out after GB/T 9704-2012 (党政机关公文格式) on A4 with print CSS alone: the red 发文机关标志,
// the 发文字号 under it, the red separator line, the 标题, 主送机关, 正文, 附件说明, 落款 and
// 成文日期, the annexes, and the 版记 (抄送, 印发) at the foot. Every text from a record is escaped
// (HTMLText); the only markup is this file's. The CSS is one constant, so that a page serving the
// document may allow exactly it by its hash (no inline style attribute anywhere).

/// One block of a document's 正文 or of an annex; its texts are escaped when written.
public enum DocumentBlock: Sendable, Equatable {
    /// A paragraph of the 正文: indented two characters, justified.
    case paragraph(String)
    /// A paragraph without the indent (a note, a line of a list).
    case plain(String)
    /// A first-level heading (一、…), in 黑体.
    case heading(String)
    /// A second-level heading (（一）…), in 楷体.
    case subheading(String)
    /// A ruled table: its caption, column heads and rows (each row as many cells as columns).
    case table(caption: String?, columns: [String], rows: [[String]])
    /// A numbered list (1. 2. …).
    case numbered([String])
}

/// An annex (附件) printed after the 落款 on a new page: 附件N, its title and its blocks.
public struct DocumentAnnex: Sendable, Equatable {
    public var title: String
    public var blocks: [DocumentBlock]

    public init(title: String, blocks: [DocumentBlock]) {
        self.title = title
        self.blocks = blocks
    }
}

/// A document after GB/T 9704-2012, written as one self-contained HTML page.
public struct OfficialDocument: Sendable, Equatable {
    /// The office's full name: the usual 发文机关标志, 落款 and 印发机关.
    public static let officeName = "区安全生产委员会办公室"

    /// 发文机关标志: the red name at the head (e.g. 区安全生产委员会办公室文件).
    public var mark: String
    /// 发文字号 (安委办整改〔2024〕3号).
    public var number: String
    /// 标题.
    public var title: String
    /// 主送机关 (joined with 、 and followed by ：).
    public var addressees: [String]
    /// 正文.
    public var body: [DocumentBlock]
    /// The annexes: named in the 附件说明 under the 正文 and printed after the 落款.
    public var annexes: [DocumentAnnex]
    /// 落款: the issuing body's name.
    public var signature: String
    /// 成文日期 (written in 汉字: 二〇二四年三月一日).
    public var date: CalendarDate?
    /// 抄送机关.
    public var copiedTo: [String]
    /// 印发机关 of the 版记.
    public var printedBy: String
    /// 印发日期 of the 版记 (default: the 成文日期).
    public var printedOn: CalendarDate?
    /// A line under the 版记 for the record (e.g. 校验码), small; nil for none.
    public var footnote: String?

    public init(mark: String = OfficialDocument.officeName + "文件", number: String, title: String, addressees: [String] = [],
                body: [DocumentBlock], annexes: [DocumentAnnex] = [], signature: String = OfficialDocument.officeName,
                date: CalendarDate?, copiedTo: [String] = [], printedBy: String = OfficialDocument.officeName,
                printedOn: CalendarDate? = nil, footnote: String? = nil) {
        self.mark = mark
        self.number = number
        self.title = title
        self.addressees = addressees
        self.body = body
        self.annexes = annexes
        self.signature = signature
        self.date = date
        self.copiedTo = copiedTo
        self.printedBy = printedBy
        self.printedOn = printedOn
        self.footnote = footnote
    }

    // MARK: - Writing

    /// The whole page: `<!DOCTYPE html>` … with the constant `OfficialDocument.css` as its only style.
    public var html: String {
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>" + e(number.isEmpty ? title : number + " " + title) + "</title>\n"
        out += "<style>" + OfficialDocument.css + "</style>\n</head>\n<body class=\"official\">\n<div class=\"sheet\">\n"
        // 版头
        out += "<header class=\"head\">\n<p class=\"mark \(OfficialDocument.markSize(mark))\">" + e(mark) + "</p>\n"
        out += "<p class=\"number\">" + e(number) + "</p>\n<div class=\"rule\" role=\"presentation\"></div>\n</header>\n"
        // 主体
        out += "<main>\n<h1 class=\"title\">" + e(title) + "</h1>\n"
        if !addressees.isEmpty { out += "<p class=\"to\">" + e(addressees.joined(separator: "、")) + "：</p>\n" }
        for block in body { OfficialDocument.write(block, into: &out) }
        if !annexes.isEmpty {
            if annexes.count == 1 {
                out += "<p class=\"annex-note\">附件：" + e(annexes[0].title) + "</p>\n"
            } else {
                out += "<div class=\"annex-note\"><span>附件：</span><ol>"
                for annex in annexes { out += "<li>" + e(annex.title) + "</li>" }
                out += "</ol></div>\n"
            }
        }
        out += "<div class=\"signoff\"><p class=\"signer\">" + e(signature) + "</p>"
        if let date { out += "<p class=\"date\">" + e(OfficialDocument.chineseDate(date)) + "</p>" }
        out += "</div>\n"
        for (index, annex) in annexes.enumerated() {
            out += "<section class=\"annex\">\n<p class=\"annex-label\">附件" + (annexes.count > 1 ? String(index + 1) : "") + "</p>\n"
            out += "<h2 class=\"annex-title\">" + e(annex.title) + "</h2>\n"
            for block in annex.blocks { OfficialDocument.write(block, into: &out) }
            out += "</section>\n"
        }
        out += "</main>\n"
        // 版记
        out += "<footer class=\"imprint\">\n"
        if !copiedTo.isEmpty { out += "<p class=\"copied\">抄送：" + e(copiedTo.joined(separator: "，")) + "。</p>\n" }
        out += "<p class=\"printed\"><span>" + e(printedBy) + "</span><span>"
        if let on = printedOn ?? date { out += e("\(on.year)年\(on.month)月\(on.day)日印发") }
        out += "</span></p>\n</footer>\n"
        if let footnote, !footnote.isEmpty { out += "<p class=\"footnote\">" + e(footnote) + "</p>\n" }
        out += "</div>\n</body>\n</html>\n"
        return out
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    static func write(_ block: DocumentBlock, into out: inout String) {
        func e(_ text: String) -> String { HTMLText.escape(text) }
        switch block {
        case .paragraph(let text): out += "<p class=\"para\">" + e(text) + "</p>\n"
        case .plain(let text): out += "<p class=\"plain\">" + e(text) + "</p>\n"
        case .heading(let text): out += "<h2 class=\"h1\">" + e(text) + "</h2>\n"
        case .subheading(let text): out += "<h3 class=\"h2\">" + e(text) + "</h3>\n"
        case .numbered(let items):
            out += "<ol class=\"numbered\">"
            for item in items { out += "<li>" + e(item) + "</li>" }
            out += "</ol>\n"
        case .table(let caption, let columns, let rows):
            out += "<table class=\"grid\">"
            if let caption { out += "<caption>" + e(caption) + "</caption>" }
            out += "<thead><tr>"
            for column in columns { out += "<th scope=\"col\">" + e(column) + "</th>" }
            out += "</tr></thead><tbody>"
            if rows.isEmpty {
                out += "<tr><td colspan=\"\(max(columns.count, 1))\">（无）</td></tr>"
            }
            for row in rows {
                out += "<tr>"
                for cell in row { out += "<td>" + e(cell) + "</td>" }
                out += "</tr>"
            }
            out += "</tbody></table>\n"
        }
    }

    /// The 发文机关标志's size class by its length: it stays on one line within the 156 mm 版心.
    static func markSize(_ mark: String) -> String {
        switch mark.count {
        case ...9: return "mark-l"
        case ...12: return "mark-m"
        case ...15: return "mark-s"
        default: return "mark-xs"
        }
    }

    // MARK: - 成文日期 in 汉字

    static let digits: [Character] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// `2024-03-01` → 二〇二四年三月一日; `2024-12-31` → 二〇二四年十二月三十一日.
    public static func chineseDate(_ date: CalendarDate) -> String {
        let year = String(String(date.year).compactMap { $0.wholeNumberValue.map { digits[$0] } })
        return year + "年" + chineseNumber(date.month) + "月" + chineseNumber(date.day) + "日"
    }

    /// 1…99 in 汉字 as a date reads them: 一 … 十 … 十一 … 二十 … 三十一.
    static func chineseNumber(_ value: Int) -> String {
        guard value > 0, value < 100 else { return String(value) }
        let tens = value / 10, ones = value % 10
        var text = ""
        if tens > 1 { text.append(digits[tens]) }
        if tens > 0 { text += "十" }
        if ones > 0 { text.append(digits[ones]) }
        return text
    }
}
