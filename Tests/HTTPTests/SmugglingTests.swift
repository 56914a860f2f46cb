// Request-smuggling shapes and malformed requests are refused; the server keeps serving.
import XCTest
@testable import HTTP

final class SmugglingTests: XCTestCase {
    var server: HTTPServer?
    var port = 0

    override func setUpWithError() throws {
        (server, port) = try startServer(handler: echoHandler)
    }

    override func tearDown() { server?.stop() }

    private func status(_ request: String) throws -> Int? {
        let c = try RawClient(port: port)
        return c.exchange(request)?.status
    }

    private func post(_ headers: String, _ body: String) -> String {
        "POST / HTTP/1.1\r\nHost: x\r\n\(headers)\r\n\(body)"
    }

    func testContentLengthAndTransferEncodingIs400() throws {
        XCTAssertEqual(try status(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")), 400)
    }

    func testDifferingContentLengthsAre400() throws {
        XCTAssertEqual(try status(post("Content-Length: 3\r\nContent-Length: 4\r\n", "abcd")), 400)
        XCTAssertEqual(try status(post("Content-Length: 3, 4\r\n", "abcd")), 400)
    }

    func testIdenticalDuplicateContentLengthIsAccepted() throws {
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange(post("Content-Length: 3\r\nContent-Length: 3\r\n", "abc"))?.text, "ok POST / 3")
    }

    func testInvalidContentLengthIs400() throws {
        XCTAssertEqual(try status(post("Content-Length: -1\r\n", "")), 400)
        XCTAssertEqual(try status(post("Content-Length: +3\r\n", "abc")), 400)
        XCTAssertEqual(try status(post("Content-Length: 99999999999999999999999\r\n", "")), 400)
    }

    func testObsoleteLineFoldingIs400() throws {
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n\ttwo\r\n\r\n"), 400)
    }

    func testBadChunkSizesAre400() throws {
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n")), 400)
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked\r\n", "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n")), 400)
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked\r\n", "-5\r\nhello\r\n0\r\n\r\n")), 400)
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked\r\n", "\r\nhello\r\n0\r\n\r\n")), 400)
        // Data longer than its declared size.
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked\r\n", "3\r\nhello\r\n0\r\n\r\n")), 400)
    }

    func testUnknownTransferCodingIs501() throws {
        XCTAssertEqual(try status(post("Transfer-Encoding: gzip\r\n", "")), 501)
        XCTAssertEqual(try status(post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n")), 501)
    }

    func testChunkedTwiceOrNotLastIs400() throws {
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n")), 400)
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")), 400)
        XCTAssertEqual(try status(post("Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n")), 400)
    }

    func testTransferEncodingInHTTP10Is400() throws {
        XCTAssertEqual(try status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400)
    }

    func testInvalidRequestLinesAre400() throws {
        XCTAssertEqual(try status("G(T / HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET  / HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET nope HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET * HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTQ/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/11\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /\u{7f} HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
    }

    func testUnsupportedVersionsAre505() throws {
        XCTAssertEqual(try status("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), 505)
        XCTAssertEqual(try status("GET / HTTP/1.2\r\nHost: x\r\n\r\n"), 505)
    }

    func testHostIsRequiredOnceIn11() throws {
        XCTAssertEqual(try status("GET / HTTP/1.1\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400)
    }

    func testBadHeaderFieldsAre400() throws {
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\nX-A : v\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{01}b\r\n\r\n"), 400)
    }

    func testGarbageIs400AndTheNextClientIsServed() throws {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) } + Array("\r\n\r\n".utf8)
        let c = try RawClient(port: port)
        c.send(garbage)
        XCTAssertEqual(c.readResponse()?.status, 400)
        XCTAssertTrue(c.isClosedByPeer())
        let next = try RawClient(port: port)
        XCTAssertEqual(next.exchange(get("/fine"))?.text, "ok GET /fine 0")
    }

    func testResponseSplittingByAHandlerIsPrevented() throws {
        let s = try startServer { _ in
            Response(status: 200, headers: HTTPHeaders([("X-Evil", "a\r\nSet-Cookie: x=1"), ("X-Fine", "yes")]), body: [])
        }
        defer { s.0.stop() }
        let c = try RawClient(port: s.1)
        let r = try XCTUnwrap(c.exchange(get("/")))
        XCTAssertNil(r.header("Set-Cookie"))
        XCTAssertNil(r.header("X-Evil"))
        XCTAssertEqual(r.header("X-Fine"), "yes")
    }

    /// The fields a handler may not send: those the server owns (in any case), names that are not
    /// tokens, values with CR, LF or NUL. Everything else goes out as given.
    func testOnlyWritableHandlerFieldsGoOut() {
        for owned in ["Content-Length", "content-length", "TRANSFER-ENCODING", "Connection", "date", "DATE"] {
            XCTAssertFalse(ResponseWriter.isWritable(name: owned, value: "1"), owned)
        }
        for (name, value) in [("", "x"), ("Bad Name", "x"), ("X:Y", "x"), ("X-A", "a\rb"), ("X-A", "a\nb"), ("X-A", "a\u{0}b"), ("名字", "x")] {
            XCTAssertFalse(ResponseWriter.isWritable(name: name, value: value), "\(name): \(value)")
        }
        for (name, value) in [("X-Request-Id", "abc"), ("ETag", "\"3\""), ("Content-Type", "application/json"), ("Link", "</a?b=c>; rel=\"next\""),
                              ("Dates", "x"), ("Connections", "x"), ("X-Unicode", "东城镇"), ("X-Empty", "")] {
            XCTAssertTrue(ResponseWriter.isWritable(name: name, value: value), "\(name): \(value)")
        }
        let head = ResponseWriter.head(Response(status: 200, headers: HTTPHeaders([("X-Unicode", "东城镇"), ("content-length", "99"), ("X-B", "b")]), body: [1, 2]),
                                       method: "GET", close: false, keepAliveHeader: false, date: "Sun, 29 Nov 2026 16:00:00 GMT")
        XCTAssertEqual(String(decoding: head, as: UTF8.self),
                       "HTTP/1.1 200 OK\r\nX-Unicode: 东城镇\r\nX-B: b\r\nX-Content-Type-Options: nosniff\r\nDate: Sun, 29 Nov 2026 16:00:00 GMT\r\nContent-Length: 2\r\n\r\n")
    }
}
