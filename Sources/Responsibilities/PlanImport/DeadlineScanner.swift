// 时限识别:在一段正文中找出“2月底前”“12月底前”“年底前”“上半年”“2月”“3月15日前”“一季度”“每季度”
// 以及“全国两会、中秋、国庆等重大活动和重大节日期间”。未写年份的按计划年份计。

enum DeadlineScanner {
    /// Festivals and events that mark a special period (特殊时期) when followed by 期间.
    static let specialPeriodWords = [
        "两会", "元旦", "春节", "清明", "五一", "劳动节", "端午", "中秋", "国庆", "汛期", "节假日", "节日",
        "重大活动", "暑期", "寒假", "暑假", "高考", "中考", "进博会", "亚运会",
    ]

    /// Dates written with digits that no calendar has ("13月底前", "2月30日前"): `scan` takes no
    /// deadline from them, and the reader says so instead of leaving the task to the year's end unsaid.
    static func impossibleDates(_ glyphs: [Glyph], year: Int) -> [(phrase: String, line: Int)] {
        let c = glyphs.map(\.folded)
        func digits(from index: Int) -> Int {
            var end = index
            while end < c.count, end - index < 3, c[end].isASCII, c[end].isNumber { end += 1 }
            return end
        }
        var found: [(String, Int)] = []
        var i = 0
        while i < c.count {
            let monthEnd = digits(from: i)
            let startsNumber = i == 0 || !(c[i - 1].isASCII && c[i - 1].isNumber)
            guard startsNumber, monthEnd > i, monthEnd - i <= 2, monthEnd < c.count, c[monthEnd] == "月", let month = Int(String(c[i..<monthEnd])) else {
                i = max(i + 1, monthEnd)
                continue
            }
            var end = monthEnd + 1
            var impossible = !(1...12).contains(month)
            let dayEnd = digits(from: end)
            if dayEnd > end, dayEnd - end <= 2, dayEnd < c.count, c[dayEnd] == "日" || c[dayEnd] == "号" {
                let day = Int(String(c[end..<dayEnd])) ?? 0
                impossible = impossible || PlanDate(validYear: year, month: month, day: day) == nil
                end = dayEnd + 1
            }
            if impossible {
                while end < c.count, "底末前份".contains(c[end]) { end += 1 }
                found.append((glyphs[i..<end].originalText, glyphs[i].line))
            }
            i = end
        }
        return found
    }

    static func scan(_ glyphs: [Glyph], year: Int) -> [ParsedDeadline] {
        let c = glyphs.map(\.folded)
        var found: [ParsedDeadline] = []
        var i = 0
        func emit(_ start: Int, _ end: Int, _ spec: DeadlineSpec) {
            found.append(ParsedDeadline(phrase: glyphs[start..<end].originalText, spec: spec, line: glyphs[start].line))
            i = end
        }
        func has(_ word: String, at index: Int) -> Bool {
            let w = Array(word)
            return index >= 0 && index + w.count <= c.count && Array(c[index..<(index + w.count)]) == w
        }
        func isDigit(_ index: Int) -> Bool {
            index >= 0 && index < c.count && c[index].isASCII && c[index].isNumber
        }
        func isNumeral(_ index: Int) -> Bool {
            index >= 0 && index < c.count && (isDigit(index) || c[index] == "十" || PlanHeadings.chineseDigits[c[index]] != nil)
        }
        while i < c.count {
            // 每季度 / 每个季度 / 按季度
            if let word = ["每季度", "每个季度", "按季度"].first(where: { has($0, at: i) }) {
                emit(i, i + word.count, .quarterly(year: year)); continue
            }
            // 每半年 / 每半年度 (before 每月: 每半年 is not 每…月)
            if let word = ["每半年度", "每半年", "半年一次"].first(where: { has($0, at: i) }) {
                emit(i, i + word.count, .halfYearly(year: year)); continue
            }
            // 每月 / 每个月 / 按月 / 逐月 (not 每月度 … only the words themselves)
            if let word = ["每个月", "每月", "按月", "逐月"].first(where: { has($0, at: i) }) {
                emit(i, i + word.count, .monthly(year: year)); continue
            }
            if has("上半年", at: i) { emit(i, i + 3 + suffixLength(c, i + 3), .by(PlanDate.endOf(month: 6, year: year))); continue }
            if has("下半年", at: i) { emit(i, i + 3 + suffixLength(c, i + 3), .by(PlanDate.endOf(month: 12, year: year))); continue }
            // (第)一季度(末/底)(前)
            if let (start, end, quarter) = quarterPhrase(c, i) {
                emit(start, end, .by(PlanDate.endOf(month: quarter * 3, year: year))); continue
            }
            // [YYYY年]年底前 / 年底 / 年末 / 年内
            if c[i] == "年" {
                var explicitYear: Int?
                var start = i
                if isDigit(i - 1) {
                    var s = i
                    while isDigit(s - 1) { s -= 1 }
                    guard i - s == 4, !isDigit(s - 1), let value = Int(String(c[s..<i])) else { i += 1; continue }
                    explicitYear = value
                    start = s
                } else if isNumeral(i - 1) {
                    i += 1; continue  // 三年内:一段时长,不是时限
                }
                let after = i + 1
                if has("底", at: after) || has("末", at: after) {
                    emit(start, after + 1 + suffixLength(c, after + 1), .by(PlanDate.endOf(month: 12, year: explicitYear ?? year))); continue
                }
                if has("内", at: after), explicitYear == nil {
                    emit(i, after + 1, .by(PlanDate.endOf(month: 12, year: year))); continue
                }
                if let explicitYear, let month = monthNumber(c, after) {
                    if let (end, spec) = monthPhrase(c, monthEnd: month.end, month: month.value, year: explicitYear) {
                        emit(start, end, spec); continue
                    }
                }
                i += 1; continue
            }
            // N月…(不紧跟在数字或“年”之后,那些由上面处理)
            if !isNumeral(i - 1), c.indices.contains(i), let month = monthNumber(c, i),
               let (end, spec) = monthPhrase(c, monthEnd: month.end, month: month.value, year: year) {
                emit(i, end, spec); continue
            }
            if has("期间", at: i), let (start, tags) = specialPeriod(c, endingAt: i) {
                emit(start, i + 2, .specialPeriods(tags)); continue
            }
            i += 1
        }
        return found
    }

    /// 前 / 以前 / 之前 after a deadline word.
    static func suffixLength(_ c: [Character], _ index: Int) -> Int {
        for word in ["以前", "之前", "前"] {
            let w = Array(word)
            if index + w.count <= c.count, Array(c[index..<(index + w.count)]) == w { return w.count }
        }
        return 0
    }

    /// A month number (1–12, Arabic or Chinese) followed by 月 at `index`: its value and the index after 月.
    static func monthNumber(_ c: [Character], _ index: Int) -> (value: Int, end: Int)? {
        var end = index
        while end < c.count, end - index < 3,
              (c[end].isASCII && c[end].isNumber) || c[end] == "十" || PlanHeadings.chineseDigits[c[end]] != nil {
            end += 1
        }
        guard end > index, end < c.count, c[end] == "月" else { return nil }
        let text = String(c[index..<end])
        guard let value = Int(text) ?? PlanHeadings.chineseNumber(text), (1...12).contains(value) else { return nil }
        return (value, end + 1)
    }

    /// What follows "N月": 底(前), 末(前), 上/中/下旬(前), D日(前), 前, or nothing (within the month).
    static func monthPhrase(_ c: [Character], monthEnd: Int, month: Int, year: Int) -> (Int, DeadlineSpec)? {
        func at(_ word: String, _ index: Int) -> Bool {
            let w = Array(word)
            return index + w.count <= c.count && Array(c[index..<(index + w.count)]) == w
        }
        let monthLast = PlanDate.endOf(month: month, year: year)
        if at("底", monthEnd) || at("末", monthEnd) {
            return (monthEnd + 1 + suffixLength(c, monthEnd + 1), .by(monthLast))
        }
        for (word, day) in [("上旬", 10), ("中旬", 20), ("下旬", monthLast.day)] where at(word, monthEnd) {
            return (monthEnd + 2 + suffixLength(c, monthEnd + 2), .by(PlanDate(year: year, month: month, day: day)))
        }
        var dayEnd = monthEnd
        while dayEnd < c.count, dayEnd - monthEnd < 2, c[dayEnd].isASCII, c[dayEnd].isNumber { dayEnd += 1 }
        if dayEnd > monthEnd, dayEnd < c.count, c[dayEnd] == "日" || c[dayEnd] == "号" {
            guard let day = Int(String(c[monthEnd..<dayEnd])),
                  let date = PlanDate(validYear: year, month: month, day: day) else { return nil }
            return (dayEnd + 1 + suffixLength(c, dayEnd + 1), .by(date))
        }
        if dayEnd > monthEnd { return nil }  // "3月5" without 日: not a phrase we understand
        if at("份", monthEnd) { return (monthEnd + 1, .withinMonth(year: year, month: month)) }
        let before = suffixLength(c, monthEnd)
        if before > 0 {
            // “6月前”:六月之前,即五月底前。
            guard month > 1 else { return (monthEnd + before, .by(PlanDate(year: year - 1, month: 12, day: 31))) }
            return (monthEnd + before, .by(PlanDate.endOf(month: month - 1, year: year)))
        }
        if at("度", monthEnd) || at("至", monthEnd) || at("—", monthEnd) || at("-", monthEnd) || at("~", monthEnd) {
            return nil  // 月度 / 3月至5月: ranges are left to the reader
        }
        return (monthEnd, .withinMonth(year: year, month: month))
    }

    /// (第)一季度 / 1季度 (+末/底)(+前), not 每季度.
    static func quarterPhrase(_ c: [Character], _ index: Int) -> (Int, Int, Int)? {
        var start = index
        var position = index
        if position < c.count, c[position] == "第" { position += 1 }
        guard position < c.count else { return nil }
        let quarter: Int? = c[position].isASCII ? Int(String(c[position])) : PlanHeadings.chineseDigits[c[position]]
        guard let quarter, (1...4).contains(quarter), position + 2 < c.count + 0,
              position + 2 <= c.count, c[position + 1] == "季", position + 2 < c.count, c[position + 2] == "度" else { return nil }
        if start > 0, c[start - 1] == "每" || c[start - 1] == "个" { return nil }
        if start == position, start > 0, c[start - 1] == "第" { start -= 1 }
        var end = position + 3
        if end < c.count, c[end] == "末" || c[end] == "底" { end += 1 }
        end += suffixLength(c, end)
        return (start, end, quarter)
    }

    /// “在全国两会、中秋、国庆等重大活动和重大节日期间” → ["全国两会", "中秋", "国庆"].
    static func specialPeriod(_ c: [Character], endingAt index: Int) -> (Int, [String])? {
        let stops: Set<Character> = [",", "。", ";", ":", "!", "?", "(", ")", "“", "”"]
        var start = index
        while start > 0, !stops.contains(c[start - 1]), index - start < 40 { start -= 1 }
        while start < index, c[start] == "在" || c[start] == "于" { start += 1 }
        let region = String(c[start..<index])
        guard specialPeriodWords.contains(where: region.contains) else { return nil }
        let listed = region.split(separator: "等", maxSplits: 1).first.map(String.init) ?? region
        let tags = listed.split(whereSeparator: { $0 == "、" || $0 == "和" || $0 == "及" }).map(String.init).filter { !$0.isEmpty }
        guard !tags.isEmpty else { return nil }
        return (start, tags)
    }
}
