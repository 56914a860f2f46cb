// Hostile and odd traffic over real sockets: the server answers or closes, and keeps serving.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class RobustnessTests: XCTestCase {
    func testMutatedRequestsOverTheWireNeverBreakTheServer() throws {
        let (server, port) = try startServer({ $0.readTimeout = 0.3; $0.maxBodyBytes = 64 }, handler: echoHandler)
        defer { server.stop() }
        let templates = [
            "GET /a?b=c HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nT: v\r\n\r\n",
        ]
        let alphabet = Array(" :\r\n\t/%?;,0fF-HTTP1.chunked".utf8) + [0, 0x7f, 0x80, 0xff]
        let statuses = ThreadLock<[Int: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            var rng = SystemRandomNumberGenerator()
            for round in 0..<40 {
                guard let c = try? RawClient(port: port, timeout: 1) else { continue }
                var bytes = Array(templates[(worker + round) % templates.count].utf8)
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: bytes[i] = alphabet.randomElement(using: &rng) ?? 0
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(alphabet.randomElement(using: &rng) ?? 0, at: i)
                    }
                }
                c.send(bytes)
                shutdown(c.fd, Int32(SHUT_WR))  // no more bytes will come: incomplete input must end too
                let status = c.readResponse()?.status ?? 0  // 0: closed without an answer
                statuses.withLock { $0[status, default: 0] += 1 }
            }
        }
        let seen = statuses.withLock { $0 }
        XCTAssertEqual(seen.values.reduce(0, +), 160)
        XCTAssertTrue(Set(seen.keys).isSubset(of: [0, 200, 400, 408, 413, 414, 417, 431, 501, 505]), "\(seen)")
        XCTAssertGreaterThan(seen[200] ?? 0, 0)
        // Still healthy afterwards.
        XCTAssertEqual(try RawClient(port: port).exchange(get("/after"))?.text, "ok GET /after 0")
        for _ in 0..<100 where server.openConnections > 0 { usleep(10_000) }
        XCTAssertEqual(server.openConnections, 0, "every connection was closed")
    }

    func testPipelineStopsAtConnectionClose() throws {
        let (server, port) = try startServer(handler: echoHandler)
        defer { server.stop() }
        let c = try RawClient(port: port)
        c.send(get("/1") + get("/2", "Connection: close\r\n") + get("/3"))
        XCTAssertEqual(c.readResponse()?.text, "ok GET /1 0")
        let second = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(second.text, "ok GET /2 0")
        XCTAssertEqual(second.header("Connection"), "close")
        XCTAssertTrue(c.isClosedByPeer(), "the third request is not answered")
    }

    func testLargeBodyRoundTrip() throws {
        let (server, port) = try startServer { request in
            Response(status: 200, contentType: "application/octet-stream", body: request.body.reversed())
        }
        defer { server.stop() }
        let body = (0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let c = try RawClient(port: port, timeout: 5)
        c.send(Array("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        let r = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(r.body.count, body.count)
        XCTAssertTrue(r.body.elementsEqual(body.reversed()))
    }
}
