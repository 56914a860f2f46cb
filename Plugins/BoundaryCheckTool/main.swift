// boundary-check SOURCES_DIR: prints every import across a module boundary; exits 1 if any.
import BoundaryRules
import Foundation

let arguments = CommandLine.arguments
let sources = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "Sources")
do {
    let violations = try BoundaryRules.violations(sourcesDirectory: sources)
    for violation in violations { print("error: \(violation)") }
    if violations.isEmpty {
        print("check-boundaries: no domain imports another domain; \(BoundaryRules.foundations.joined(separator: ", ")) import no domain")
    } else {
        print("check-boundaries: \(violations.count) violation(s)")
        exit(1)
    }
} catch {
    print("error: check-boundaries could not read \(sources.path): \(error)")
    exit(2)
}
