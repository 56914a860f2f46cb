// How the server keeps what a request carries: header fields as bytes, a request's parts in one
// copy-on-write object, field values checked eight bytes at a time, metrics' remembered series.
// Each held to a plain model of what it replaced.
import XCTest
@testable import HTTP

final class StorageTests: XCTestCase {
    /// Random adds, sets and removes: the fields, lookups and iteration of a list of String pairs.
    func testHeadersAsBytesAnswerAsAListOfPairs() {
        var rng = SystemRandomNumberGenerator()
        let names = ["Host", "host", "X-A", "x-a", "Content-Type", "ETag", "", "名字", "X-Request-Id", "x-request-ID"]
        let values = ["", "v", "a b", "东城镇", "\"3\"", String(repeating: "z", count: 300), "a\r\nb"]
        func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }
        for _ in 0..<2000 {
            var headers = HTTPHeaders()
            var model: [(name: String, value: String)] = []
            if Bool.random(using: &rng) {
                model = (0..<Int.random(in: 0...3, using: &rng)).map { _ in (names.randomElement(using: &rng)!, values.randomElement(using: &rng)!) }
                headers = HTTPHeaders(model)
            }
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                let (name, value) = (names.randomElement(using: &rng)!, values.randomElement(using: &rng)!)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    headers.add(name, value)
                    model.append((name, value))
                case 1:
                    headers.set(name, value)
                    model.removeAll { same($0.name, name) }
                    model.append((name, value))
                default:
                    headers.remove(name)
                    model.removeAll { same($0.name, name) }
                }
            }
            XCTAssertEqual(headers.fields.map(\.name), model.map(\.name))
            XCTAssertEqual(headers.fields.map(\.value), model.map(\.value))
            XCTAssertEqual(headers.map(\.name), model.map(\.name))
            XCTAssertEqual(headers.map(\.value), model.map(\.value))
            for name in names {
                XCTAssertEqual(headers[name], model.first { same($0.name, name) }?.value, name)
                XCTAssertEqual(headers.values(name), model.filter { same($0.name, name) }.map(\.value), name)
            }
        }
    }

    /// Parsed fields are the bytes that arrived, decoded only when asked for (invalid UTF-8 repaired).
    func testParsedFieldsDecodeAsStringsWould() throws {
        let head: [UInt8] = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Raw:  caf".utf8) + [0xC3, 0xA9, 0xFF] + Array(" \r\nx-raw: 2\r\n\r\n".utf8)
        guard case let .complete(parsed, consumed) = try head.withUnsafeBufferPointer({ try HeadParser.parse($0, limits: ParserLimits(ServerConfiguration())) }) else {
            return XCTFail("incomplete")
        }
        XCTAssertEqual(consumed, head.count)
        XCTAssertEqual(parsed.headers.fields.map(\.name), ["Host", "X-Raw", "x-raw"])
        XCTAssertEqual(parsed.headers["x-RAW"], String(decoding: Array("caf".utf8) + [0xC3, 0xA9, 0xFF], as: UTF8.self))
        XCTAssertEqual(parsed.headers.values("X-Raw").count, 2)
        XCTAssertEqual(parsed.headers["Host"], "h")
        XCTAssertNil(parsed.headers["Hos"])
    }

    /// Path parameters: a name set twice keeps its last value, removing one keeps the others in
    /// order, and two sets of parameters are equal whatever order they were set in.
    func testPathParametersByName() {
        var p: PathParameters = [:]
        XCTAssertTrue(p.isEmpty)
        XCTAssertNil(p["id"])
        p["id"] = "7"
        p["name"] = "a"
        p["x"] = "1"
        p["id"] = "8"
        XCTAssertEqual(p.count, 3)
        XCTAssertEqual(p["id"], "8")
        XCTAssertEqual(p.map(\.key), ["id", "name", "x"])
        XCTAssertEqual(p, ["x": "1", "name": "a", "id": "8"])
        XCTAssertNotEqual(p, ["x": "1", "name": "a", "id": "7"])
        XCTAssertNotEqual(p, ["x": "1", "name": "a"])
        p["id"] = nil
        XCTAssertEqual(p.map(\.key), ["name", "x"])
        XCTAssertEqual(p["name"], "a")
        p["x"] = nil
        p["missing"] = nil
        XCTAssertEqual(p.map(\.value), ["a"])
        p["name"] = nil
        XCTAssertTrue(p.isEmpty)
        XCTAssertEqual(p, [:])
    }

    /// A field set from bytes replaces every earlier value, as setting it from a String does.
    func testHeaderSetFromBytes() {
        var headers = HTTPHeaders([("Link", "old"), ("X-A", "a"), ("link", "older")])
        let value = Array("</a?b=%E5>; rel=\"next\"".utf8)
        value.withUnsafeBufferPointer { headers.set("Link", utf8: $0) }
        XCTAssertEqual(headers.fields.map(\.name), ["X-A", "Link"])
        XCTAssertEqual(headers["link"], "</a?b=%E5>; rel=\"next\"")
        XCTAssertEqual(headers.values("Link"), ["</a?b=%E5>; rel=\"next\""])
    }

    /// A copy of a request shares its parts until one of the two changes one.
    func testRequestCopiesAreIndependent() {
        var a = Request(method: "GET", target: "/a?x=1", path: "/a", queryItems: [("x", "1")],
                        headers: HTTPHeaders([("Host", "h")]), body: [1], remoteAddress: "127.0.0.1")
        a.route = "/a"
        a.pathParameters = ["id": "7"]
        var b = a
        b.method = "POST"
        b.headers.add("X-B", "b")
        b.body = [2]
        b.route = nil
        b.pathParameters["id"] = "8"
        b.requestID = "rb"
        b.user = "u"
        b.target = "/b"
        b.path = "/b"
        b.queryItems = []
        b.remoteAddress = "::1"
        XCTAssertEqual([a.method, a.target, a.path, a.remoteAddress, a.requestID], ["GET", "/a?x=1", "/a", "127.0.0.1", ""])
        XCTAssertEqual(a.headers.fields.map(\.name), ["Host"])
        XCTAssertEqual(a.body, [1])
        XCTAssertEqual(a.route, "/a")
        XCTAssertEqual(a.pathParameters, ["id": "7"])
        XCTAssertNil(a.user)
        XCTAssertEqual(a.query("x"), "1")
        XCTAssertEqual([b.method, b.target, b.path, b.remoteAddress, b.requestID, b.user], ["POST", "/b", "/b", "::1", "rb", "u"])
        XCTAssertEqual(b.headers.fields.map(\.name), ["Host", "X-B"])
        XCTAssertEqual(b.body, [2])
        XCTAssertNil(b.route)
        XCTAssertEqual(b.pathParameters, ["id": "8"])
        XCTAssertNil(b.query("x"))
    }

    /// The eight-bytes-at-a-time check says what the byte-by-byte one says, wherever the bad byte is.
    func testFieldValueCheckByWordsIsTheByteByByteOne() {
        var rng = SystemRandomNumberGenerator()
        let awkward: [UInt8] = [0, 8, 9, 10, 13, 31, 32, 33, 126, 127, 128, 160, 255, 0x7E, 0x20]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 32...126, using: &rng) }
            for _ in 0..<Int.random(in: 0...2, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = awkward.randomElement(using: &rng)!
            }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            let expected = bytes[start...].allSatisfy(ByteClass.isFieldValueChar)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { ByteClass.areFieldValueChars($0, start, $0.count) }, expected, "\(bytes) from \(start)")
        }
    }

    /// Routes recorded in turns (so the remembered series keeps changing) are counted as apart.
    func testMetricsCountRoutesRecordedInTurns() {
        let metrics = ServerMetrics()
        let routes = ["/a", "/b/{id}", "/a"]
        for i in 0..<30 {
            // A string of its own each time (equal to the template, not the same storage).
            let route = String(decoding: Array(routes[i % 3].utf8), as: UTF8.self)
            metrics.record(route: route, method: i % 5 == 0 ? "POST" : "GET", status: i % 2 == 0 ? 200 : 404, duration: 0.001)
        }
        let text = metrics.prometheusText()
        XCTAssertTrue(text.contains("http_requests_total{route=\"/a\",method=\"GET\",status=\"200\"} 8\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/a\",method=\"GET\",status=\"404\"} 8\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/a\",method=\"POST\",status=\"200\"} 2\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/a\",method=\"POST\",status=\"404\"} 2\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/b/{id}\",method=\"GET\",status=\"200\"} 4\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/b/{id}\",method=\"GET\",status=\"404\"} 4\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/b/{id}\",method=\"POST\",status=\"200\"} 1\n"), text)
        XCTAssertTrue(text.contains("http_requests_total{route=\"/b/{id}\",method=\"POST\",status=\"404\"} 1\n"), text)
        XCTAssertTrue(text.contains("http_request_duration_seconds_count{route=\"/a\",method=\"GET\"} 16\n"), text)
    }
}
