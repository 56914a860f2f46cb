// Timeouts, slow clients, slow handlers, connection limits: one connection never stalls another.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class ConcurrencyTests: XCTestCase {
    func testSlowlorisGets408WhileOthersAreServed() throws {
        let (server, port) = try startServer({ $0.readTimeout = 0.5 }, handler: echoHandler)
        defer { server.stop() }
        let slow = try RawClient(port: port, timeout: 3)
        let started = Date()
        let fd = slow.fd
        let trickle = background(self, "trickle") {
            // One byte every 0.1 s: progress all the time, but the head never completes in time.
            for byte in Array("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".utf8) {
                var b = byte
                if Glibc.send(fd, &b, 1, Int32(MSG_NOSIGNAL)) != 1 { return }
                usleep(100_000)
            }
        }
        // Meanwhile another client is served promptly.
        usleep(150_000)
        let other = try RawClient(port: port)
        let t0 = Date()
        XCTAssertEqual(other.exchange(get("/other"))?.status, 200)
        XCTAssertLessThan(Date().timeIntervalSince(t0), 0.3)
        let r = try XCTUnwrap(slow.readResponse())
        XCTAssertEqual(r.status, 408)
        XCTAssertEqual(r.header("Connection"), "close")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(elapsed, 0.4)
        XCTAssertLessThan(elapsed, 1.5)
        wait(for: [trickle], timeout: 10)
    }

    func testWaitingConnectionsHoldNoThread() throws {
        let (server, port) = try startServer({ $0.readTimeout = 0.6 }, handler: echoHandler)
        defer { server.stop() }
        // Twenty clients that started a head and stalled, and one idle keep-alive client.
        let stalled = try (0..<20).map { _ in try RawClient(port: port, timeout: 3) }
        for c in stalled { c.send("GET / HTTP/1.1\r\nHo") }
        let idle = try RawClient(port: port)
        XCTAssertEqual(idle.exchange(get("/"))?.status, 200)
        usleep(250_000)
        XCTAssertEqual(server.openConnections, 21)
        XCTAssertEqual(server.servingThreads, 0, "waiting connections are in the reactor, not on threads")
        XCTAssertEqual(server.pool.threads, server.pool.base, "no worker was added for them")
        // A new client is served at once, and every stalled client gets its 408.
        let fresh = try RawClient(port: port)
        XCTAssertEqual(fresh.exchange(get("/fresh"))?.status, 200)
        for c in stalled { XCTAssertEqual(c.readResponse()?.status, 408) }
        XCTAssertEqual(idle.exchange(get("/again"))?.text, "ok GET /again 0", "the idle connection is still usable")
    }

    func testStalledBodyGets408() throws {
        let (server, port) = try startServer({ $0.readTimeout = 0.3 }, handler: echoHandler)
        defer { server.stop() }
        let c = try RawClient(port: port)
        c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        XCTAssertEqual(c.readResponse()?.status, 408)
    }

    func testSilentNewConnectionIsClosedAfterReadTimeout() throws {
        let (server, port) = try startServer({ $0.readTimeout = 0.3 }, handler: echoHandler)
        defer { server.stop() }
        let c = try RawClient(port: port, timeout: 2)
        let t0 = Date()
        XCTAssertTrue(c.isClosedByPeer())
        XCTAssertLessThan(Date().timeIntervalSince(t0), 1.0)
    }

    func testIdleKeepAliveConnectionIsClosedSilently() throws {
        let (server, port) = try startServer({ $0.idleTimeout = 0.3 }, handler: echoHandler)
        defer { server.stop() }
        let c = try RawClient(port: port, timeout: 2)
        XCTAssertEqual(c.exchange(get("/"))?.status, 200)
        let t0 = Date()
        XCTAssertTrue(c.isClosedByPeer())  // EOF, no 408 bytes
        let waited = Date().timeIntervalSince(t0)
        XCTAssertGreaterThan(waited, 0.2)
        XCTAssertLessThan(waited, 1.0)
        // The server is down to zero connections again.
        for _ in 0..<50 where server.openConnections > 0 { usleep(10_000) }
        XCTAssertEqual(server.openConnections, 0)
    }

    func testMaxConnectionsAnswers503WhenEveryConnectionIsBusyAndRecovers() throws {
        let (server, port) = try startServer({ $0.maxConnections = 2 }, handler: echoHandler)
        defer { server.stop() }
        let a = try RawClient(port: port)
        let b = try RawClient(port: port)
        // Both in the middle of a request: neither may be closed to make room (idle ones would be).
        a.send("GET /a HTTP/1.1\r\nHo")
        b.send("GET /b HTTP/1.1\r\nHo")
        for _ in 0..<100 where server.openConnections < 2 { usleep(10_000) }
        usleep(50_000)
        XCTAssertEqual(server.openConnections, 2)
        let c = try RawClient(port: port)
        let refused = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.header("Connection"), "close")
        XCTAssertTrue(c.isClosedByPeer())
        // Free a slot: a new client is served again.
        XCTAssertEqual(a.exchange("st: x\r\nConnection: close\r\n\r\n")?.status, 200)
        for _ in 0..<100 where server.openConnections > 1 { usleep(10_000) }
        let d = try RawClient(port: port)
        XCTAssertEqual(d.exchange(get("/d"))?.status, 200)
        XCTAssertEqual(b.exchange("st: x\r\n\r\n")?.status, 200)
    }

    func testSlowHandlerDoesNotDelayAnotherConnection() throws {
        let (server, port) = try startServer { request in
            if request.path == "/slow" { usleep(2_000_000) }
            return Response.text("done \(request.path)")
        }
        defer { server.stop() }
        let slow = try RawClient(port: port, timeout: 5)
        slow.send(get("/slow"))
        usleep(100_000)
        let t0 = Date()
        let fast = try RawClient(port: port)
        XCTAssertEqual(fast.exchange(get("/fast"))?.text, "done /fast")
        XCTAssertLessThan(Date().timeIntervalSince(t0), 0.5)
        XCTAssertEqual(slow.readResponse()?.text, "done /slow")
    }

    func testMoreSlowHandlersThanWorkersStillLeaveOthersServed() throws {
        // One worker thread: the overseer must start more while slow handlers hold it.
        let (server, port) = try startServer({ $0.workerThreads = 1 }) { request in
            if request.path.hasPrefix("/slow") { usleep(1_500_000) }
            return Response.text("done \(request.path)")
        }
        defer { server.stop() }
        let slow = try (0..<3).map { _ in try RawClient(port: port, timeout: 5) }
        for (i, c) in slow.enumerated() { c.send(get("/slow\(i)")) }
        usleep(100_000)
        let t0 = Date()
        let fast = try RawClient(port: port)
        XCTAssertEqual(fast.exchange(get("/fast"))?.text, "done /fast")
        XCTAssertLessThan(Date().timeIntervalSince(t0), 0.5, "served while three slow handlers run")
        for (i, c) in slow.enumerated() { XCTAssertEqual(c.readResponse()?.text, "done /slow\(i)") }
        XCTAssertGreaterThanOrEqual(server.pool.threads, 4, "one worker per slow handler, plus one")
        XCTAssertLessThanOrEqual(server.pool.threads, 8)
    }

    func testConnectionObjectsAreReusedAndEachAnswersItsOwnClient() throws {
        let (server, port) = try startServer(handler: echoHandler)
        defer { server.stop() }
        for i in 0..<60 {  // each client closes its socket when it goes out of scope, if the server has not
            let c = try RawClient(port: port)
            XCTAssertEqual(c.exchange(get("/n\(i)", i % 2 == 0 ? "Connection: close\r\n" : ""))?.text, "ok GET /n\(i) 0")
        }
        for _ in 0..<100 where server.openConnections > 0 { usleep(10_000) }
        XCTAssertEqual(server.openConnections, 0)
        XCTAssertLessThanOrEqual(server.connectionObjects, 4, "closed connections' objects serve the next sockets")
    }

    func testManyConcurrentClients() throws {
        let (server, port) = try startServer(handler: echoHandler)
        defer { server.stop() }
        let ok = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            guard let c = try? RawClient(port: port) else { return }
            for j in 0..<25 where c.exchange(get("/\(i)/\(j)"))?.text == "ok GET /\(i)/\(j) 0" {
                ok.add(1, ordering: .relaxed)
            }
        }
        XCTAssertEqual(ok.load(ordering: .relaxed), 16 * 25)
    }

    func testGracefulStopFinishesInFlightRequest() throws {
        let entered = DispatchSemaphore(value: 0)
        let (server, port) = try startServer { request in
            if request.path == "/slow" {
                entered.signal()
                usleep(700_000)
            }
            return Response.text("finished \(request.path)")
        }
        let busy = try RawClient(port: port, timeout: 5)
        busy.send(get("/slow"))
        let idle = try RawClient(port: port, timeout: 5)
        XCTAssertEqual(idle.exchange(get("/idle"))?.status, 200)
        XCTAssertEqual(entered.wait(timeout: .now() + 2), .success)
        let t0 = Date()
        server.stop()
        let took = Date().timeIntervalSince(t0)
        XCTAssertGreaterThan(took, 0.4, "stop() waits for the in-flight request")
        XCTAssertLessThan(took, 3)
        let r = try XCTUnwrap(busy.readResponse())
        XCTAssertEqual(r.text, "finished /slow")
        XCTAssertEqual(r.header("Connection"), "close")
        XCTAssertTrue(idle.isClosedByPeer())
        XCTAssertEqual(server.openConnections, 0)
        XCTAssertThrowsError(try RawClient(port: port), "no longer accepting")
        server.waitUntilStopped()  // returns at once after stop
        server.stop()              // idempotent
    }

    func testWaitUntilStoppedReturnsWhenAnotherThreadStops() throws {
        let (server, _) = try startServer(handler: echoHandler)
        let stopper = background(self, "stopper") {
            usleep(100_000)
            server.stop()
        }
        let t0 = Date()
        server.waitUntilStopped()
        XCTAssertGreaterThan(Date().timeIntervalSince(t0), 0.05)
        wait(for: [stopper], timeout: 5)
    }

    func testTerminationSignalsWaitReturnsTheSignal() throws {
        let ready = DispatchSemaphore(value: 0)
        let tid = ThreadLock<pthread_t?>(nil)
        let got = ThreadLock<Int32>(0)
        let waiter = background(self, "sigwait") {
            TerminationSignals.blockInCurrentThread()
            tid.withLock { $0 = pthread_self() }
            ready.signal()
            let signal = TerminationSignals.wait()
            got.withLock { $0 = signal }
        }
        XCTAssertEqual(ready.wait(timeout: .now() + 2), .success)
        // Directed at that thread, which blocks the signal: it stays pending there until sigwait takes it.
        let thread = try XCTUnwrap(tid.withLock { $0 })
        XCTAssertEqual(pthread_kill(thread, SIGTERM), 0)
        wait(for: [waiter], timeout: 5)
        XCTAssertEqual(got.withLock { $0 }, SIGTERM)
    }

    func testBindsLocalhostByNameAndRejectsBadHosts() throws {
        let (server, port) = try startServer({ $0.host = "localhost" }, handler: echoHandler)
        defer { server.stop() }
        XCTAssertEqual(try RawClient(port: port).exchange(get("/"))?.status, 200)
        var config = ServerConfiguration()
        config.host = "not-an-address"
        config.port = 0
        XCTAssertThrowsError(try HTTPServer(configuration: config, handler: echoHandler, log: { _ in }).start())
    }

    func testStartTwiceFailsAndBindConflictThrows() throws {
        let (server, port) = try startServer(handler: echoHandler)
        defer { server.stop() }
        XCTAssertThrowsError(try server.start())
        var config = ServerConfiguration()
        config.port = port
        let clash = HTTPServer(configuration: config, handler: echoHandler, log: { _ in })
        XCTAssertThrowsError(try clash.start())
    }
}
