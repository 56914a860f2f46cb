// Small helpers shared by this module's commands.
import CLI
import Foundation
import Kernel

struct CommandContext {
    let core: Core
    let actor: Actor
}

extension CommandEnvironment {
    func context(_ invocation: Invocation) throws -> CommandContext {
        let core = try core(invocation)
        return CommandContext(core: core, actor: try actor(invocation, core))
    }
}

enum CommandSupport {
    /// A positional id argument as a number, or a usage error naming it.
    static func id(_ invocation: Invocation, _ name: String = "id") throws -> Int64 {
        let text = invocation.argument(name) ?? ""
        guard let id = Int64(text), id > 0 else { throw CommandError.usage("\(name) must be a number, got '\(text)'") }
        return id
    }

    /// A JSON object read from a file (or "-").
    static func objectFile(_ path: String) throws -> [String: JSON] {
        let text = try InputFile.readText(path)
        let value: JSON
        do { value = try JSONParser.parse(text) } catch { throw CommandError(.validation, "\(path) is not valid JSON: \(error)") }
        guard case .object = value else { throw CommandError(.validation, "\(path) must hold one JSON object") }
        return [String: JSON](object: value)
    }

    /// Splits `a|b|c` into trimmed parts.
    static func parts(_ text: String) -> [String] {
        text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
