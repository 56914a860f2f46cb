// Text for printable HTML pages (rectification notices, minutes, published assessments):
// everything from a record is escaped.

public enum HTMLText {
    /// `text` with `& < > " '` replaced by entities, safe inside elements and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(char)
            }
        }
        return out
    }
}
