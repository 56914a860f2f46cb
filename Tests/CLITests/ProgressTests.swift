import XCTest
import CLI

final class ProgressTests: XCTestCase {
    func testSilentWhenStderrIsNotATerminal() {
        let capture = Capture(terminal: false)
        let progress = Progress(output: capture.output, label: "导入", total: 100)
        progress.update(1)
        progress.update(40)
        progress.finish()
        XCTAssertEqual(capture.stdout, "")
        XCTAssertEqual(capture.stderr, "")
    }

    func testDrawsOnStderrOnATerminal() {
        let capture = Capture(terminal: true)
        let progress = Progress(output: capture.output, label: "import", total: 100)
        progress.update(40)
        progress.update(100)
        progress.finish()
        XCTAssertEqual(capture.stdout, "")
        XCTAssertEqual(capture.stderr, "\rimport 40/100\u{1B}[K\rimport 100/100\u{1B}[K\n")
    }

    func testUnknownTotalShowsTheCountOnly() {
        let capture = Capture(terminal: true)
        Progress(output: capture.output, label: "rows", total: 0).update(7)
        XCTAssertEqual(capture.stderr, "\rrows 7\u{1B}[K")
    }

    func testRedrawsAtMostEveryIntervalWithTheRate() {
        let capture = Capture(terminal: true)
        let clock = TestClock()
        let progress = Progress(output: capture.output, label: "people", total: 3000, every: 0.1, now: { clock.seconds })
        progress.update(1)
        clock.seconds = 0.05
        progress.update(500)  // too soon after the first: not drawn
        clock.seconds = 0.5
        progress.update(1000)
        clock.seconds = 0.55
        progress.update(3000)  // the last is always drawn
        XCTAssertEqual(capture.stderr, "\rpeople 1/3000\u{1B}[K\rpeople 1000/3000 (2000/s)\u{1B}[K\rpeople 3000/3000 (5455/s)\u{1B}[K")
    }

    func testShownForPeopleOnlyOnATerminalWithATable() {
        XCTAssertNotNil(Progress.forPeople(Capture(terminal: true).output, format: .table, label: "x", total: 1))
        XCTAssertNil(Progress.forPeople(Capture(terminal: true).output, format: .json, label: "x", total: 1))
        XCTAssertNil(Progress.forPeople(Capture(terminal: true).output, format: .csv, label: "x", total: 1))
        XCTAssertNil(Progress.forPeople(Capture(terminal: false).output, format: .table, label: "x", total: 1))
    }
}

/// A clock the test moves.
private final class TestClock: @unchecked Sendable {
    var seconds: Double = 0
}
