// Commands of the responsibility lists.
import CLI
import Kernel

enum ListCommands {
    static func groups(_ env: CommandEnvironment) -> [Command] { [] }
}
