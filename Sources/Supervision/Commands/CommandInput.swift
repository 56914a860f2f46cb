// The one piece of a command's input the kernel does not hand out: the members of `--body`, for
// the two commands that reshape them before the contract reads them (`checklists add --items`,
// `draws reveal` given the envelope `draws plan` printed). Everything else — options, `--body`
// merged beside them, every check — is `Contract.options` and `Contract.values`.
import CLI
import Kernel

enum CommandInput {
    /// The members of `--body`, none without it (worded as the kernel's own reading of `--body`).
    static func body(_ invocation: Invocation) throws -> [JSON.Member] {
        guard let path = invocation.value("body") else { return [] }
        guard case .object(let members)? = try? JSONParser.parse(try InputFile.readText(path)) else {
            throw CommandError(.validation, "--body 须为一个 JSON 对象 (--body must hold one JSON object)")
        }
        return members
    }
}
