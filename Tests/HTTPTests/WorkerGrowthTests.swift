@testable import HTTP
import XCTest

/// When the overseer starts another worker (`WorkerPool.needsAnotherWorker`). Under a steady stream
/// of writes, group commit finishes the waiting writes in bursts: turns finish at almost every look
/// while every worker is held by a write waiting for its group, so the old rule ("no turn finished")
/// kept the pool at its base and each write was committed nearly alone (issue 23: 1,400 creates/s
/// instead of 3,700 on a grown file, bench/hazards/create-bound.sh).
final class WorkerGrowthTests: XCTestCase {
    func testBlockedHandlersStartAWorkerEvenWhileTurnsFinish() {
        XCTAssertTrue(WorkerPool.needsAnotherWorker(idle: 0, threads: 2, maximum: 64, turnFinished: true, blocked: { 2 }))
        XCTAssertFalse(WorkerPool.needsAnotherWorker(idle: 0, threads: 2, maximum: 64, turnFinished: true, blocked: { 0 }),
                       "busy workers that finish turns (work for the processor) get no company")
    }

    func testSlowHandlersStartAWorkerAsBefore() {
        XCTAssertTrue(WorkerPool.needsAnotherWorker(idle: 0, threads: 2, maximum: 64, turnFinished: false, blocked: { 0 }))
    }

    func testAnIdleWorkerOrTheMaximumMeansNone() {
        XCTAssertFalse(WorkerPool.needsAnotherWorker(idle: 1, threads: 2, maximum: 64, turnFinished: false, blocked: { 5 }))
        XCTAssertFalse(WorkerPool.needsAnotherWorker(idle: 0, threads: 64, maximum: 64, turnFinished: false, blocked: { 5 }))
    }

    func testTheApplicationIsAskedOnlyWhenEveryWorkerIsBusyAndTurnsFinish() {
        var asked = 0
        _ = WorkerPool.needsAnotherWorker(idle: 1, threads: 2, maximum: 64, turnFinished: true, blocked: { asked += 1; return 1 })
        _ = WorkerPool.needsAnotherWorker(idle: 0, threads: 2, maximum: 64, turnFinished: false, blocked: { asked += 1; return 1 })
        XCTAssertEqual(asked, 0)
        _ = WorkerPool.needsAnotherWorker(idle: 0, threads: 2, maximum: 64, turnFinished: true, blocked: { asked += 1; return 1 })
        XCTAssertEqual(asked, 1)
    }
}
