// Request ids, the access log, error mapping, authentication and metrics.
import Foundation
import XCTest
@testable import HTTP

final class MiddlewareTests: XCTestCase {
    struct Boom: Error { let secret = "password=hunter2" }

    private func request(_ method: String, _ path: String, headers: [(String, String)] = []) -> Request {
        Request(method: method, target: path, path: path, headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }))
    }

    func testRequestIDEchoesSaneAndReplacesInsane() throws {
        let router = Router()
        router.use(Middlewares.requestID())
        router.add("GET", "/") { r in Response.text(r.requestID) }
        let echoed = try router.handler(request("GET", "/", headers: [("X-Request-Id", "abc-123_X")]))
        XCTAssertEqual(echoed.headers["X-Request-Id"], "abc-123_X")
        XCTAssertEqual(echoed.body, Array("abc-123_X".utf8))
        for bad in ["has space", String(repeating: "a", count: 65), "semi;colon", ""] {
            let r = try router.handler(request("GET", "/", headers: [("X-Request-Id", bad)]))
            let id = try XCTUnwrap(r.headers["X-Request-Id"])
            XCTAssertNotEqual(id, bad)
            XCTAssertEqual(id.count, 16)
            XCTAssertEqual(r.body, Array(id.utf8))
        }
        let a = try router.handler(request("GET", "/")).headers["X-Request-Id"]
        let b = try router.handler(request("GET", "/")).headers["X-Request-Id"]
        XCTAssertNotEqual(a, b)
    }

    func testAccessLogWritesOneStructuredLinePerRequest() throws {
        let log = LogSink()
        let router = Router()
        router.use(Middlewares.requestID())
        router.use(Middlewares.accessLog(log.sink))
        router.use(Middlewares.errorMapping())
        router.use(Middlewares.authentication(isPublic: { $0.path == "/open" },
                                              authenticate: { Middlewares.bearerToken($0) == "t0k" ? "alice" : nil }))
        router.add("GET", "/open") { _ in Response.text("hello") }
        router.add("GET", "/private") { r in Response.text("hi \(r.user ?? "?")") }
        _ = try router.handler(request("GET", "/open", headers: [("X-Request-Id", "rid1")]))
        let priv = try router.handler(request("GET", "/private", headers: [("Authorization", "Bearer t0k")]))
        XCTAssertEqual(priv.body, Array("hi alice".utf8))
        let denied = try router.handler(request("GET", "/private"))
        XCTAssertEqual(denied.status, 401)
        XCTAssertEqual(denied.headers["WWW-Authenticate"], "Bearer")
        // Unknown paths need credentials too (401 first): existence is not revealed to strangers.
        _ = try router.handler(request("GET", "/missing path", headers: [("Authorization", "Bearer t0k")]))
        let lines = log.all
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[0].hasPrefix("time="))
        XCTAssertTrue(lines[0].contains(" id=rid1 method=GET path=/open status=200 bytes=5 duration_ms="), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(" user=-"), lines[0])
        XCTAssertTrue(lines[1].contains("status=200"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(" user=alice"), lines[1])
        XCTAssertTrue(lines[2].contains("status=401"), lines[2])
        XCTAssertTrue(lines[3].contains("path=\"/missing path\" status=404"), lines[3])
        XCTAssertTrue(lines[3].hasSuffix(" user=alice"), lines[3])
    }

    func testErrorMappingHidesInternals() throws {
        let reported = LogSink()
        let router = Router()
        router.use(Middlewares.errorMapping(report: { _, error in reported.sink("\(error)") }))
        router.add("GET", "/boom") { _ in throw Boom() }
        router.add("GET", "/teapot") { _ in throw HTTPError(status: 418, title: "Teapot", detail: "short and stout", headers: [("X-Tea", "1")]) }
        let boom = try router.handler(request("GET", "/boom"))
        XCTAssertEqual(boom.status, 500)
        XCTAssertEqual(boom.headers["Content-Type"], "application/problem+json")
        XCTAssertFalse(String(decoding: boom.body, as: UTF8.self).contains("hunter2"))
        XCTAssertTrue(reported.all.first?.contains("hunter2") ?? false, "the reporter sees the error")
        let tea = try router.handler(request("GET", "/teapot"))
        XCTAssertEqual(tea.status, 418)
        XCTAssertEqual(tea.headers["X-Tea"], "1")
        XCTAssertEqual(String(decoding: tea.body, as: UTF8.self),
                       "{\"type\":\"about:blank\",\"title\":\"Teapot\",\"status\":418,\"detail\":\"short and stout\"}")
    }

    func testServerMapsUncaughtErrorsWithoutLeakingThem() throws {
        let (server, port) = try startServer { _ in throw Boom() }
        defer { server.stop() }
        let c = try RawClient(port: port)
        let r = try XCTUnwrap(c.exchange(get("/")))
        XCTAssertEqual(r.status, 500)
        XCTAssertFalse(r.text.contains("hunter2"))
        XCTAssertEqual(c.exchange(get("/again"))?.status, 500, "the connection survives a handler error")
    }

    func testProblemEscapesJSON() throws {
        let p = Problem.response(status: 422, title: "Bad \"input\"", detail: "line\nbreak \\ \u{01}", headers: [("X-A", "b")])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(p.body)) as? [String: Any])
        XCTAssertEqual(json["title"] as? String, "Bad \"input\"")
        XCTAssertEqual(json["detail"] as? String, "line\nbreak \\ \u{01}")
        XCTAssertEqual(p.headers["X-A"], "b")
    }

    func testMetricsCountRoutesMethodsStatusesAndConnections() throws {
        let metrics = ServerMetrics()
        let router = Router()
        router.use(Middlewares.metrics(metrics))
        router.use(Middlewares.errorMapping())
        router.add("GET", "/units/{id:int}") { _ in Response.text("u") }
        router.add("GET", "/fail") { _ in throw HTTPError(409, "conflict") }
        let (server, port) = try startServer(metrics: metrics, handler: router.handler)
        defer { server.stop() }
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange(get("/units/1"))?.status, 200)
        XCTAssertEqual(c.exchange(get("/units/2"))?.status, 200)
        XCTAssertEqual(c.exchange(get("/fail"))?.status, 409)
        XCTAssertEqual(c.exchange(get("/nope"))?.status, 404)
        XCTAssertEqual(c.exchange("BREW /units/1 HTTP/1.1\r\nHost: x\r\n\r\n")?.status, 405)
        let text = metrics.prometheusText()
        XCTAssertTrue(text.contains("# TYPE http_requests_total counter"))
        XCTAssertTrue(text.contains("http_requests_total{route=\"/units/{id:int}\",method=\"GET\",status=\"200\"} 2"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/fail\",method=\"GET\",status=\"409\"} 1"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/units/{id:int}\",method=\"OTHER\",status=\"405\"} 1"), text)
        XCTAssertTrue(text.contains("# TYPE http_request_duration_seconds histogram"))
        XCTAssertTrue(text.contains("http_request_duration_seconds_bucket{route=\"/units/{id:int}\",method=\"GET\",le=\"+Inf\"} 2"), text)
        XCTAssertTrue(text.contains("http_request_duration_seconds_count{route=\"/units/{id:int}\",method=\"GET\"} 2"), text)
        XCTAssertTrue(text.contains("http_open_connections 1"), text)
        server.stop()
        XCTAssertTrue(metrics.prometheusText().contains("http_open_connections 0"))
    }

    /// Metrics keep a series per route template and method: two routers sharing one
    /// `ServerMetrics`, with their routes registered in each other's order, HEAD on a GET route,
    /// unknown methods and unmatched paths all land in their own series.
    func testMetricsKeepASeriesPerRouteTemplateAndMethod() throws {
        let metrics = ServerMetrics()
        let first = Router(), second = Router()
        first.use(Middlewares.standard(accessLog: { _ in }, metrics: metrics))
        second.use(Middlewares.standard(accessLog: { _ in }, metrics: metrics))
        first.add("GET", "/a") { _ in Response.text("a") }
        first.add("GET", "/b/{id:int}") { _ in Response.text("b") }
        second.add("GET", "/b/{id:int}") { _ in Response.text("b") }
        second.add("GET", "/a") { _ in Response.text("a") }
        second.add("POST", "/a") { _ in Response(status: 201) }
        for _ in 0..<3 {
            for router in [first, second] {
                _ = try router.handler(request("GET", "/a"))
                _ = try router.handler(request("HEAD", "/a"))
                _ = try router.handler(request("GET", "/b/7"))
                _ = try router.handler(request("BREW", "/b/7"))
                _ = try router.handler(request("GET", "/nowhere"))
            }
            _ = try second.handler(request("POST", "/a"))
        }
        let lines = metrics.prometheusText().split(separator: "\n").filter { $0.hasPrefix("http_requests_total{") }
        XCTAssertEqual(lines, [
            #"http_requests_total{route="/a",method="GET",status="200"} 6"#,
            #"http_requests_total{route="/a",method="HEAD",status="200"} 6"#,
            #"http_requests_total{route="/a",method="POST",status="201"} 3"#,
            #"http_requests_total{route="/b/{id:int}",method="GET",status="200"} 6"#,
            #"http_requests_total{route="/b/{id:int}",method="OTHER",status="405"} 6"#,
            #"http_requests_total{route="unmatched",method="GET",status="404"} 6"#,
        ])
    }

    func testServerLogsRefusedRequests() throws {
        let log = LogSink()
        let (server, port) = try startServer(log: log, handler: echoHandler)
        defer { server.stop() }
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")?.status, 400)
        XCTAssertTrue(log.all.contains { $0.contains("msg=\"request refused\"") && $0.contains("status=400") }, "\(log.all)")
    }

    /// `standard` is the four layers in one: the same answers, headers, log lines and metrics as
    /// `requestID`, `accessLog`, `metrics` and `errorMapping` added in that order.
    func testStandardLayerDoesWhatTheFourLayersDo() throws {
        struct Build { let router: Router; let log: LogSink; let metrics: ServerMetrics; let reported: LogSink }
        func routes(_ router: Router) {
            router.add("GET", "/units/{id:int}") { r in Response.text("unit \(r.pathParameters["id"] ?? "?") id \(r.requestID)") }
            router.add("GET", "/teapot") { _ in throw HTTPError(status: 418, title: "Teapot", detail: "short", headers: [("X-Tea", "1")]) }
            router.add("GET", "/boom") { _ in throw Boom() }
            router.add("POST", "/users") { _ in var r = Response(status: 201); r.user = "alice"; return r }
        }
        let four = Build(router: Router(), log: LogSink(), metrics: ServerMetrics(), reported: LogSink())
        four.router.use(Middlewares.requestID())
        four.router.use(Middlewares.accessLog(four.log.sink))
        four.router.use(Middlewares.metrics(four.metrics))
        four.router.use(Middlewares.errorMapping(report: { _, error in four.reported.sink("\(error)") }))
        routes(four.router)
        let one = Build(router: Router(), log: LogSink(), metrics: ServerMetrics(), reported: LogSink())
        one.router.use(Middlewares.standard(accessLog: one.log.sink, metrics: one.metrics, report: { _, error in one.reported.sink("\(error)") }))
        routes(one.router)

        let requests = [request("GET", "/units/7", headers: [("X-Request-Id", "given-1")]), request("GET", "/teapot", headers: [("X-Request-Id", "given-2")]),
                        request("GET", "/boom", headers: [("X-Request-Id", "given-3")]), request("POST", "/users", headers: [("X-Request-Id", "given-4")]),
                        request("GET", "/nowhere", headers: [("X-Request-Id", "given-5")]), request("DELETE", "/units/7", headers: [("X-Request-Id", "given-6")]),
                        request("BREW", "/teapot", headers: [("X-Request-Id", "given-7")]), request("GET", "/units/8")]
        for r in requests {
            let a = try four.router.handler(r), b = try one.router.handler(r)
            XCTAssertEqual(a.status, b.status, r.path)
            XCTAssertEqual(a.headers.fields.map(\.name), b.headers.fields.map(\.name), r.path)
            if r.headers["X-Request-Id"] != nil {
                XCTAssertEqual(a.body, b.body, r.path)
                XCTAssertEqual(a.headers.fields.map(\.value), b.headers.fields.map(\.value), r.path)
            } else {
                XCTAssertNotEqual(a.headers["X-Request-Id"], b.headers["X-Request-Id"], "a new id each time")
            }
        }
        // Log lines alike but for the time and the duration.
        func comparable(_ line: String) -> String {
            line.split(separator: " ").filter { !$0.hasPrefix("time=") && !$0.hasPrefix("duration_ms=") && !$0.hasPrefix("id=") }.joined(separator: " ")
        }
        XCTAssertEqual(four.log.all.count, requests.count)
        XCTAssertEqual(four.log.all.map(comparable), one.log.all.map(comparable))
        XCTAssertEqual(four.log.all.prefix(7).map { $0.split(separator: " ")[1] }, one.log.all.prefix(7).map { $0.split(separator: " ")[1] })
        for line in one.log.all {
            XCTAssertNotNil(line.range(of: #"^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z id=\S+ method=\S+ path=\S+ status=\d{3} bytes=\d+ duration_ms=\d+\.\d{3} user=\S+$"#,
                                        options: .regularExpression), line)
        }
        XCTAssertTrue(one.log.all[3].hasSuffix(" user=alice"), one.log.all[3])
        XCTAssertEqual(four.reported.all, one.reported.all)
        XCTAssertEqual(one.reported.all.count, 1)
        func withoutSums(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.contains("_sum{") } }
        XCTAssertEqual(withoutSums(four.metrics.prometheusText()), withoutSums(one.metrics.prometheusText()))
    }
}
