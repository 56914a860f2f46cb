// Plain, self-contained printable HTML with every text escaped.
import Kernel

enum HTML {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// A whole printable page around `body` (already escaped HTML).
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        body { font-family: "SimSun", "Songti SC", serif; margin: 2em auto; max-width: 60em; line-height: 1.6; }
        h1 { text-align: center; font-size: 1.6em; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #000; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
        .meta { text-align: center; }
        @media print { body { margin: 0; } }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static func table(_ columns: [String], _ rows: [[String]]) -> String {
        var out = "<table>\n<thead><tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return out + "</tbody>\n</table>"
    }
}
