// Test helpers: a running server on an ephemeral port, and a blocking raw-socket client.
import Foundation
import Synchronization
import XCTest
@testable import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Collects log lines from the server or middleware.
final class LogSink: Sendable {
    private let lines = ThreadLock<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
}

/// Starts a server with `configure` applied to a test configuration (port 0, short timeouts).
func startServer(_ configure: (inout ServerConfiguration) -> Void = { _ in }, metrics: ServerMetrics? = nil,
                 log: LogSink = LogSink(), handler: @escaping Handler) throws -> (HTTPServer, Int) {
    var config = ServerConfiguration()
    config.port = 0
    config.readTimeout = 2
    config.idleTimeout = 5
    config.shutdownGracePeriod = 5
    configure(&config)
    let server = HTTPServer(configuration: config, handler: handler, log: log.sink, metrics: metrics)
    let port = try server.start()
    return (server, port)
}

/// A handler answering `ok <method> <path> <body bytes>`.
let echoHandler: Handler = { request in
    Response.text("ok \(request.method) \(request.path) \(request.body.count)")
}

struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client with a receive timeout, to speak HTTP byte by byte.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// - Parameter source: a loopback address to connect from (e.g. 127.0.0.2), to be another client.
    init(port: Int, timeout: Double = 3, from source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source, !Loopback.bind(fd, to: source) {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        setTimeout(timeout)
    }

    deinit { close(fd) }

    func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = Glibc.send(fd, p.baseAddress! + off, p.count - off, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                off += n
            }
            return true
        }
    }

    /// Reads more bytes; false on EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Reads one response. `head: true` for a HEAD request (no body whatever Content-Length says).
    func readResponse(head: Bool = false) -> RawResponse? {
        var end: Int?
        while true {
            if let r = findHeadEnd() { end = r; break }
            if !fill() { return nil }
        }
        guard let end else { return nil }
        let text = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers: [(String, String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || status < 200 { return response }
        let length = response.header("Content-Length").flatMap { Int($0) } ?? 0
        while buffer.count < length { if !fill() { return nil } }
        response.body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return response
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// True when the server closed the connection (EOF) within the receive timeout, with nothing more sent.
    func isClosedByPeer() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    /// Sends a request and reads its response.
    func exchange(_ text: String, head: Bool = false) -> RawResponse? {
        send(text)
        return readResponse(head: head)
    }
}

/// `GET path` with Host.
func get(_ path: String, _ extra: String = "") -> String {
    "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(extra)\r\n"
}

/// Runs `body` on a thread; the returned expectation is fulfilled when it returns.
func background(_ testCase: XCTestCase, _ name: String, _ body: @escaping @Sendable () -> Void) -> XCTestExpectation {
    let done = testCase.expectation(description: name)
    Thread {
        body()
        done.fulfill()
    }.start()
    return done
}
