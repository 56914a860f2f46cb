// The client's address behind reverse proxies: `X-Forwarded-For` is believed only when the peer
// (the socket's address) is a configured trusted proxy, and then only as far as the chain runs
// through trusted proxies — walking from the right, the first address that is not a trusted proxy
// is the client. A client cannot choose its address by sending the header itself: what it writes
// sits to the left of what the trusted proxy appended. Without trusted proxies the peer is the client.
#if canImport(Glibc)
import Glibc
#endif

/// The proxies whose `X-Forwarded-For` is believed: addresses or CIDR blocks, IPv4 or IPv6.
public struct TrustedProxies: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        var bytes: [UInt8]  // 16: IPv4 as its IPv4-mapped IPv6 form
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            var bits = prefix
            for index in 0..<16 {
                if bits <= 0 { return true }
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if bytes[index] & mask != address[index] & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    var blocks: [Block] = []

    public init() {}

    /// Parses `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`; throws naming the entry at fault.
    public init(parsing entries: [String]) throws(TrustedProxyError) {
        for entry in entries {
            let text = Self.trim(entry)
            if text.isEmpty { continue }
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.parse(parts[0]) else { throw TrustedProxyError(entry: entry) }
            let v4 = parts[0].contains(".") && !parts[0].contains(":")
            var prefix = 128
            if parts.count == 2 {
                guard let n = Int(parts[1]), n >= 0, n <= (v4 ? 32 : 128) else { throw TrustedProxyError(entry: entry) }
                prefix = v4 ? 96 + n : n
            }
            blocks.append(Block(bytes: bytes, prefix: prefix))
        }
    }

    public var isEmpty: Bool { blocks.isEmpty }

    public func isTrusted(_ address: String) -> Bool {
        guard let bytes = Self.parse(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address for a request from `peer` carrying `forwardedFor` (every
    /// `X-Forwarded-For` header's value, in order).
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard !blocks.isEmpty, isTrusted(peer), !forwardedFor.isEmpty else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { Self.trim(Substring($0)) }
        var candidate = peer
        for hop in hops.reversed() {
            guard isTrusted(candidate), let bytes = Self.parse(hop) else { break }
            candidate = Self.text(bytes)
        }
        return candidate
    }

    static func trim<S: StringProtocol>(_ text: S) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// 16 bytes for an IPv4 or IPv6 literal (IPv4 as ::ffff:a.b.c.d), or nil.
    static func parse(_ text: String) -> [UInt8]? {
        if text.isEmpty || text.utf8.count > 45 { return nil }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: &v4) { Array($0) }
        }
        return nil
    }

    /// The canonical text: dotted for IPv4 (and IPv4-mapped), else IPv6's shortest form.
    static func text(_ bytes: [UInt8]) -> String {
        if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            return bytes.suffix(4).map(String.init).joined(separator: ".")
        }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in for index in 0..<16 { raw[index] = bytes[index] } }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A `--trusted-proxy` entry that is not an address or a CIDR block.
public struct TrustedProxyError: Error, Sendable {
    public let entry: String
}
