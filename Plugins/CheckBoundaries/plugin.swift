// Command plugin: `swift package check-boundaries` fails when a domain imports another domain
// or the kernel imports a domain (architecture rule 1). The rule itself lives in BoundaryRules.swift.
import Foundation
import PackagePlugin

@main
struct CheckBoundaries: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) throws {
        let sources = context.package.directoryURL.appending(path: "Sources")
        let violations = try BoundaryRules.violations(sourcesDirectory: sources)
        if violations.isEmpty {
            print("check-boundaries: no domain imports another domain; the kernel imports no domain")
            return
        }
        for violation in violations { Diagnostics.error(violation) }
        throw BoundaryViolation(count: violations.count)
    }
}

struct BoundaryViolation: Error, CustomStringConvertible {
    var count: Int
    var description: String { "\(count) boundary violation(s)" }
}
