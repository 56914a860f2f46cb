// The parser and framing rules without sockets, and a randomized check that no input crashes them.
import XCTest
@testable import HTTP

final class ParserTests: XCTestCase {
    let limits = ParserLimits(ServerConfiguration())

    private func parse(_ text: String) throws -> HeadParseResult {
        try parse(Array(text.utf8))
    }

    private func parse(_ bytes: [UInt8]) throws -> HeadParseResult {
        try bytes.withUnsafeBufferPointer { try HeadParser.parse($0, limits: limits) }
    }

    private func head(_ text: String) throws -> RequestHead {
        guard case let .complete(head, _) = try parse(text) else { throw HTTPError(0, "incomplete") }
        return head
    }

    private func status(_ body: () throws -> Void) -> Int? {
        do { try body(); return nil } catch let e as HTTPError { return e.status } catch { return -1 }
    }

    func testParsesHeadAndReportsConsumedBytes() throws {
        let text = "GET /a?b=c HTTP/1.1\r\nHost: example\r\nX-Pad:   spaced value \t\r\n\r\nBODY"
        guard case let .complete(h, consumed) = try parse(text) else { return XCTFail("incomplete") }
        XCTAssertEqual(h.method, "GET")
        XCTAssertEqual(h.target, "/a?b=c")
        XCTAssertEqual(h.minorVersion, 1)
        XCTAssertEqual(h.headers["host"], "example")
        XCTAssertEqual(h.headers["X-PAD"], "spaced value")
        XCTAssertEqual(consumed, text.utf8.count - 4)
    }

    func testBareLFLineEndingsAreAccepted() throws {
        XCTAssertEqual(try head("GET / HTTP/1.1\nHost: x\n\n").headers["Host"], "x")
    }

    func testIncompleteHeads() throws {
        for partial in ["", "GET", "GET / HTTP/1.1", "GET / HTTP/1.1\r\nHost: x\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r"] {
            guard case .incomplete = try parse(partial) else { return XCTFail("complete: \(partial)") }
        }
    }

    func testEarlyRejectionOfGarbageRequestLine() {
        XCTAssertEqual(status { _ = try parse([0x16, 0x03, 0x01, 0x02]) }, 400)  // a TLS ClientHello
        XCTAssertEqual(status { _ = try parse("GE\u{0}T") }, 400)
    }

    func testFraming() throws {
        func framing(_ fields: String, version: String = "1.1") throws -> BodyFraming {
            try Framing.bodyFraming(head("POST / HTTP/\(version)\r\nHost: x\r\n\(fields)\r\n"), maxBodyBytes: 100)
        }
        XCTAssertEqual(try framing(""), .none)
        XCTAssertEqual(try framing("Content-Length: 0\r\n"), .none)
        XCTAssertEqual(try framing("Content-Length: 5\r\n"), .length(5))
        XCTAssertEqual(try framing("Content-Length: 5, 5\r\n"), .length(5))
        XCTAssertEqual(try framing("Transfer-Encoding: Chunked\r\n"), .chunked)
        XCTAssertEqual(status { _ = try framing("Content-Length: 101\r\n") }, 413)
        XCTAssertEqual(status { _ = try framing("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") }, 400)
        XCTAssertEqual(status { _ = try framing("Content-Length: 1\r\nContent-Length: 2\r\n") }, 400)
        XCTAssertEqual(status { _ = try framing("Content-Length: 0x10\r\n") }, 400)
        XCTAssertEqual(status { _ = try framing("Content-Length: \r\n") }, 400)
        XCTAssertEqual(status { _ = try framing("Transfer-Encoding: identity\r\n") }, 501)
        XCTAssertEqual(status { _ = try framing("Transfer-Encoding: chunked,\r\n") }, 400)
        XCTAssertEqual(status { _ = try framing("Transfer-Encoding: chunked\r\n", version: "1.0") }, 400)
    }

    func testKeepAliveRules() throws {
        XCTAssertTrue(Framing.keepAlive(try head("GET / HTTP/1.1\r\nHost: x\r\n\r\n")))
        XCTAssertFalse(Framing.keepAlive(try head("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, Close\r\n\r\n")))
        XCTAssertFalse(Framing.keepAlive(try head("GET / HTTP/1.0\r\n\r\n")))
        XCTAssertTrue(Framing.keepAlive(try head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")))
    }

    func testChunkSizes() throws {
        func size(_ s: String) throws -> Int { try Chunked.size(ofLine: ArraySlice(Array(s.utf8))) }
        XCTAssertEqual(try size("0"), 0)
        XCTAssertEqual(try size("1a"), 26)
        XCTAssertEqual(try size("FF;name=\"v\""), 255)
        XCTAssertEqual(try size("10 ;x"), 16)
        XCTAssertEqual(try size("7fffffffffffffff"), Int.max)
        for bad in ["", "g", "ffffffffffffffffffff", "8000000000000000", "1 2", "-1", "1;\u{0}", "0x10"] {
            XCTAssertEqual(status { _ = try size(bad) }, 400, bad)
        }
    }

    func testTargets() throws {
        let abs = try Target.parse("http://example.com/x/y?q=1", method: "GET")
        XCTAssertEqual(abs.path, "/x/y")
        XCTAssertEqual(abs.query.first?.value, "1")
        XCTAssertEqual(try Target.parse("*", method: "OPTIONS").path, "*")
        XCTAssertEqual(try Target.parse("/a?x=1&y&z=%41", method: "GET").query.map { "\($0.name)=\($0.value)" }, ["x=1", "y=", "z=A"])
        XCTAssertEqual(status { _ = try Target.parse("example.com:443", method: "GET") }, 400)
        XCTAssertEqual(status { _ = try Target.parse("/%", method: "GET") }, 400)
        XCTAssertEqual(status { _ = try Target.parse("/a%00b", method: "GET") }, 400)
    }

    /// Random bytes, and random mutations of a valid request: the parser answers or asks for more, never traps.
    func testRandomInputNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        let valid = Array("POST /x?y=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n".utf8)
        let alphabet = Array(" :\r\n\t/%?HTTP1.0chunked,;\u{7f}".utf8) + [0, 0x80, 0xff]
        var outcomes = [0, 0, 0]
        for round in 0..<5000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in
                    Bool.random(using: &rng) ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!
                }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[i] = alphabet.randomElement(using: &rng)!
                }
            }
            do {
                switch try parse(bytes) {
                case .incomplete: outcomes[0] += 1
                case .complete(let h, _):
                    outcomes[1] += 1
                    _ = try? Framing.bodyFraming(h, maxBodyBytes: 1000)
                    _ = try? Framing.checkHost(h)
                    _ = try? Target.parse(h.target, method: h.method)
                }
            } catch let e as HTTPError {
                XCTAssertTrue([400, 414, 431, 505].contains(e.status), "\(e.status)")
                outcomes[2] += 1
            } catch {
                XCTFail("unexpected \(error)")
            }
        }
        XCTAssertGreaterThan(outcomes[2], 1000, "most random input is refused")
        XCTAssertGreaterThan(outcomes[1], 0, "some mutations stay valid")
    }
}
