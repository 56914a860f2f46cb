// The head's fields, the token test and the response head, read and written on
// bytes, held to the plain String-based routines they replaced across awkward inputs.
import XCTest
@testable import HTTP

final class ByteReadingTests: XCTestCase {
    /// The earlier routines, on Strings: slow, but short enough to trust.
    private enum Reference {
        static func isTokenChar(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                 UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }

        static func checkHost(_ head: RequestHead) throws {
            let hosts = head.headers.values("Host")
            if hosts.count > 1 { throw HTTPError(400, "More than one Host header field.") }
            if head.minorVersion >= 1, hosts.isEmpty { throw HTTPError(400, "An HTTP/1.1 request needs a Host header field.") }
            if let host = hosts.first, host.utf8.contains(where: { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "@") }) {
                throw HTTPError(400, "Invalid Host header field.")
            }
        }

        static func keepAlive(_ head: RequestHead) -> Bool {
            let tokens = head.headers.values("Connection").flatMap { $0.split(separator: ",").map { $0.trimmingOWS().lowercased() } }
            if tokens.contains("close") { return false }
            return head.minorVersion >= 1 || tokens.contains("keep-alive")
        }

        /// Framing's answer when it did not know which fields the parser had seen.
        static func bodyFraming(_ head: RequestHead) throws -> BodyFraming {
            var everything = head
            everything.serverFields = [.host, .contentLength, .transferEncoding, .connection, .expect]
            return try Framing.bodyFraming(everything, maxBodyBytes: 1000)
        }

        static func expectsContinue(_ head: RequestHead) throws -> Bool {
            guard let expect = head.headers["Expect"] else { return false }
            if expect.trimmingOWS().lowercased() == "100-continue" { return head.minorVersion >= 1 }
            throw HTTPError(417, "Only the 100-continue expectation is supported.")
        }

        static func responseHead(_ response: Response, method: String, close: Bool, keepAliveHeader: Bool, date: String) -> [UInt8] {
            var out = Array("HTTP/1.1 ".utf8)
            let status = String(response.status)
            out += Array((String(repeating: "0", count: max(0, 3 - status.count)) + status).utf8)  // at least three digits
            out += Array(" \(HTTPStatus.reasonPhrase(response.status))\r\n".utf8)
            var document = false, ownPolicy = false
            for (name, value) in response.headers where ResponseWriter.isWritable(name: name, value: value) {
                if name.lowercased() == "x-content-type-options" { continue }
                if name.lowercased() == "content-type" {
                    document = ["text/html", "application/xhtml", "image/svg", "text/xml", "application/xml"].contains { value.lowercased().hasPrefix($0) }
                }
                if name.lowercased() == "content-security-policy" { ownPolicy = true }
                out += Array("\(name): \(value)\r\n".utf8)
            }
            out += Array("X-Content-Type-Options: nosniff\r\n".utf8)
            if document && !ownPolicy { out += Array("Content-Security-Policy: \(ResponseWriter.documentPolicy)\r\n".utf8) }
            out += Array("Date: \(date)\r\n".utf8)
            if response.status != 204, response.status != 304, !(100..<200).contains(response.status) {
                let stated = method == "HEAD" && response.body.isEmpty
                    ? response.headers["Content-Length"].flatMap { Framing.parseDecimal(Substring($0)) } : nil
                out += Array("Content-Length: ".utf8)
                out += Array(String(stated ?? response.body.count).utf8)
                out += [13, 10]
            }
            if close { out += Array("Connection: close\r\n".utf8) } else if keepAliveHeader { out += Array("Connection: keep-alive\r\n".utf8) }
            return out + [13, 10]
        }
    }

    private func status(_ body: () throws -> Any) -> String {
        do { return "\(try body())" } catch let e as HTTPError { return "refused \(e.status)" } catch { return "failed" }
    }

    func testTokenBytesAreTheListedOnes() {
        for b in 0...255 {
            XCTAssertEqual(ByteClass.isTokenChar(UInt8(b)), Reference.isTokenChar(UInt8(b)), "\(b)")
        }
    }

    /// Random heads made of the fields the server reads (names in any case, awkward values, repeats):
    /// what the parser noted gives the same answers as searching the fields.
    func testNotedFieldsGiveTheAnswersOfSearchingTheFields() throws {
        var rng = SystemRandomNumberGenerator()
        let names = ["Host", "host", "HOST", "hOsT", "Hosts", "Hos", "Connection", "connection", "CONNECTION", "Connections",
                     "Content-Length", "content-length", "CONTENT-LENGTH", "Transfer-Encoding", "transfer-encoding",
                     "Expect", "expect", "EXPECT", "X-Other", "Accept", "Authorization"]
        let values = ["", "x", "example.com", "example.com:80", "a b", "a\tb", "a/b", "u@h", " @", "close", "Close", "keep-alive",
                      "Keep-Alive, close", "upgrade", "closed", "0", "5", "5, 5", "1, 2", "0x10", "chunked", "Chunked", "gzip, chunked",
                      "chunked, gzip", "identity", "100-continue", "100-Continue ", "200-ok", "东城镇", "é/"]
        var refused = 0
        for _ in 0..<20_000 {
            var text = "POST / HTTP/1.\(Int.random(in: 0...1, using: &rng))\r\n"
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                text += "\(names.randomElement(using: &rng)!): \(values.randomElement(using: &rng)!)\r\n"
            }
            text += "\r\n"
            let bytes = Array(text.utf8)
            guard case let .complete(head, _) = try bytes.withUnsafeBufferPointer({ try HeadParser.parse($0, limits: ParserLimits(ServerConfiguration())) }) else {
                return XCTFail("incomplete: \(text)")
            }
            XCTAssertEqual(status { try Framing.checkHost(head) }, status { try Reference.checkHost(head) }, text)
            XCTAssertEqual(Framing.keepAlive(head), Reference.keepAlive(head), text)
            XCTAssertEqual(status { try Framing.bodyFraming(head, maxBodyBytes: 1000) }, status { try Reference.bodyFraming(head) }, text)
            XCTAssertEqual(status { try Framing.expectsContinue(head) }, status { try Reference.expectsContinue(head) }, text)
            if status({ try Framing.checkHost(head) }).hasPrefix("refused") { refused += 1 }
        }
        XCTAssertGreaterThan(refused, 1000, "many heads have a bad or missing Host")
    }

    /// Response heads written through a pointer: the bytes of the appending writer, for statuses
    /// with and without a body, HEAD, stated lengths, long and non-ASCII values, unwritable fields.
    func testResponseHeadIsTheAppendedOne() {
        let fields: [(String, String)] = [("Content-Type", "application/json"), ("X-Unicode", "东城镇"), ("content-length", "99"),
                                          ("Content-Length", "12345678901234567890"), ("Connection", "close"), ("Date", "x"),
                                          ("Bad Name", "x"), ("X-A", "a\r\nb"), ("Link", String(repeating: "</a?b=c>; rel=\"next\", ", count: 40)),
                                          ("ETag", "\"3\""), ("X-Empty", ""), ("", "v"), ("名字", "x"), ("Content-Type", "text/html; charset=utf-8"),
                                          ("x-content-type-options", "sniff"), ("Content-Security-Policy", "default-src 'self'"), ("Content-Type", "IMAGE/SVG+XML")]
        var rng = SystemRandomNumberGenerator()
        for round in 0..<3000 {
            let status = [200, 201, 204, 304, 100, 199, 404, 500, 999, 0, 1234, 42].randomElement(using: &rng)!
            var headers = HTTPHeaders()
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                let (name, value) = fields.randomElement(using: &rng)!
                headers.add(name, value)
            }
            let body = Array(repeating: UInt8(7), count: [0, 1, 2, 507, 100_000].randomElement(using: &rng)!)
            let response = Response(status: status, headers: headers, body: body)
            let method = round % 3 == 0 ? "HEAD" : "GET"
            let (close, keepAlive) = (Bool.random(using: &rng), Bool.random(using: &rng))
            let date = round % 7 == 0 ? "" : "Sun, 29 Nov 2026 16:00:00 GMT"
            XCTAssertEqual(String(decoding: ResponseWriter.head(response, method: method, close: close, keepAliveHeader: keepAlive, date: date), as: UTF8.self),
                           String(decoding: Reference.responseHead(response, method: method, close: close, keepAliveHeader: keepAlive, date: date), as: UTF8.self))
        }
    }
}
