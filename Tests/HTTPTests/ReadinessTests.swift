// Moments where a readiness event could be lost between the reactor and a connection's turn:
// the end arriving with the request, bytes arriving while the connection is being served, and more
// bytes waiting than one turn reads. Each must still be served. (Written when edge-triggered
// registration was tried; one-shot registration passes them too, and was kept as the simpler.)
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class ReadinessTests: XCTestCase {
    /// The request and the client's end arrive together: the answer goes out and the connection
    /// is closed (the end is not left unread behind a short read).
    func testRequestFollowedAtOnceByTheEndIsAnsweredAndClosed() throws {
        let (server, port) = try startServer(handler: echoHandler)
        defer { server.stop() }
        for i in 0..<50 {
            let c = try RawClient(port: port)
            c.send(get("/\(i)"))
            shutdown(c.fd, Int32(SHUT_WR))
            XCTAssertEqual(c.readResponse()?.text, "ok GET /\(i) 0")
            XCTAssertTrue(c.isClosedByPeer(), "connection \(i) closed after its answer")
        }
        for _ in 0..<100 where server.openConnections > 0 { usleep(10_000) }
        XCTAssertEqual(server.openConnections, 0)
    }

    /// Bytes that arrive while a worker is inside the handler for the same connection are answered
    /// once the worker lets the connection go.
    func testBytesArrivingWhileTheConnectionIsServedAreAnswered() throws {
        let (server, port) = try startServer(handler: { request in
            if request.path == "/slow" { usleep(150_000) }
            return try echoHandler(request)
        })
        defer { server.stop() }
        for _ in 0..<3 {
            let c = try RawClient(port: port)
            c.send(get("/slow"))
            usleep(50_000)  // the handler is running now
            c.send(get("/next"))
            XCTAssertEqual(c.readResponse()?.text, "ok GET /slow 0")
            XCTAssertEqual(c.readResponse()?.text, "ok GET /next 0", "the second request, sent mid-handler, is answered")
        }
    }

    /// A body larger than one turn's share (1 MiB): the turn stops reading with bytes still waiting,
    /// and the next turn takes them.
    func testABodyLargerThanOneTurnsShareArrivesWhole() throws {
        let (server, port) = try startServer({ $0.maxBodyBytes = 8 << 20 }, handler: echoHandler)
        defer { server.stop() }
        let c = try RawClient(port: port, timeout: 10)
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20)
        let head = "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n"
        XCTAssertTrue(c.send(Array(head.utf8) + body), "the server reads the body as it comes")
        XCTAssertEqual(c.readResponse()?.text, "ok POST /big \(body.count)")
        XCTAssertEqual(c.exchange(get("/after"))?.text, "ok GET /after 0")
    }
}
