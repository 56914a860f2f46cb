// Small helpers shared by this module's commands: CSV as the API gives it, files given as JSON or
// text, and the shorthand of `meetings add`.
import CLI
import Foundation
import Kernel

enum CommandSupport {
    /// A list: with `--csv` the text the API answers `Accept: text/csv` with (the declared `csv`
    /// columns, every one even with no rows), otherwise as `Render.page` shows it (`columns` in a
    /// table) with where the page continues.
    static func list(_ page: Page, columns: [String], csv: [String], _ invocation: Invocation) {
        guard invocation.format == .csv else { return Render.page(page, columns: columns, invocation) }
        invocation.output.writeOut(String(decoding: APIResponse.csv(page.items, columns: csv).body, as: UTF8.self))
    }

    /// A JSON object read from a file (or "-").
    static func objectFile(_ path: String) throws -> [JSON.Member] {
        let text = try InputFile.readText(path)
        let value: JSON
        do { value = try JSONParser.parse(text) } catch { throw CommandError(.validation, "\(path) 不是有效的 JSON (is not valid JSON): \(error)") }
        guard case .object(let members) = value else { throw CommandError(.validation, "\(path) 须为一个 JSON 对象 (must hold one JSON object)") }
        return members
    }

    /// Splits `a|b|c` into trimmed parts.
    static func parts(_ text: String) -> [String] {
        text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Splits `a,b、c` into trimmed, non-empty items.
    static func items(_ text: String) -> [JSON] {
        text.split(whereSeparator: { ",，、".contains($0) }).map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") }
    }

    /// The invocation with `--minutes` taken from `--minutes-file` when that is given.
    static func minutesFromFile(_ invocation: Invocation) throws -> Invocation {
        guard let path = invocation.value("minutes-file") else { return invocation }
        if invocation.value("minutes") != nil { throw CommandError.usage("选项 --minutes 与 --minutes-file 只能给出其一 (give --minutes or --minutes-file, not both)") }
        var copy = invocation
        copy.options["minutes"] = [try InputFile.readText(path)]
        return copy
    }
}
