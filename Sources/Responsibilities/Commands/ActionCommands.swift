// `anwei responsibilities ledger sign|progress|complete|verify|return ID`: the options are the
// action's contract (as over HTTP), plus `--attach FILE` for evidence read from disk.
import CLI
import Foundation
import Kernel

enum ActionCommands {
    static func command(_ action: LineAction, _ env: CommandEnvironment) -> Command {
        let contract = LedgerContracts.action(action, cli: true)
        var options = contract?.options ?? []
        var example = "anwei responsibilities ledger \(action.rawValue) 12"
        switch action {
        case .progress: example += " --percent 50 --text 已完成初稿 --attach 初稿.pdf"
        case .complete: example += " --text 已印发"
        case .return: example += " --reason 佐证材料不全"
        case .sign, .verify: break
        }
        if action == .progress || action == .complete {
            options.append(.repeated("attach", "FILE", help: "an evidence file (repeatable, ≤ 10 MiB)"))
        }
        return Command(action.rawValue, summary: "\(action.chinese) a ledger line", examples: [example], options: options,
                       arguments: [ArgumentSpec("id", help: "the line id")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                var input = try contract.map { try LineActionInput($0.values(invocation, in: core)) } ?? LineActionInput()
                for path in invocation.values("attach") {
                    input.attachments.append(AttachmentInput(fileName: URL(fileURLWithPath: path).lastPathComponent, bytes: try InputFile.readBytes(path)))
                }
                let rules = core.settings.colourRules
                let line = try core.write(actor) { tx in try LedgerService.act(action, lineID: id, input, rules: rules, tx) }
                Render.done("\(action.chinese): line \(id) is now \(Render.cell(line["status"])) (\(Render.cell(line["colour"])): \(Render.cell(line["colour_reason"])))",
                            line, invocation)
            }
        }
    }
}
