// Connections that wait for a request make room at the limits: a flood of idle connections from
// one address no longer locks everyone out until the read timeout (the issue "The server under
// pressure", item 1). Real server, real sockets, several loopback addresses as several clients.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class ReusableConnectionTests: XCTestCase {
    /// Timeouts far longer than the test: only reclaiming can free a slot.
    private func patient(_ config: inout ServerConfiguration) {
        config.readTimeout = 60
        config.idleTimeout = 60
    }

    func testIdleFloodsFromTwoAddressesDoNotLockOutANewClient() throws {
        // Both ends of every connection are in this process: the clients' 2,200 descriptors and the
        // server's 400, with room for the rest of the test run.
        let (descriptors, previous) = DescriptorLimit.raise(toFit: 2_200 + 400 + 400)
        defer { DescriptorLimit.restore(previous) }
        let floodCount = min(2_000, descriptors - 200 - 400 - 400)
        if floodCount < 2_000 {
            print("descriptor limit \(descriptors): the flood is scaled down to \(floodCount) connections")
        }
        XCTAssertGreaterThan(floodCount, 400, "too few descriptors for a flood larger than the limit")
        let metrics = ServerMetrics()
        let (server, port) = try startServer({
            self.patient(&$0)
            $0.maxConnections = 400  // below the flood, so that the limit is reached; 256 a client (the default)
        }, metrics: metrics, handler: echoHandler)
        defer { server.stop() }
        XCTAssertEqual(server.configuration.maxConnectionsPerClient, 256)

        let flood = try IdleConnections(floodCount, from: "127.0.0.2", port: port)
        let others = try IdleConnections(200, from: "127.0.0.3", port: port)
        defer {
            flood.closeAll()
            others.closeAll()
        }
        // Until the server has taken in every connection: then what it holds is what the clients
        // still see open (the others were closed to make room).
        for _ in 0..<500 where server.openConnections != flood.stillOpen + others.stillOpen { usleep(10_000) }
        let held = server.openConnections
        XCTAssertEqual(held, flood.stillOpen + others.stillOpen)
        XCTAssertLessThanOrEqual(held, 400)
        XCTAssertGreaterThanOrEqual(held, 400 - 32, "the server is at its limit, every slot held by an idle connection")
        XCTAssertLessThanOrEqual(flood.stillOpen, 256, "one address holds at most its cap")
        XCTAssertEqual(others.stillOpen, 200, "the longest-waiting connections (the flood's) made room, not the newer ones")
        // Room is made in batches: fill what the last batch left, so that the server is at its limit exactly.
        let filler = try IdleConnections(400 - held, from: "127.0.0.5", port: port)
        defer { filler.closeAll() }
        for _ in 0..<500 where server.openConnections < 400 { usleep(10_000) }
        XCTAssertEqual(server.openConnections, 400)
        let reclaimedBefore = metrics.reclaimedConnections

        // A new client, from a third address: answered at once.
        let started = Clock.now()
        let newcomer = try RawClient(port: port, timeout: 2, from: "127.0.0.4")
        let answer = newcomer.exchange(get("/newcomer"))
        let took = Clock.now() - started
        print(String(format: "with 400 idle connections held (the limit; %d from 127.0.0.2 after %d opened, 200 from 127.0.0.3, %d from 127.0.0.5), a new client was answered %d in %.1f ms",
                     400 - 200 - (400 - held), floodCount, 400 - held, answer?.status ?? 0, took * 1000))
        XCTAssertEqual(answer?.text, "ok GET /newcomer 0")
        XCTAssertLessThan(took, 1.0)
        XCTAssertGreaterThan(metrics.reclaimedConnections, reclaimedBefore, "the newcomer's room was made by closing waiting connections")
        XCTAssertEqual(others.stillOpen + filler.stillOpen, 200 + 400 - held, "from the flood's, the longest waiting")

        // And from each flooding address too: their own oldest connections make room.
        for source in ["127.0.0.2", "127.0.0.3"] {
            let t0 = Clock.now()
            let client = try RawClient(port: port, timeout: 2, from: source)
            XCTAssertEqual(client.exchange(get("/from-\(source)"))?.status, 200, source)
            XCTAssertLessThan(Clock.now() - t0, 1.0, source)
        }
        XCTAssertLessThanOrEqual(server.openConnections, 400)
        XCTAssertGreaterThanOrEqual(metrics.reclaimedConnections, floodCount + 200 - 400)
        XCTAssertEqual(metrics.refusedConnections(.maxConnections), 0)
        XCTAssertEqual(metrics.refusedConnections(.maxConnectionsPerClient), 0)
    }

    func testTheLongestWaitingConnectionMakesRoom() throws {
        let (server, port) = try startServer({ self.patient(&$0); $0.maxConnections = 2 }, handler: echoHandler)
        defer { server.stop() }
        let served = try RawClient(port: port)  // idle since its answer
        XCTAssertEqual(served.exchange(get("/first"))?.status, 200)
        usleep(50_000)  // its idle time starts just after the answer is sent: let that pass first
        let silent = try RawClient(port: port)  // waiting for its first request since after that
        usleep(50_000)
        let newcomer = try RawClient(port: port)
        XCTAssertEqual(newcomer.exchange(get("/new"))?.status, 200)
        XCTAssertTrue(served.isClosedByPeer(), "the longest-waiting connection was closed, without a word")
        XCTAssertEqual(silent.exchange(get("/silent"))?.text, "ok GET /silent 0", "the other one still serves")
        XCTAssertEqual(server.openConnections, 2)
    }

    func testConnectionsInTheMiddleOfARequestAreNotReclaimed() throws {
        let metrics = ServerMetrics()
        let log = LogSink()
        let (server, port) = try startServer({ self.patient(&$0); $0.maxConnections = 2 }, metrics: metrics, log: log, handler: echoHandler)
        defer { server.stop() }
        let head = try RawClient(port: port)
        let body = try RawClient(port: port)
        head.send("GET /slow HTTP/1.1\r\nHo")
        body.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        usleep(100_000)  // both partial requests read by the server
        let refused = try RawClient(port: port)
        let answer = try XCTUnwrap(refused.readResponse())
        XCTAssertEqual(answer.status, 503)
        XCTAssertEqual(answer.header("Retry-After"), "1")
        XCTAssertEqual(answer.header("Connection"), "close")
        XCTAssertTrue(refused.isClosedByPeer())
        XCTAssertEqual(metrics.refusedConnections(.maxConnections), 1)
        XCTAssertTrue(log.all.contains { $0.contains("msg=\"connection refused\"") && $0.contains("reason=max_connections") }, "\(log.all)")
        // Both requests complete on their connections; a finished one then makes room again.
        XCTAssertEqual(head.exchange("st: x\r\n\r\n")?.text, "ok GET /slow 0")
        XCTAssertEqual(body.exchange("defghij")?.text, "ok POST /upload 10")
        let later = try RawClient(port: port)
        XCTAssertEqual(later.exchange(get("/later"))?.status, 200)
        XCTAssertEqual(metrics.reclaimedConnections, 1)
    }

    func testOneAddressAtItsCapMakesRoomFromItsOwnIdleConnections() throws {
        let metrics = ServerMetrics()
        let log = LogSink()
        let (server, port) = try startServer({ self.patient(&$0); $0.maxConnectionsPerClient = 2 }, metrics: metrics, log: log, handler: echoHandler)
        defer { server.stop() }
        let neighbour = try RawClient(port: port, from: "127.0.0.3")  // older than all the rest
        XCTAssertEqual(neighbour.exchange(get("/neighbour"))?.status, 200)
        usleep(50_000)
        let first = try RawClient(port: port, from: "127.0.0.2")
        let second = try RawClient(port: port, from: "127.0.0.2")
        XCTAssertEqual(first.exchange(get("/1"))?.status, 200)
        usleep(50_000)  // idle since just after its answer: a moment before the second's
        XCTAssertEqual(second.exchange(get("/2"))?.status, 200)
        let third = try RawClient(port: port, from: "127.0.0.2")
        XCTAssertEqual(third.exchange(get("/3"))?.status, 200)
        XCTAssertTrue(first.isClosedByPeer(), "its own longest-waiting connection made room")
        XCTAssertEqual(second.exchange(get("/2again"))?.status, 200)
        XCTAssertEqual(neighbour.exchange(get("/still"))?.status, 200, "another address's connection is not touched")
        XCTAssertEqual(metrics.reclaimedConnections, 1)
        XCTAssertTrue(log.all.contains { $0.contains("limit=max_connections_per_client remote=127.0.0.2") }, "\(log.all)")
        XCTAssertEqual(server.openConnections, 3)
    }

    func testOneAddressAtItsCapWithEveryConnectionBusyIsRefused() throws {
        let metrics = ServerMetrics()
        let (server, port) = try startServer({ self.patient(&$0); $0.maxConnectionsPerClient = 2 }, metrics: metrics, handler: echoHandler)
        defer { server.stop() }
        let busy = try (0..<2).map { _ in try RawClient(port: port, from: "127.0.0.2") }
        for c in busy { c.send("GET / HTTP/1.1\r\nHo") }
        usleep(100_000)
        let refused = try RawClient(port: port, from: "127.0.0.2")
        let answer = try XCTUnwrap(refused.readResponse())
        XCTAssertEqual(answer.status, 503)
        XCTAssertEqual(answer.header("Retry-After"), "1")
        XCTAssertEqual(metrics.refusedConnections(.maxConnectionsPerClient), 1)
        XCTAssertEqual(metrics.refusedConnections(.maxConnections), 0)
        // Another address is served meanwhile, and the busy ones finish.
        XCTAssertEqual(try RawClient(port: port, from: "127.0.0.3").exchange(get("/other"))?.status, 200)
        for c in busy { XCTAssertEqual(c.exchange("st: x\r\n\r\n")?.status, 200) }
    }

    func testNoCapPerClientWhenItIsZero() throws {
        let (server, port) = try startServer({ self.patient(&$0); $0.maxConnectionsPerClient = 0 }, handler: echoHandler)
        defer { server.stop() }
        let clients = try (0..<5).map { _ in try RawClient(port: port, from: "127.0.0.2") }
        for (i, c) in clients.enumerated() { XCTAssertEqual(c.exchange(get("/\(i)"))?.status, 200) }
        XCTAssertEqual(server.openConnections, 5)
    }
}
