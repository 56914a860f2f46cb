// A small blocking HTTP/1.1 client over a TCP socket: tests speak to the real server with it.
import Foundation
import App
import HTTP
import Kernel
#if canImport(Glibc)
import Glibc
#endif

public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The body parsed as JSON (`.null` when it is not JSON).
    public var json: JSON { (try? JSONParser.parse(body)) ?? .null }
}

public struct HTTPClientError: Error, CustomStringConvertible { public var description: String }

public struct HTTPClient: Sendable {
    public var port: Int
    public var token: String?

    public init(port: Int, token: String? = nil) {
        self.port = port
        self.token = token
    }

    public func with(token: String?) -> HTTPClient { HTTPClient(port: port, token: token) }

    /// Sends one request on a new connection (`Connection: close`) and reads the whole reply.
    public func send(_ method: String, _ path: String, json: JSON? = nil, body: [UInt8]? = nil, headers: [(String, String)] = []) throws -> HTTPReply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        var payload: [UInt8] = []
        if let json { payload = json.bytes; head += "Content-Type: application/json\r\n" }
        if let body { payload = body }
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !payload.isEmpty || method == "POST" || method == "PATCH" || method == "PUT" { head += "Content-Length: \(payload.count)\r\n" }
        head += "\r\n"
        let raw = try RawSocket.exchange(port: port, Array(head.utf8) + payload)
        return try HTTPClient.parse(raw)
    }

    public func get(_ path: String, headers: [(String, String)] = []) throws -> HTTPReply { try send("GET", path, headers: headers) }
    public func post(_ path: String, _ json: JSON, headers: [(String, String)] = []) throws -> HTTPReply { try send("POST", path, json: json, headers: headers) }
    public func patch(_ path: String, _ json: JSON, headers: [(String, String)] = []) throws -> HTTPReply { try send("PATCH", path, json: json, headers: headers) }

    static func parse(_ raw: [UInt8]) throws -> HTTPReply {
        guard let end = find(raw, Array("\r\n\r\n".utf8)) else { throw HTTPClientError(description: "no complete response head in \(raw.count) bytes") }
        let head = String(decoding: raw[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw HTTPClientError(description: "bad status line") }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[(end + 4)...])
        if let length = headers.first(where: { $0.0.lowercased() == "content-length" }).flatMap({ Int($0.1) }), body.count > length {
            body = Array(body.prefix(length))
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }

    static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<i + needle.count]) == needle { return i }
        return nil
    }
}

/// Raw TCP to 127.0.0.1: send bytes, read until the peer closes (or the timeout passes).
public enum RawSocket {
    public static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPClientError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { close(fd); throw HTTPClientError(description: "connect to port \(port) failed") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// A free loopback port: bound to port 0, then released for a server started by the test.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPClientError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func exchange(port: Int, _ bytes: [UInt8]) throws -> [UInt8] {
        let fd = try connect(port: port)
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw HTTPClientError(description: "send failed") }
            sent += n
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            reply += buffer[0..<n]
        }
        return reply
    }
}

/// The real server on an ephemeral loopback port, on a test application.
public final class TestServer: @unchecked Sendable {
    public let server: APIServer
    public var port: Int { server.port }
    public let log = Locked<[String]>([])

    /// The scheduled checks are off unless `tickInterval` is given: tests run `tick` themselves.
    /// `trustedProxies`: addresses whose X-Forwarded-For names the client (`serve --trusted-proxy`).
    public init(_ test: TestApplication, tickInterval: Double = 0, trustedProxies: [String] = []) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.trustedProxies = try TrustedProxies(parsing: trustedProxies)
        let log = self.log
        server = try APIServer(application: test.app, configuration: configuration, tickInterval: tickInterval) { line in log.withLock { $0.append(line) } }
    }

    public func client(token: String? = nil) -> HTTPClient { HTTPClient(port: port, token: token) }

    /// Stops the server's index upkeep and returns what starts it again: for a test that counts the
    /// writes waiting for the writer, which the upkeep's own writes would join.
    public func pauseIndexUpkeep() -> () -> Void {
        let keeper = server.application.indexKeeper
        keeper.stop()
        let log = self.log
        return { keeper.start { line in log.withLock { $0.append(line) } } }
    }

    /// Stops the server, its scheduler, webhook sender and event dispatcher.
    public func stop() { server.stop() }
    deinit { server.stop() }
}
