// The default connection limit follows the descriptor limit; client addresses count per address.
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTP

final class ConnectionLimitsTests: XCTestCase {
    func testTheDefaultLimitIsTheDescriptorLimitLessTheReserve() {
        XCTAssertEqual(ConnectionLimits.reservedDescriptors, 64)
        XCTAssertEqual(ConnectionLimits.forDescriptorLimit(1024), 960)
        XCTAssertEqual(ConnectionLimits.forDescriptorLimit(65_536), 65_472)
        XCTAssertEqual(ConnectionLimits.forDescriptorLimit(20), 16, "never below the minimum")
        XCTAssertEqual(ConnectionLimits.forDescriptorLimit(UInt64.max), (1 << 20) - 64, "unlimited counts as 2^20")
        var limit = rlimit()
        XCTAssertEqual(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit), 0)
        XCTAssertEqual(ServerConfiguration().maxConnections, ConnectionLimits.forDescriptorLimit(UInt64(limit.rlim_cur)))
        XCTAssertEqual(ServerConfiguration().maxConnectionsPerClient, 256)
    }

    func testReclaimsAnEighthOfTheWaitingConnectionsAtMost32() {
        XCTAssertEqual(ConnectionLimits.batch(reusable: 0), 1)
        XCTAssertEqual(ConnectionLimits.batch(reusable: 1), 1)
        XCTAssertEqual(ConnectionLimits.batch(reusable: 100), 12)
        XCTAssertEqual(ConnectionLimits.batch(reusable: 256), 32)
        XCTAssertEqual(ConnectionLimits.batch(reusable: 60_000), 32)
    }

    func testAnIPv4AddressCountsTheSameAsItsMappedIPv6Form() {
        func v4(_ text: String) -> ClientAddress {
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { raw in
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(40_000).bigEndian)
                _ = inet_pton(AF_INET, text, &address.sin_addr)
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            }
            return ClientAddress(storage)
        }
        func v6(_ text: String, port: UInt16 = 1) -> ClientAddress {
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { raw in
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(port.bigEndian)
                _ = inet_pton(AF_INET6, text, &address.sin6_addr)
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            }
            return ClientAddress(storage)
        }
        XCTAssertEqual(v4("192.0.2.7"), v6("::ffff:192.0.2.7"))
        XCTAssertEqual(v6("2001:db8::1", port: 1), v6("2001:db8::1", port: 2), "the port does not count")
        XCTAssertNotEqual(v4("192.0.2.7"), v4("192.0.2.8"))
        XCTAssertNotEqual(v4("127.0.0.2"), v4("127.0.0.3"))
        XCTAssertNotEqual(v6("2001:db8::1"), v6("2001:db8::2"))
        XCTAssertNotEqual(v6("2001:db8::1"), v6("2001:db9::1"))
    }
}
