// Each limit answered with its status, and the connection closed.
import XCTest
@testable import HTTP

final class LimitTests: XCTestCase {
    var server: HTTPServer?
    var port = 0

    override func setUpWithError() throws {
        (server, port) = try startServer({ c in
            c.maxRequestLineBytes = 100
            c.maxHeaderBytes = 400
            c.maxHeaderCount = 5
            c.maxBodyBytes = 1000
        }, handler: echoHandler)
    }

    override func tearDown() { server?.stop() }

    private func refused(_ request: String, _ status: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try RawClient(port: port)
        let r = try XCTUnwrap(c.exchange(request), file: file, line: line)
        XCTAssertEqual(r.status, status, file: file, line: line)
        XCTAssertEqual(r.header("Connection"), "close", file: file, line: line)
        XCTAssertEqual(r.header("Content-Type"), "application/problem+json", file: file, line: line)
        XCTAssertTrue(r.text.contains("\"status\":\(status)"), r.text, file: file, line: line)
        XCTAssertTrue(c.isClosedByPeer(), file: file, line: line)
    }

    func testLongRequestLineIs414() throws {
        try refused(get("/" + String(repeating: "a", count: 200)), 414)
    }

    func testLongRequestLineIs414EvenBeforeItsEnd() throws {
        let c = try RawClient(port: port)
        c.send("GET /" + String(repeating: "a", count: 200))
        XCTAssertEqual(c.readResponse()?.status, 414)
    }

    func testRequestLineAtTheLimitIsServed() throws {
        let path = "/" + String(repeating: "a", count: 100 - "GET  HTTP/1.1".count - 1)
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange(get(path))?.status, 200)
    }

    func testLargeHeaderSectionIs431() throws {
        try refused(get("/", "X-Big: \(String(repeating: "b", count: 500))\r\n"), 431)
    }

    func testEndlessHeaderLineIs431WithoutItsEnd() throws {
        let c = try RawClient(port: port)
        c.send("GET / HTTP/1.1\r\nX-Endless: " + String(repeating: "e", count: 600))
        XCTAssertEqual(c.readResponse()?.status, 431)
    }

    func testTooManyHeadersIs431() throws {
        let extra = (1...6).map { "X-\($0): v\r\n" }.joined()
        try refused(get("/", extra), 431)
    }

    func testFiveHeadersAreFine() throws {
        let extra = (1...4).map { "X-\($0): v\r\n" }.joined()  // + Host = 5
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange(get("/", extra))?.status, 200)
    }

    func testContentLengthOverLimitIs413WithoutReadingTheBody() throws {
        // The body is never sent: the answer must come from the header alone.
        try refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n", 413)
    }

    func testChunkedBodyOverLimitIs413() throws {
        let chunk = String(repeating: "z", count: 600)
        try refused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n", 413)
    }

    func testHugeTrailerIs431() throws {
        try refused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: \(String(repeating: "t", count: 600))\r\n\r\n", 431)
    }

    func testDefaultLimits() {
        let c = ServerConfiguration()
        XCTAssertEqual(c.maxBodyBytes, 10 * 1024 * 1024)
        XCTAssertEqual(c.maxRequestLineBytes, 8192)
        XCTAssertEqual(c.maxHeaderBytes, 32768)
        XCTAssertEqual(c.maxHeaderCount, 100)
        XCTAssertEqual(c.maxConnections, ConnectionLimits.fromDescriptorLimit())
        XCTAssertEqual(c.maxConnectionsPerClient, 256)
        XCTAssertEqual(c.host, "127.0.0.1")
        XCTAssertEqual(c.port, 8080)
    }
}
