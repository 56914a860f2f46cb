import Foundation
import XCTest
import CLI

final class InputFileTests: XCTestCase {
    func testDashReadsStandardInput() throws {
        let text = try InputFile.readText("-", standardInput: { Data("单位\n区安委办\n".utf8) })
        XCTAssertEqual(text, "单位\n区安委办\n")
    }

    func testReadsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-input-\(UUID().uuidString).csv")
        try Data("a,b\r\n1,2\r\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let text = try InputFile.readText(url.path, standardInput: { XCTFail("stdin must not be read"); return Data() })
        XCTAssertEqual(try CSV.parse(text).map(\.fields), [["a", "b"], ["1", "2"]])
    }

    func testAMissingFileIsNotFound() {
        XCTAssertThrowsError(try InputFile.readText("/nonexistent/units.csv")) { error in
            XCTAssertEqual((error as? CommandError)?.code, .notFound)
            XCTAssertEqual((error as? CommandError)?.message, "找不到文件 /nonexistent/units.csv (no such file)")
        }
    }

    func testADirectoryCannotBeRead() {
        XCTAssertThrowsError(try InputFile.readText(FileManager.default.temporaryDirectory.path)) { error in
            XCTAssertEqual((error as? CommandError)?.code, .failure)
        }
    }

    func testBytesThatAreNotUTF8AreAValidationError() {
        // "单位" in GBK, as an old spreadsheet might save it.
        XCTAssertThrowsError(try InputFile.readText("-", standardInput: { Data([0xB5, 0xA5, 0xCE, 0xBB]) })) { error in
            XCTAssertEqual((error as? CommandError)?.code, .validation)
            XCTAssertEqual((error as? CommandError)?.message, "标准输入 不是 UTF-8 文本，请另存为 UTF-8 编码后重试（Excel：另存为“CSV UTF-8”） (not UTF-8 text; save it as UTF-8 and try again)")
        }
    }
}
