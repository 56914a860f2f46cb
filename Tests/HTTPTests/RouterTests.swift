// Routing: templates, typed parameters, 404, 405 with Allow, HEAD and OPTIONS, middleware order.
import Foundation
import Synchronization
import XCTest
@testable import HTTP

final class RouterTests: XCTestCase {
    private func request(_ method: String, _ path: String) -> Request {
        Request(method: method, target: path, path: path)
    }

    private func makeRouter() -> Router {
        let router = Router()
        router.add("GET", "/api/v1/org/units") { _ in Response.text("list") }
        router.add("GET", "/api/v1/org/units/{id}") { r in Response.text("unit \(r.pathParameters["id"] ?? "?") \(r.route ?? "")") }
        router.add("DELETE", "/api/v1/org/units/{id}") { r in Response(status: 204) }
        router.add("GET", "/items/{n:int}") { r in Response.text("item \(r.pathParameters["n"] ?? "?")") }
        router.add("GET", "/items/new") { _ in Response.text("new item form") }
        router.add("POST", "/items") { _ in Response(status: 201) }
        return router
    }

    func testLiteralAndParameterRoutes() throws {
        let h = makeRouter().handler
        XCTAssertEqual(try h(request("GET", "/api/v1/org/units")).body, Array("list".utf8))
        XCTAssertEqual(String(decoding: try h(request("GET", "/api/v1/org/units/u-7")).body, as: UTF8.self),
                       "unit u-7 /api/v1/org/units/{id}")
        XCTAssertEqual(try h(request("DELETE", "/api/v1/org/units/9")).status, 204)
    }

    func testTypedIntParameter() throws {
        let h = makeRouter().handler
        XCTAssertEqual(String(decoding: try h(request("GET", "/items/42")).body, as: UTF8.self), "item 42")
        XCTAssertEqual(String(decoding: try h(request("GET", "/items/-3")).body, as: UTF8.self), "item -3")
        // A literal beats a parameter.
        XCTAssertEqual(String(decoding: try h(request("GET", "/items/new")).body, as: UTF8.self), "new item form")
        // Not an integer: no match.
        XCTAssertEqual(try h(request("GET", "/items/abc")).status, 404)
        XCTAssertEqual(try h(request("GET", "/items/99999999999999999999999")).status, 404)
    }

    func testMostSpecificRouteWinsAndLookupBacktracks() throws {
        let router = Router()
        router.add("GET", "/a/{x}/c") { r in Response.text("text \(r.pathParameters["x"] ?? "")") }
        router.add("GET", "/a/{n:int}/d") { r in Response.text("int \(r.pathParameters["n"] ?? "")") }
        router.add("GET", "/a/b/{y}") { r in Response.text("literal \(r.pathParameters["y"] ?? "")") }
        router.add("POST", "/a/b/c") { _ in Response.text("post") }
        let h = router.handler
        func text(_ method: String, _ path: String) throws -> String { String(decoding: try h(request(method, path)).body, as: UTF8.self) }
        // The literal branch matches the path shape but not deeper: lookup falls back to the parameters.
        XCTAssertEqual(try text("GET", "/a/b/c"), "literal c")
        XCTAssertEqual(try text("GET", "/a/7/c"), "text 7")
        XCTAssertEqual(try text("GET", "/a/7/d"), "int 7")
        XCTAssertEqual(try text("GET", "/a/x/c"), "text x")
        XCTAssertEqual(try text("POST", "/a/b/c"), "post")
        XCTAssertEqual(try h(request("GET", "/a/x/d")).status, 404)
        XCTAssertEqual(try h(request("PUT", "/a/b/c")).status, 405)
        // The same parameter name at different places, and an empty segment never matches a parameter.
        XCTAssertEqual(try h(request("GET", "/a//c")).status, 404)
    }

    func testPathSegmentsSplitOnBytesAsTheStringSplitDid() {
        for path in ["/", "", "*", "/a", "/a/", "//", "/a//b", "/api/v1/org/units/7", "a/b", "/东城镇/隐患", "/%2F/x"] {
            let expected = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
            XCTAssertEqual(Router.segments(path), Array(expected), path)
        }
    }

    /// Integer segments are read on bytes; the answer is the one `Int` parsing gave.
    func testIntegerSegmentsReadAsIntParsingDid() {
        var inputs = ["", "-", "+", "0", "-0", "+0", "+7", "7", "-7", "007", "-007", "1a", "a1", " 1", "1 ", "--1", "-+1", "٣", "１",
                      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                      "00000000000000000000009223372036854775807", "99999999999999999999999", "18446744073709551616", "1.0", "1e3"]
        var seed: UInt64 = 7
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let alphabet = Array("-+0123456789a")
            inputs.append(String((0..<Int(seed >> 60)).map { i in alphabet[Int((seed >> UInt64(4 * i)) % UInt64(alphabet.count))] }))
        }
        for input in inputs {
            let part = Substring(input)
            XCTAssertEqual(Router.isInteger(part), Int(part) != nil && part.first != "+", input)
        }
    }

    /// The tree finds, for every method and path, the route and parameters that testing every
    /// route in turn finds: same length, literals equal byte for byte, `{n:int}` an integer,
    /// `{x}` not empty; the most specific wins (literal, then integer, then text, segment by
    /// segment), the first registered among equals; HEAD falls back to GET.
    func testTreeFindsWhatMatchingEveryRouteFinds() throws {
        let table = [("GET", "/api/v1/org/units"), ("GET", "/api/v1/org/units/{id}"), ("DELETE", "/api/v1/org/units/{id}"),
                     ("GET", "/api/v1/org/units/{id:int}/b"), ("GET", "/items/{n:int}"), ("GET", "/items/new"), ("POST", "/items"),
                     ("GET", "/a/{x}/c"), ("GET", "/a/{n:int}/d"), ("GET", "/a/b/{y}"), ("POST", "/a/b/c"), ("GET", "/{x}/{y}"),
                     ("GET", "/"), ("GET", "/a/"), ("GET", "/7/{n:int}"), ("GET", "/{a}/{a}/7"), ("GET", "/dup/{x}"), ("GET", "/dup/{y}"),
                     ("HEAD", "/b/{x}"), ("GET", "/东/{x}")]
        let router = Router()
        for (method, template) in table {
            router.add(method, template) { r in
                Response.text(template + " " + r.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
            }
        }
        func reference(_ method: String, _ path: String) -> String? {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            var best: (template: String, segments: [Router.Segment], params: [String: String])?
            for (m, template) in table where m == method {
                let segments = Router.compile(template)
                guard segments.count == parts.count else { continue }
                var params: [String: String] = [:], matches = true
                for (segment, part) in zip(segments, parts) {
                    switch segment {
                    case .literal(let text): matches = matches && Array(part.utf8) == Array(text.utf8)
                    case .string(let name): matches = matches && !part.isEmpty; params[name] = String(part)
                    case .int(let name): matches = matches && Int(part) != nil && part.first != "+"; params[name] = String(part)
                    }
                }
                guard matches else { continue }
                if let current = best, zip(segments, current.segments).first(where: { $0.rank != $1.rank }).map({ $0.rank < $1.rank }) ?? true { continue }
                best = (template, segments, params)
            }
            guard let best else { return method == "HEAD" ? reference("GET", path) : nil }
            return best.template + " " + best.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        let words = ["api", "v1", "org", "units", "items", "new", "a", "b", "c", "d", "dup", "东", "7", "-3", "+4", "-", "0", "007",
                     "9223372036854775807", "9223372036854775808", "-9223372036854775808", "", "x y", "%2F"]
        var paths = ["", "*", "/", "//", "a/b", "/a/", "/api/v1/org/units/7/b", "/api/v1/org/units//b", "x/items/7"]
        var seed: UInt64 = 11
        for _ in 0..<3000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let count = Int(seed >> 61) + 1
            paths.append("/" + (0..<count).map { i in words[Int((seed >> UInt64(8 * i + 3)) % UInt64(words.count))] }.joined(separator: "/"))
        }
        let h = router.handler
        for path in paths {
            for method in ["GET", "HEAD", "POST", "DELETE"] {
                let response = try h(Request(method: method, target: path, path: path))
                if let expected = reference(method, path) {
                    XCTAssertEqual(String(decoding: response.body, as: UTF8.self), expected, "\(method) \(path)")
                } else {
                    XCTAssertTrue([404, 405].contains(response.status), "\(method) \(path): \(response.status)")
                }
            }
        }
    }

    func testBearerTokenIsReadFromTheAuthorizationHeader() {
        func token(_ value: String?) -> String? {
            Middlewares.bearerToken(Request(method: "GET", target: "/", path: "/", headers: HTTPHeaders(value.map { [("Authorization", $0)] } ?? [])))
        }
        XCTAssertEqual(token("Bearer abc"), "abc")
        XCTAssertEqual(token("bearer   abc "), "abc")
        XCTAssertEqual(token("BEARER abc"), "abc")
        XCTAssertNil(token("Bearer"))
        XCTAssertNil(token("Bearer "))
        XCTAssertNil(token("Basic abc"))
        XCTAssertNil(token("Bearerx abc"))
        XCTAssertNil(token(nil))
    }

    func testRoutesAddedAfterTheHandlerWasTakenAreServed() throws {
        let router = Router()
        router.add("GET", "/one") { _ in Response.text("1") }
        let h = router.handler
        XCTAssertEqual(try h(request("GET", "/one")).status, 200)
        XCTAssertEqual(try h(request("GET", "/two")).status, 404)
        router.add("GET", "/two") { _ in Response.text("2") }
        router.use { request, next in
            var response = try next(request)
            response.headers.add("X-Late", "yes")
            return response
        }
        XCTAssertEqual(try h(request("GET", "/two")).body, Array("2".utf8))
        XCTAssertEqual(try h(request("GET", "/one")).headers["X-Late"], "yes", "a middleware added later wraps every route")
    }

    func testNotFoundIsProblemJSON() throws {
        let r = try makeRouter().handler(request("GET", "/nowhere"))
        XCTAssertEqual(r.status, 404)
        XCTAssertEqual(r.headers["Content-Type"], "application/problem+json")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
        XCTAssertEqual(json["type"] as? String, "about:blank")
        XCTAssertEqual(json["title"] as? String, "Not Found")
        XCTAssertEqual(json["status"] as? Int, 404)
        XCTAssertNotNil(json["detail"] as? String)
    }

    func testMethodNotAllowedListsAllow() throws {
        let r = try makeRouter().handler(request("PUT", "/api/v1/org/units/5"))
        XCTAssertEqual(r.status, 405)
        XCTAssertEqual(r.headers["Allow"], "DELETE, GET, HEAD, OPTIONS")
        XCTAssertEqual(r.headers["Content-Type"], "application/problem+json")
    }

    func testOptionsAnswersAllow() throws {
        let r = try makeRouter().handler(request("OPTIONS", "/items"))
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(r.headers["Allow"], "OPTIONS, POST")
    }

    func testHeadUsesTheGetRoute() throws {
        let r = try makeRouter().handler(request("HEAD", "/api/v1/org/units"))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.body, Array("list".utf8))  // the server drops it on the wire
    }

    func testRoutesAreListed() {
        let routes = makeRouter().routes
        XCTAssertEqual(routes.count, 6)
        XCTAssertEqual(routes[1].method, "GET")
        XCTAssertEqual(routes[1].template, "/api/v1/org/units/{id}")
    }

    func testMiddlewareOrderOutermostFirstAndSeesRoute() throws {
        let router = Router()
        let trace = ThreadLock<[String]>([])
        router.add("GET", "/t/{x}") { _ in trace.withLock { $0.append("handler") }; return Response.text("t") }
        router.use { req, next in
            trace.withLock { $0.append("outer \(req.route ?? "nil")") }
            var r = try next(req)
            r.headers.add("X-Order", "outer")
            return r
        }
        router.use { req, next in
            trace.withLock { $0.append("inner \(req.pathParameters["x"] ?? "nil")") }
            var r = try next(req)
            r.headers.add("X-Order", "inner")
            return r
        }
        let r = try router.handler(request("GET", "/t/7"))
        XCTAssertEqual(trace.withLock { $0 }, ["outer /t/{x}", "inner 7", "handler"])
        XCTAssertEqual(r.headers.values("X-Order"), ["inner", "outer"])
    }

    func testResponseConvertibleAndJSONHandlers() throws {
        struct Unit: JSONResponseConvertible { let id: Int; let name: String }
        struct Created: JSONResponseConvertible { let id: Int; var responseStatus: Int { 201 } }
        let router = Router()
        router.add("GET", "/unit") { _ in Unit(id: 1, name: "东城镇") }
        router.add("POST", "/unit") { _ in Created(id: 2) }
        router.add("GET", "/raw") { _ in try Response.json(["a": [1, 2]]) }
        let unit = try router.handler(request("GET", "/unit"))
        XCTAssertEqual(unit.status, 200)
        XCTAssertEqual(unit.headers["Content-Type"], "application/json")
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(unit.body)) as? [String: Any])
        XCTAssertEqual(decoded["name"] as? String, "东城镇")
        XCTAssertEqual(decoded["id"] as? Int, 1)
        XCTAssertEqual(try router.handler(request("POST", "/unit")).status, 201)
        XCTAssertEqual(String(decoding: try router.handler(request("GET", "/raw")).body, as: UTF8.self), "{\"a\":[1,2]}")
    }

    func testRouterOverTheWire() throws {
        let (server, port) = try startServer(handler: makeRouter().handler)
        defer { server.stop() }
        let c = try RawClient(port: port)
        let notAllowed = try XCTUnwrap(c.exchange("PATCH /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(notAllowed.status, 405)
        XCTAssertEqual(notAllowed.header("Allow"), "GET, HEAD, OPTIONS")
        let head = try XCTUnwrap(c.exchange("HEAD /items/5 HTTP/1.1\r\nHost: x\r\n\r\n", head: true))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "6")  // "item 5"
        let deleted = try XCTUnwrap(c.exchange("DELETE /api/v1/org/units/1 HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(deleted.status, 204)
        XCTAssertNil(deleted.header("Content-Length"))
        XCTAssertEqual(c.exchange(get("/items/5"))?.text, "item 5")
    }
}
