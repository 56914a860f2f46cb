// Command plugin: `swift package check-boundaries` fails when a domain imports another domain
// or Kernel/HTTP/CLI import a domain (architecture rule 1). CI runs it.
import Foundation
import PackagePlugin

@main
struct CheckBoundaries: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) throws {
        let tool = try context.tool(named: "boundary-check")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = [context.package.directoryURL.appending(path: "Sources").path]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("module boundaries violated (see above)")
            throw BoundaryViolation()
        }
    }
}

struct BoundaryViolation: Error, CustomStringConvertible {
    var description: String { "module boundaries violated" }
}
