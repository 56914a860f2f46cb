// Text for printable HTML pages (rectification notices, minutes, published assessments):
// everything from a record is escaped.

public enum HTMLText {
    /// `text` with `& < > " '` replaced by entities, safe inside elements and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    /// Appends `text` escaped to `out`. Scalar by scalar: a quote followed by a combining mark is one
    /// Character, and matching Characters would leave that quote as it is.
    public static func escape(_ text: String, into out: inout String) {
        out.reserveCapacity(out.utf8.count + text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}
