import Foundation
import Kernel
import TestSupport
import XCTest

/// Docs/cli.md and Docs/openapi.json are generated from the code; they must match it.
final class DocsTests: XCTestCase {
    var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    func testTheCLIReferenceIsCurrent() throws {
        let generated = try Binary.run(["docs", "cli"])
        XCTAssertEqual(generated.code, 0, generated.err)
        let committed = try String(contentsOf: root.appendingPathComponent("Docs/cli.md"), encoding: .utf8)
        XCTAssertEqual(committed, generated.out, "Docs/cli.md is out of date: run `swift run anwei docs cli > Docs/cli.md`")
        for module in ["responsibilities", "supervision", "hazards", "training", "consultations"] {
            XCTAssertTrue(committed.contains("## `anwei \(module)`"), module)
        }
    }

    func testTheOpenAPIDocumentIsCurrentAndValid() throws {
        let generated = try Binary.run(["docs", "openapi"])
        XCTAssertEqual(generated.code, 0, generated.err)
        let path = root.appendingPathComponent("Docs/openapi.json").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(committed, generated.out, "Docs/openapi.json is out of date: run `swift run anwei docs openapi > Docs/openapi.json`")
        let document = try JSONParser.parse(committed)
        XCTAssertEqual(document["openapi"], "3.1.0")
        for prefix in ["/api/v1/org/", "/api/v1/responsibilities/", "/api/v1/supervision/", "/api/v1/hazards", "/api/v1/training/", "/api/v1/consultations/", "/api/v1/tipoffs"] {
            guard case .object(let paths)? = document["paths"] else { return XCTFail("no paths") }
            XCTAssertTrue(paths.contains { $0.key.hasPrefix(prefix) }, prefix)
        }
        // openapi-spec-validator (PyPI, present on this kind of machine) must accept it.
        let validator = Process()
        validator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validator.arguments = ["python3", "-c", "import json, sys\nfrom openapi_spec_validator import validate\nvalidate(json.load(open(sys.argv[1])))\nprint('valid')", path]
        let out = Pipe()
        validator.standardOutput = out
        validator.standardError = out
        try validator.run()
        validator.waitUntilExit()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(validator.terminationStatus, 0, said)
        XCTAssertTrue(said.contains("valid"), said)
    }
}
