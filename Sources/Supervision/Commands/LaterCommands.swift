import CLI
import Kernel

extension SupervisionCommands {
    func ladder() -> [Command] { [] }
    func assessment() -> Command { Command("assessment", summary: "考核 (not yet)") }
}
