// Many clients from several addresses on one machine: the whole of 127.0.0.0/8 is loopback on
// Linux, so a socket bound to 127.0.0.2 before it connects is another client address to the server.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum Loopback {
    /// Linux's IP_BIND_ADDRESS_NO_PORT (not in Glibc's Swift module): the port is chosen at
    /// connect, for the pair of addresses, so thousands of bound sockets do not use up the ports.
    private static let bindAddressNoPort: Int32 = 24

    /// Binds `fd` to `address` (in 127.0.0.0/8 only), its port chosen when it connects.
    static func bind(_ fd: Int32, to address: String) -> Bool {
        guard address.hasPrefix("127.") else { return false }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_IP), bindAddressNoPort, &one, socklen_t(MemoryLayout<Int32>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, address, &local.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A TCP connection from `source` to 127.0.0.1:`port` (connecting for at most 3 s), or nil.
    static func connect(from source: String, port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var server = sockaddr_in()
        server.sin_family = sa_family_t(AF_INET)
        server.sin_port = in_port_t(UInt16(port).bigEndian)
        server.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = bind(fd, to: source) && withUnsafePointer(to: &server) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
        if !connected { close(fd) }
        return connected ? fd : nil
    }
}

/// Connections that send nothing, from one address; all closed when this goes away.
final class IdleConnections {
    let source: String
    private(set) var fds: [Int32] = []

    /// Opens `count` connections from `source`, one after another; throws if one cannot be opened.
    init(_ count: Int, from source: String, port: Int) throws {
        self.source = source
        fds.reserveCapacity(count)
        for _ in 0..<count {
            guard let fd = Loopback.connect(from: source, port: port) else {
                closeAll()
                throw POSIXError(.ECONNREFUSED)
            }
            fds.append(fd)
        }
    }

    deinit { closeAll() }

    func closeAll() {
        for fd in fds { close(fd) }
        fds = []
    }

    /// How many are still open at the server's end: not closed by it (no EOF, no reset), nothing received.
    var stillOpen: Int {
        fds.reduce(0) { count, fd in
            var byte: UInt8 = 0
            let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            return count + (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 1 : 0)
        }
    }
}

/// The process's limit on open descriptors, raised for a test that needs many.
enum DescriptorLimit {
    /// Raises the soft limit towards the hard one so that `needed` descriptors fit; returns the
    /// soft limit now in force and the one to restore.
    static func raise(toFit needed: Int) -> (now: Int, previous: rlimit) {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let previous = limit
        if limit.rlim_cur < rlim_t(needed) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(needed))
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        return (Int(min(limit.rlim_cur, rlim_t(Int.max))), previous)
    }

    static func restore(_ previous: rlimit) {
        var limit = previous
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
}
