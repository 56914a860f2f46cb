// The dispatcher's loop is woken by every commit: wakes that arrive while one is waiting to be
// answered are one wake, so a burst of commits runs the body once more, not once per commit.
import Foundation
import Kernel
import XCTest

final class BackgroundLoopTests: XCTestCase {
    func testABurstOfWakesRunsTheBodyOnceMoreNotOncePerWake() throws {
        let runs = Locked(0)
        let inBody = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let loop = BackgroundLoop(name: "test-loop", interval: 3600) {
            let run = runs.withLock { $0 += 1; return $0 }
            if run == 1 { inBody.signal(); release.wait() }   // the first run holds while the burst arrives
        }
        loop.start()
        XCTAssertEqual(inBody.wait(timeout: .now() + 10), .success)
        for _ in 0..<10_000 { loop.wake() }
        release.signal()
        // The burst's run, then nothing more: wait until it happened, and a while longer.
        let deadline = Date().addingTimeInterval(10)
        while runs.current < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.3)
        loop.stop()
        XCTAssertEqual(runs.current, 2, "10,000 wakes during one run of the body must cause one more run")
    }

    func testAWakeAfterTheBodyRanRunsItAgain() throws {
        let runs = Locked(0)
        let ran = DispatchSemaphore(value: 0)
        let loop = BackgroundLoop(name: "test-loop", interval: 3600) {
            runs.withLock { $0 += 1 }
            ran.signal()
        }
        loop.start()
        XCTAssertEqual(ran.wait(timeout: .now() + 10), .success)
        for expected in 2...5 {
            // The loop may still be between its body and its wait: a wake then is answered all the same.
            loop.wake()
            XCTAssertEqual(ran.wait(timeout: .now() + 10), .success, "wake \(expected) was not answered")
        }
        loop.stop()
        XCTAssertGreaterThanOrEqual(runs.current, 5)
    }
}
