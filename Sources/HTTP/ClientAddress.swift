// A client's address as a small value to count connections by: the 16 bytes of an IPv6 address,
// an IPv4 address as its IPv4-mapped IPv6 form (so a client counts once whichever socket family
// it arrived on). The port is left out: connections are capped per address, not per socket.
#if canImport(Glibc)
import Glibc
#endif

struct ClientAddress: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// The address of a peer as `accept` filled it in.
    init(_ storage: sockaddr_storage) {
        var s = storage
        (high, low) = withUnsafeBytes(of: &s) { raw -> (UInt64, UInt64) in
            if Int32(storage.ss_family) == AF_INET6 {
                let offset = MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!
                return (raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            }
            let offset = MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!
            let v4 = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)  // network order, as stored
            // ::ffff:a.b.c.d as it lies in memory: ten zero bytes, two 0xff, then the four.
            return (0, UInt64(0xFFFF_0000) | UInt64(v4) << 32)
        }
    }
}
