// Small helpers shared by this module's commands: reading options by a route's contract, and
// paging as the API pages.
import CLI
import Foundation
import Kernel

enum CommandSupport {
    /// `contract`'s fields from the command line's options, read by the kernel's reader with the
    /// same names, checks and errors as over HTTP (names resolved in `db`). A list of texts is
    /// taken item by item from the repeated option (an item may hold commas).
    static func values(_ contract: Contract, _ invocation: Invocation, _ db: Connection?) throws -> Values {
        let textLists = contract.fields.filter(isTextList)
        let rest = Contract(contract.fields.filter { !isTextList($0) })
        var errors: [FieldError] = []
        var values = Values()
        do { values = try rest.values(invocation, db) } catch let error as DomainError where error.kind == .validation { errors += error.fieldErrors }
        let members = textLists.compactMap { field -> JSON.Member? in
            let given = invocation.values(field.optionName)
            return given.isEmpty ? nil : JSON.Member(field.name, .array(given.map(JSON.string)))
        }
        switch Contract(textLists).read(json: members, db) {
        case .success(let lists): for (name, value) in lists.fields { values.set(name, value) }
        case .failure(let found): errors += found.all
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        return values
    }

    /// `values(_:_:_:)` reading references in the core's database when the contract has any.
    static func values(_ contract: Contract, _ invocation: Invocation, _ core: Core) throws -> Values {
        guard contract.needsDatabase else { return try values(contract, invocation, nil) }
        return try core.read { try values(contract, invocation, $0) }
    }

    static func isTextList(_ field: FieldSpec) -> Bool {
        switch field.type {
        case .list(.text, _), .list(.multilineText, _): return true
        default: return false
        }
    }

    /// `--limit` (1–200, default 50) and `--after`, as the API pages; a bad one is a usage error.
    static func paging(_ invocation: Invocation) throws -> Paging { try Paging.read(invocation) }

    /// Tells where the next page starts (on stderr, so standard output stays the list).
    static func printNext(_ next: String?, _ invocation: Invocation) {
        guard let next else { return }
        invocation.output.error("下一页 (next page): --after \(next)")
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
        if invocation.value("minutes") != nil { throw CommandError.usage("give --minutes or --minutes-file, not both") }
        var copy = invocation
        copy.options["minutes"] = [try InputFile.readText(path)]
        return copy
    }
}
