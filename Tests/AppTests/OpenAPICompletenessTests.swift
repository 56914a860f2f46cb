import App
import Foundation
import HTTP
import Kernel
import TestSupport
import XCTest

/// The OpenAPI document guides an integrator: every JSON request body and every JSON success
/// answer names its properties (a route can only be declared with the one contract: `APIRoute`
/// has no other initialiser), and the three copies of the document (the route, the command, the
/// committed file) are the same bytes.
final class OpenAPICompletenessTests: XCTestCase {
    func testNoRequestBodyOrSuccessAnswerIsAnObjectWithoutProperties() throws {
        let test = try TestApplication()
        let document = OpenAPI.document(APIServer.routes(test.app, metrics: ServerMetrics()), version: "test")
        guard case .object(let paths)? = document["paths"] else { return XCTFail("no paths") }
        var bare: [String] = []
        var operations = 0
        for path in paths {
            guard case .object(let methods) = path.value else { continue }
            for method in methods {
                operations += 1
                let name = "\(method.key.uppercased()) \(path.key)"
                if let schema = method.value["requestBody"]?["content"]?["application/json"]?["schema"], Self.isBare(schema) {
                    bare.append(name + " (request body)")
                }
                guard case .object(let responses)? = method.value["responses"] else { bare.append(name + " (no responses)"); continue }
                for response in responses where response.key.hasPrefix("2") {
                    if let schema = response.value["content"]?["application/json"]?["schema"], Self.isBare(schema) {
                        bare.append(name + " (\(response.key) answer)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(operations, 150)
        XCTAssertEqual(bare, [], "objects without properties")
    }

    /// An object schema, at the top or as the items of a page, that names no property.
    static func isBare(_ schema: JSON) -> Bool {
        guard schema["type"] == "object" || schema["type"] == nil && schema["properties"] != nil else { return false }
        guard case .object(let properties)? = schema["properties"], !properties.isEmpty else { return true }
        if let items = properties.first(where: { $0.key == "items" })?.value["items"], items["type"] == "object" { return isBare(items) }
        return false
    }

    func testTheDocumentIsTheSameBytesFromTheRouteTheCommandAndTheFile() throws {
        let test = try TestApplication()
        let server = try TestServer(test)
        defer { server.stop() }
        let served = try server.client().get("/api/v1/openapi.json")
        XCTAssertEqual(served.status, 200)
        let command = test.cli(["docs", "openapi"])
        XCTAssertEqual(command.code, 0, command.err)
        XCTAssertEqual(served.text, command.out)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("Docs/openapi.json"), encoding: .utf8)
        XCTAssertEqual(committed, command.out, "Docs/openapi.json is out of date: run `swift run anwei docs openapi > Docs/openapi.json`")
    }
}
