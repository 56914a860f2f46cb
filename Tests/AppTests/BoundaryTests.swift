import BoundaryRules
import Foundation
import TestSupport
import XCTest

/// Architecture rule 1: a domain never imports another domain; Kernel, HTTP and CLI import none.
final class BoundaryTests: XCTestCase {
    var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testTheRealSourceTreeKeepsItsBoundaries() throws {
        let violations = try BoundaryRules.violations(sourcesDirectory: packageRoot.appendingPathComponent("Sources"))
        XCTAssertEqual(violations, [], violations.map(\.description).joined(separator: "\n"))
        // The check really read the tree: every domain folder exists.
        for domain in BoundaryRules.domains {
            XCTAssertTrue(FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Sources/\(domain)").path), domain)
        }
    }

    func testACrossDomainImportInAFixtureIsReported() throws {
        let folder = TemporaryFolder()
        let sources = URL(fileURLWithPath: folder.path)
        func write(_ module: String, _ file: String, _ text: String) throws {
            let dir = sources.appendingPathComponent(module)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        try write("Hazards", "Fine.swift", "import Kernel\nimport HTTP\n// import Supervision in a comment is fine\n")
        try write("Hazards", "Bad.swift", "import Foundation\n@testable import Supervision\n")
        try write("Training", "Bad.swift", "public import struct Consultations.Meeting\n")
        try write("Kernel", "Bad.swift", "import Hazards\n")
        try write("CLI", "Bad.swift", "import App\n")
        let violations = try BoundaryRules.violations(sourcesDirectory: sources)
        XCTAssertEqual(violations.map { "\($0.module)->\($0.imported)@\($0.line)" }.sorted(),
                       ["CLI->App@1", "Hazards->Supervision@2", "Kernel->Hazards@1", "Training->Consultations@1"])
        XCTAssertTrue(violations.first { $0.module == "Hazards" }!.description.contains("domains talk through the kernel's events"))
    }

    func testImportParsing() {
        XCTAssertEqual(BoundaryRules.importedModule("import Kernel"), "Kernel")
        XCTAssertEqual(BoundaryRules.importedModule("  @preconcurrency import Glibc"), "Glibc")
        XCTAssertEqual(BoundaryRules.importedModule("internal import Hazards // why"), "Hazards")
        XCTAssertNil(BoundaryRules.importedModule("let importance = 1"))
        XCTAssertNil(BoundaryRules.importedModule("// import Hazards"))
    }
}
