// When the server gives freed memory back, and whether it limits malloc's arenas itself.
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTP

final class AllocatorTests: XCTestCase {
    func testTrimsOnceQuietAfterABurstAndAgainWhenWorkersHaveEnded() {
        var trim = QuietTrim(afterSeconds: 1)
        XCTAssertFalse(trim.due(now: 0, turns: 100, threads: 66), "turns are being finished")
        XCTAssertFalse(trim.due(now: 0.5, turns: 100, threads: 66), "quiet for less than a second")
        XCTAssertTrue(trim.due(now: 1.0, turns: 100, threads: 66), "quiet for a second after a burst")
        XCTAssertFalse(trim.due(now: 2.0, turns: 100, threads: 66), "nothing happened since")
        XCTAssertTrue(trim.due(now: 4.0, turns: 100, threads: 2), "extra workers ended since")
        XCTAssertFalse(trim.due(now: 9.0, turns: 100, threads: 2))
        XCTAssertFalse(trim.due(now: 9.5, turns: 101, threads: 2), "a request: quiet begins again")
        XCTAssertFalse(trim.due(now: 10.0, turns: 101, threads: 2))
        XCTAssertTrue(trim.due(now: 10.5, turns: 101, threads: 2))
    }

    func testNeverTrimsWhenTurnedOff() {
        var trim = QuietTrim(afterSeconds: 0)
        for second in 0..<10 { XCTAssertFalse(trim.due(now: Double(second), turns: second < 3 ? second : 3, threads: 2)) }
    }

    func testTheEnvironmentsArenaSettingIsLeftAlone() {
        XCTAssertTrue(Allocator.arenasSetByEnvironment(["MALLOC_ARENA_MAX": "8"]))
        XCTAssertTrue(Allocator.arenasSetByEnvironment(["GLIBC_TUNABLES": "glibc.malloc.arena_max=4"]))
        XCTAssertFalse(Allocator.arenasSetByEnvironment(["GLIBC_TUNABLES": "glibc.malloc.tcache_count=0"]))
        XCTAssertFalse(Allocator.arenasSetByEnvironment([:]))
        XCTAssertGreaterThanOrEqual(Allocator.defaultArenas, 2)
        // Under AddressSanitizer malloc is ASan's, whose mallopt takes nothing (ThreadSanitizer's
        // answers 1, as glibc's does); with glibc's own malloc the setting is taken.
        XCTAssertEqual(Allocator.limitArenas(Allocator.defaultArenas), !Self.underAddressSanitizer, "glibc takes the setting")
        Allocator.trim()
    }

    static let underAddressSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

    func testTheServerDefaultsBoundItsThreadsAndTrim() {
        let configuration = ServerConfiguration()
        XCTAssertEqual(configuration.maxWorkerThreads, 64)
        XCTAssertEqual(configuration.trimAfterIdleSeconds, 1)
    }
}
