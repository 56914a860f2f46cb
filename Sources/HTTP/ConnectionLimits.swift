// How many connections a server takes by default: what the process's descriptor limit allows, less
// the descriptors the rest of the process needs; and how many reusable connections are closed at
// once when the limit is reached.
#if canImport(Glibc)
import Glibc
#endif

public enum ConnectionLimits {
    /// Descriptors kept for everything that is not a client connection: standard streams, the
    /// listening socket, epoll and its eventfd, the database (a writer and four readers, each with
    /// its file and WAL, and the shared memory index), backups, exports, webhook senders' pipes,
    /// log files, with room to spare.
    public static let reservedDescriptors = 64

    /// The fewest connections a default allows, however low the descriptor limit.
    public static let minimum = 16

    /// Connections from one address by default: far more than a browser opens (six or so) or an
    /// office behind one NAT address needs, far fewer than the limit of a server with the usual
    /// descriptor limits, so that one address cannot hold them all.
    public static let defaultPerClient = 256

    /// The default connection limit for a descriptor limit: the limit less `reservedDescriptors`
    /// (at least `minimum`; an unlimited or huge limit counts as 2^20).
    public static func forDescriptorLimit(_ descriptors: UInt64) -> Int {
        let usable = Int(min(descriptors, 1 << 20))
        return max(minimum, usable - reservedDescriptors)
    }

    /// The default connection limit for this process's soft descriptor limit (RLIMIT_NOFILE).
    public static func fromDescriptorLimit() -> Int {
        forDescriptorLimit(descriptorLimit())
    }

    /// The process's soft limit on open descriptors (1024 if it cannot be read).
    public static func descriptorLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return UInt64(limit.rlim_cur)
    }

    /// How many reusable connections to close when room is needed and `reusable` wait: an eighth
    /// of them, at least one, at most 32 (as nginx drains its reusable queue), so that a burst of
    /// new connections does not scan every connection for each one.
    static func batch(reusable: Int) -> Int {
        max(1, min(32, reusable / 8))
    }
}
