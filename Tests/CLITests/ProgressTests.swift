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
}
