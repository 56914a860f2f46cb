// Sending a head and a body in one go, through partial writes.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class SocketTests: XCTestCase {
    func testHeadAndBodyArriveWholeThroughPartialWrites() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds), 0)
        var small: Int32 = 4096
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n".utf8)
        let body = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let reader = fds[1]
        let received = ThreadLock<[UInt8]>([])
        let done = expectation(description: "read")
        Thread {
            var chunk = [UInt8](repeating: 0, count: 7000)
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(reader, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                received.withLock { $0 += chunk[0..<n] }
                usleep(50)  // a slow reader: the sender sees its buffer fill
            }
            done.fulfill()
        }.start()
        XCTAssertTrue(Socket.sendAll(fds[0], head, body))
        XCTAssertTrue(Socket.sendAll(fds[0], [], Array("tail".utf8)), "an empty head is skipped")
        close(fds[0])
        wait(for: [done], timeout: 30)
        close(fds[1])
        XCTAssertEqual(received.withLock { $0 }, head + body + Array("tail".utf8))
    }

    func testSendToAClosedPeerFails() {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds), 0)
        close(fds[1])
        XCTAssertFalse(Socket.sendAll(fds[0], Array("head".utf8), Array(repeating: 1, count: 100_000)))
        close(fds[0])
    }
}
