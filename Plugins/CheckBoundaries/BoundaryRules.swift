// The module boundary rule, shared verbatim by the plugin and the test that checks it on fixtures
// (Tests/AppTests/BoundaryRulesTests.swift reads this file's logic through Kernel.BoundaryCheck).
import Foundation

enum BoundaryRules {
    static let domains = ["Responsibilities", "Supervision", "Hazards", "Training", "Consultations"]

    /// Every import across a boundary under `sourcesDirectory`, as "file:line: message".
    static func violations(sourcesDirectory: URL) throws -> [String] {
        var found: [String] = []
        let guarded = domains + ["Kernel", "HTTP", "CLI"]
        for module in guarded {
            let forbidden: Set<String> = module == "Kernel" || module == "HTTP" || module == "CLI"
                ? Set(domains + ["App"]) : Set(domains.filter { $0 != module } + ["App"])
            let folder = sourcesDirectory.appending(path: module)
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if let imported = importedModule(String(line)), forbidden.contains(imported) {
                        found.append("\(file.path):\(number + 1): \(module) imports \(imported)")
                    }
                }
            }
        }
        return found
    }

    /// The module an import line names, if the line is an import.
    static func importedModule(_ line: String) -> String? {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        while let first = words.first, first.hasPrefix("@") || ["public", "internal", "package", "private", "fileprivate"].contains(first) {
            words.removeFirst()
        }
        guard words.count >= 2, words[0] == "import" else { return nil }
        var name = words[1]
        if ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(name), words.count >= 3 { name = words[2] }
        return String(name.split(separator: ".").first ?? "")
    }
}
