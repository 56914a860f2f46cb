// Sending one POST with a hard deadline, so a slow or dead receiver costs at most `timeout`
// seconds of the sender's own thread and nothing else. `http://` goes over a plain socket
// (no dependency); `https://` goes through the system's `curl` (the binary stays static:
// FoundationNetworking would need libcurl at link time).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a receiver answered: an HTTP status, or why there was none.
public struct WebhookResponse: Sendable {
    public var status: Int?
    public var error: String?
    public var succeeded: Bool { (status.map { (200..<300).contains($0) }) ?? false }
}

public enum WebhookTransport {
    public static func post(_ request: WebhookRequest, timeout: Double) -> WebhookResponse {
        guard let parts = URLComponents(string: request.url), let scheme = parts.scheme?.lowercased(), let host = parts.host else {
            return WebhookResponse(status: nil, error: "unusable url")
        }
        if scheme == "https" { return viaCurl(request, timeout: timeout) }
        var path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        if let query = parts.percentEncodedQuery { path += "?" + query }
        return plain(host: host, port: parts.port ?? 80, path: path, request: request, timeout: timeout)
    }

    static func plain(host: String, port: Int, path: String, request: WebhookRequest, timeout: Double) -> WebhookResponse {
        let deadline = Date().addingTimeInterval(timeout)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(bare, String(port), &hints, &list) == 0, let first = list else {
            return WebhookResponse(status: nil, error: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var lastError = "cannot connect"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry, fd < 0 {
            entry = info.pointee.ai_next
            let candidate = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if candidate < 0 { continue }
            let flags = fcntl(candidate, F_GETFL)
            _ = fcntl(candidate, F_SETFL, flags | O_NONBLOCK)
            if connect(candidate, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 && errno != EINPROGRESS {
                lastError = "connect: \(String(cString: strerror(errno)))"
                close(candidate)
                continue
            }
            guard waitFor(candidate, events: Int16(POLLOUT), until: deadline) else {
                lastError = "connect timed out after \(Int(timeout)) s"
                close(candidate)
                continue
            }
            var problem: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(candidate, SOL_SOCKET, SO_ERROR, &problem, &length)
            if problem != 0 {
                lastError = "connect: \(String(cString: strerror(problem)))"
                close(candidate)
                continue
            }
            fd = candidate
        }
        guard fd >= 0 else { return WebhookResponse(status: nil, error: lastError) }
        defer { close(fd) }
        var head = "POST \(path) HTTP/1.1\r\nHost: \(host)\(port == 80 ? "" : ":\(port)")\r\nContent-Length: \(request.body.count)\r\nConnection: close\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        var outgoing = Array(head.utf8) + request.body
        var sent = 0
        while sent < outgoing.count {
            guard waitFor(fd, events: Int16(POLLOUT), until: deadline) else { return WebhookResponse(status: nil, error: "sending timed out after \(Int(timeout)) s") }
            let n = outgoing.withUnsafeMutableBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return WebhookResponse(status: nil, error: "send: \(String(cString: strerror(errno)))")
            }
            sent += n
        }
        outgoing = []
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while received.count < 65_536 {
            if let status = statusCode(received), received.count > 12 { return WebhookResponse(status: status, error: nil) }
            guard waitFor(fd, events: Int16(POLLIN), until: deadline) else { return WebhookResponse(status: nil, error: "no answer within \(Int(timeout)) s") }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return WebhookResponse(status: nil, error: "receive: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            received += buffer[0..<n]
        }
        if let status = statusCode(received) { return WebhookResponse(status: status, error: nil) }
        return WebhookResponse(status: nil, error: received.isEmpty ? "the receiver closed the connection without answering" : "the answer is not HTTP")
    }

    /// The status of a complete status line (`HTTP/1.1 204 No Content\r\n`).
    static func statusCode(_ bytes: [UInt8]) -> Int? {
        guard let end = bytes.firstIndex(of: 0x0A) else { return nil }
        let line = String(decoding: bytes[..<end], as: UTF8.self).split(separator: " ")
        guard line.count >= 2, line[0].hasPrefix("HTTP/"), let status = Int(line[1]), (100...599).contains(status) else { return nil }
        return status
    }

    static func waitFor(_ fd: Int32, events: Int16, until deadline: Date) -> Bool {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&entry, 1, Int32(min(remaining, 60) * 1000) + 1)
            if rc > 0 { return true }
            if rc < 0 && errno != EINTR { return false }
        }
    }

    static func viaCurl(_ request: WebhookRequest, timeout: Double) -> WebhookResponse {
        guard let curl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return WebhookResponse(status: nil, error: "https needs the curl program, which is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        var arguments = ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", String(Int(max(1, timeout))), "-X", "POST", "--data-binary", "@-"]
        for (name, value) in request.headers { arguments += ["-H", "\(name): \(value)"] }
        process.arguments = arguments + ["--", request.url]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return WebhookResponse(status: nil, error: "cannot run curl: \(error)") }
        input.fileHandleForWriting.write(Data(request.body))
        try? input.fileHandleForWriting.close()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if let status = Int(answer.trimmingCharacters(in: .whitespacesAndNewlines)), status >= 100 { return WebhookResponse(status: status, error: nil) }
        return WebhookResponse(status: nil, error: "curl: " + problem.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
    }
}
