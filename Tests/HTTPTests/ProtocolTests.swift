// Persistent connections, pipelining, bodies, Expect, HEAD, Connection: close — over real TCP.
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class ProtocolTests: XCTestCase {
    var server: HTTPServer?
    var port = 0

    override func setUpWithError() throws {
        (server, port) = try startServer(handler: echoHandler)
    }

    override func tearDown() {
        server?.stop()
    }

    func testKeepAliveServesTwoRequestsOnOneConnection() throws {
        let c = try RawClient(port: port)
        let a = try XCTUnwrap(c.exchange(get("/one")))
        XCTAssertEqual(a.status, 200)
        XCTAssertEqual(a.text, "ok GET /one 0")
        XCTAssertNil(a.header("Connection"))
        XCTAssertNotNil(a.header("Date"))
        let b = try XCTUnwrap(c.exchange(get("/two")))
        XCTAssertEqual(b.text, "ok GET /two 0")
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let c = try RawClient(port: port)
        c.send(get("/a") + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + get("/c"))
        XCTAssertEqual(c.readResponse()?.text, "ok GET /a 0")
        XCTAssertEqual(c.readResponse()?.text, "ok POST /b 3")
        XCTAssertEqual(c.readResponse()?.text, "ok GET /c 0")
    }

    func testContentLengthBody() throws {
        let bodyServer = try startServer { request in Response(status: 200, contentType: "application/octet-stream", body: request.body) }
        defer { bodyServer.0.stop() }
        let c = try RawClient(port: bodyServer.1)
        c.send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello")
        usleep(50_000)
        c.send(" world")
        XCTAssertEqual(c.readResponse()?.text, "hello world")
    }

    func testChunkedBodyWithExtensionsAndTrailers() throws {
        let bodyServer = try startServer { request in Response(status: 200, contentType: "text/plain", body: request.body) }
        defer { bodyServer.0.stop() }
        let c = try RawClient(port: bodyServer.1)
        c.send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               + "5;name=value\r\nhello\r\n6 ; quoted=\"a b\"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n")
        let r = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.text, "hello world0123456789")
        // The connection persists after a chunked request.
        XCTAssertEqual(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")?.status, 200)
    }

    func testExpectContinueSendsInterimThenFinal() throws {
        let c = try RawClient(port: port)
        c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(interim.status, 100)
        c.send("data")
        let final = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(final.status, 200)
        XCTAssertEqual(final.text, "ok POST /up 4")
    }

    func testExpectContinueOverLimitGets413WithoutInterim() throws {
        let small = try startServer({ $0.maxBodyBytes = 10 }, handler: echoHandler)
        defer { small.0.stop() }
        let c = try RawClient(port: small.1)
        c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
        let r = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(r.status, 413)
        XCTAssertEqual(r.header("Connection"), "close")
    }

    func testUnknownExpectationIs417() throws {
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange(get("/", "Expect: teapot\r\n"))?.status, 417)
    }

    func testHeadHasNoBodyAndTheSameContentLength() throws {
        let c = try RawClient(port: port)
        let g = try XCTUnwrap(c.exchange(get("/same")))
        let h = try XCTUnwrap(c.exchange("HEAD /same HTTP/1.1\r\nHost: x\r\n\r\n", head: true))
        XCTAssertEqual(h.status, 200)
        // The handler saw HEAD; the echo text differs in length by one ("HEAD" vs "GET").
        XCTAssertEqual(h.header("Content-Length"), String(g.body.count + 1))
        // No body bytes followed: the next response on this connection parses cleanly.
        XCTAssertEqual(c.exchange(get("/after"))?.text, "ok GET /after 0")
    }

    func testExplicitHeadHandlerMayStateItsLength() throws {
        let s = try startServer { request in
            request.method == "HEAD"
                ? Response(status: 200, headers: HTTPHeaders([("Content-Length", "12345")]))
                : Response.text("short")
        }
        defer { s.0.stop() }
        let c = try RawClient(port: s.1)
        XCTAssertEqual(c.exchange("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", head: true)?.header("Content-Length"), "12345")
        let g = try XCTUnwrap(c.exchange(get("/")))
        XCTAssertEqual(g.header("Content-Length"), "5")
        XCTAssertEqual(g.text, "short")
    }

    func testHandlerMayAskToClose() throws {
        let s = try startServer { _ in Response(status: 200, headers: HTTPHeaders([("Connection", "close")]), body: Array("bye".utf8)) }
        defer { s.0.stop() }
        let c = try RawClient(port: s.1)
        let r = try XCTUnwrap(c.exchange(get("/")))
        XCTAssertEqual(r.header("Connection"), "close")
        XCTAssertEqual(r.text, "bye")
        XCTAssertTrue(c.isClosedByPeer())
    }

    func testStandardErrorSinkWritesWholeLines() throws {
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        let saved = dup(2)
        dup2(fds[1], 2)
        DispatchQueue.concurrentPerform(iterations: 4) { i in StandardError.sink("line \(i) " + String(repeating: "x", count: 100)) }
        dup2(saved, 2)
        close(saved)
        close(fds[1])
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &chunk, chunk.count)
            if n <= 0 { break }
            out += chunk[0..<n]
        }
        close(fds[0])
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(Set(lines.map { $0.prefix(6) }), ["line 0", "line 1", "line 2", "line 3"])
        XCTAssertTrue(lines.allSatisfy { $0.hasSuffix(String(repeating: "x", count: 100)) })
    }

    func testConnectionCloseIsHonoured() throws {
        let c = try RawClient(port: port)
        let r = try XCTUnwrap(c.exchange(get("/", "Connection: close\r\n")))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.header("Connection"), "close")
        XCTAssertTrue(c.isClosedByPeer())
    }

    func testHTTP10ClosesByDefaultAndKeepsAliveOnRequest() throws {
        let c = try RawClient(port: port)
        let r = try XCTUnwrap(c.exchange("GET /old HTTP/1.0\r\n\r\n"))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.header("Connection"), "close")
        XCTAssertTrue(c.isClosedByPeer())
        let k = try RawClient(port: port)
        XCTAssertEqual(k.exchange("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.header("Connection"), "keep-alive")
        XCTAssertEqual(k.exchange("GET /b HTTP/1.0\r\n\r\n")?.text, "ok GET /b 0")
    }

    func testURLSessionRoundTrip() throws {
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)/via/urlsession?x=1"))
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data("12345".utf8)
        let (data, response) = try fetch(request)
        XCTAssertEqual(response.statusCode, 200)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "ok POST /via/urlsession 5")
    }

    func testHeadSentOneByteAtATimeIsParsed() throws {
        let c = try RawClient(port: port)
        var one: Int32 = 1
        setsockopt(c.fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        for byte in Array(get("/bytewise", "X-Long: \(String(repeating: "v", count: 300))\r\n").utf8) { c.send([byte]) }
        XCTAssertEqual(c.readResponse()?.text, "ok GET /bytewise 0")
    }

    func testEmptyLinesBeforeRequestLineAreIgnored() throws {
        let c = try RawClient(port: port)
        XCTAssertEqual(c.exchange("\r\n\r\n" + get("/x"))?.text, "ok GET /x 0")
    }

    func testQueryAndPercentDecoding() throws {
        let s = try startServer { request in
            Response.text("\(request.path)|\(request.query("q") ?? "-")|\(request.query("n") ?? "-")")
        }
        defer { s.0.stop() }
        let c = try RawClient(port: s.1)
        XCTAssertEqual(c.exchange(get("/a%20b/%E5%AE%89?q=x+y%26z&n=1"))?.text, "/a b/安|x y&z|1")
        XCTAssertEqual(c.exchange(get("/bad%zz"))?.status, 400)
    }
}

/// A blocking URLSession request (tests only).
func fetch(_ request: URLRequest) throws -> (Data, HTTPURLResponse) {
    final class Box: @unchecked Sendable { var result: Result<(Data, HTTPURLResponse), any Error>? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let session = URLSession(configuration: .ephemeral)
    session.dataTask(with: request) { data, response, error in
        if let error { box.result = .failure(error) }
        else if let http = response as? HTTPURLResponse { box.result = .success((data ?? Data(), http)) }
        else { box.result = .failure(URLError(.badServerResponse)) }
        done.signal()
    }.resume()
    guard done.wait(timeout: .now() + 5) == .success, let result = box.result else { throw URLError(.timedOut) }
    session.finishTasksAndInvalidate()
    return try result.get()
}
