// 读入:UTF-8(含 BOM)、GB18030(iconv 转换),以及二进制、空文件、无任务的明确报错。
import XCTest
@testable import Responsibilities

final class PlanTextTests: XCTestCase {
    func testUTF8WithAndWithoutBOM() throws {
        let text = "一、总体要求\n(一)落实。(责任单位:区安委办)"
        XCTAssertEqual(try PlanText.decode(Array(text.utf8)), text)
        XCTAssertEqual(try PlanText.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8)), text)
    }

    func testHardCodedGB18030Bytes() throws {
        // “安全” in GB18030 (= GBK): B0B2 C8AB; “区安委办” : C7F8 B0B2 CEAF B0EC.
        XCTAssertEqual(try PlanText.decode([0xB0, 0xB2, 0xC8, 0xAB]), "安全")
        XCTAssertEqual(try PlanText.decode([0xC7, 0xF8, 0xB0, 0xB2, 0xCE, 0xAF, 0xB0, 0xEC]), "区安委办")
    }

    func testGB18030DocumentRoundTripsThroughIconvAndParses() throws {
        let bytes = try XCTUnwrap(PlanText.encode(PlanSeedFixture.text, as: "GB18030"))
        XCTAssertNotEqual(bytes, Array(PlanSeedFixture.text.utf8))
        XCTAssertNil(String(validating: bytes, as: UTF8.self), "the GB18030 bytes are not UTF-8")
        let decoded = try PlanText.decode(bytes)
        XCTAssertEqual(decoded, PlanSeedFixture.text)
        let plan = try WorkPlanParser.parse(decoded, year: 2024)
        XCTAssertEqual(plan.taskCount, 8)
        XCTAssertEqual(plan.sections.count, 3)
    }

    func testBinaryFilesAreRefused() {
        XCTAssertThrowsError(try PlanText.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])) { error in
            guard case PlanImportError.binary(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("NUL"))
        }
        // No NUL, but bytes that are neither UTF-8 nor GB18030 (0xFF is never valid in either).
        XCTAssertThrowsError(try PlanText.decode([0xFF, 0xFE, 0xFF, 0x41])) { error in
            XCTAssertEqual(error as? PlanImportError, .binary("既不是 UTF-8 也不是 GB18030 编码"))
        }
        // Valid UTF-8 but full of control characters.
        XCTAssertThrowsError(try PlanText.decode([0x01, 0x02, 0x03, 0x41, 0x1B])) { error in
            guard case PlanImportError.binary = error else { return XCTFail("\(error)") }
        }
    }

    func testEmptyAndWhitespaceOnlyFiles() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array(" \n\t\r\n".utf8), Array("\u{3000}\n".utf8)] {
            XCTAssertThrowsError(try PlanText.decode(bytes)) { error in
                XCTAssertEqual(error as? PlanImportError, .empty, "\(bytes)")
            }
        }
        XCTAssertThrowsError(try WorkPlanParser.parse(" \n\n", year: 2024)) { error in
            XCTAssertEqual(error as? PlanImportError, .empty)
        }
    }

    func testTextWithoutTasksIsRefused() {
        let prose = "区安委会2024年的主要任务是:坚决防范遏制生产安全事故发生。\n确保全年安全生产形势稳定。"
        XCTAssertThrowsError(try WorkPlanParser.parse(prose, year: 2024)) { error in
            XCTAssertEqual(error as? PlanImportError, .noTasks)
        }
    }

    func testInvalidYearIsRefused() {
        XCTAssertThrowsError(try WorkPlanParser.parse(PlanSeedFixture.text, year: 24)) { error in
            XCTAssertEqual(error as? PlanImportError, .invalidYear(24))
        }
    }

    func testErrorDescriptionsAreOneChineseAndEnglishLine() {
        let errors: [PlanImportError] = [.empty, .binary("含NUL"), .noTasks, .invalidYear(24)]
        for error in errors {
            let line = error.description
            XCTAssertFalse(line.contains("\n"), line)
            XCTAssertTrue(line.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, line)
            XCTAssertTrue(line.contains { $0.isASCII && $0.isLetter }, line)
        }
        XCTAssertTrue(PlanImportError.noTasks.description.contains("no recognisable task"))
    }
}
