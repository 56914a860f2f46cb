// The module boundary rule (architecture rule 1), used by `swift package check-boundaries`
// (through the boundary-check tool) and by the test that runs it on the real tree and on fixtures.
import Foundation

public enum BoundaryRules {
    public static let domains = ["Responsibilities", "Supervision", "Hazards", "Training", "Consultations"]
    /// Modules that must import no domain (and not the composition root).
    public static let foundations = ["Kernel", "HTTP", "CLI", "Web"]

    /// One import across a boundary.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var module: String
        public var imported: String
        public var description: String { "\(file):\(line): \(module) imports \(imported): " + (BoundaryRules.domains.contains(module) ? "domains talk through the kernel's events and registry, never directly" : "the \(module) module must not depend on a domain or on App") }
    }

    /// Every import across a boundary in the module folders under `sourcesDirectory`.
    public static func violations(sourcesDirectory: URL) throws -> [Violation] {
        var found: [Violation] = []
        for module in foundations + domains {
            let forbidden = Set((domains + ["App"]).filter { $0 != module })
            let folder = sourcesDirectory.appendingPathComponent(module)
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if let imported = importedModule(String(line)), forbidden.contains(imported) {
                        found.append(Violation(file: file.path, line: number + 1, module: module, imported: imported))
                    }
                }
            }
        }
        return found.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// The module an import line names (`import X`, `@testable import X`, `public import X`,
    /// `import struct X.Y`), or nil when the line is not an import.
    public static func importedModule(_ line: String) -> String? {
        let code = line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? line
        var words = code.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        while let first = words.first, first.hasPrefix("@") || ["public", "internal", "package", "private", "fileprivate"].contains(first) {
            words.removeFirst()
        }
        guard words.count >= 2, words[0] == "import" else { return nil }
        var name = words[1]
        if ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(name), words.count >= 3 { name = words[2] }
        return String(name.split(separator: ".").first ?? "")
    }
}
