import Foundation
@testable import Kernel
import XCTest

/// The kernel's event coder (issue 23) writes the payloads Foundation's JSONEncoder wrote before,
/// byte for byte, and reads them back as JSONDecoder did.
final class ContractCodingTests: XCTestCase {
    let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    let reader: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    func same<E: EventContract>(_ event: E, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = String(decoding: try foundation.encode(event), as: UTF8.self)
        let now = try EventCoding.encode(event)
        XCTAssertEqual(now, before, file: file, line: line)
        // Read back by both, they write the same again.
        let mine = try EventCoding.decode(E.self, from: before)
        let theirs = try reader.decode(E.self, from: Data(now.utf8))
        XCTAssertEqual(try EventCoding.encode(mine), before, file: file, line: line)
        XCTAssertEqual(String(decoding: try foundation.encode(theirs), as: UTF8.self), before, file: file, line: line)
    }

    let line = TaskDeadlineReached(ledgerLineId: 88, taskId: 7, unitId: 12, unitKind: "unit", due: CalendarDate(year: 2024, month: 2, day: 29)!,
                                   period: "2024-Q1", colourReason: "任务逾期（红灯）：\"引号\" \\ 反斜杠 / 斜杠\n换行\t制表",
                                   taskNumber: "（七）", taskTitle: "强化组织领导", unitName: "区发改局")

    func testPayloadsAreTheBytesJSONEncoderWrote() throws {
        let hazard = HazardFacts(hazardId: 100_335, code: "YH-2024-000123", grade: "major", territoryId: 3, sector: "hazardousChemicals",
                                 supervisingUnitId: nil, enterpriseId: 7, source: "selfInspection")
        try same(HazardRegistered(hazard: hazard))
        try same(HazardOverdue(hazard: hazard, daysOverdue: 31, listed: false))
        try same(HazardOverdue(hazard: hazard, daysOverdue: 91, listed: true, threshold: 90))
        try same(HazardClosed(hazard: hazard, onTime: true))
        try same(TaskOverdue(line))
        try same(TaskDueSoon(TaskDeadlineReached(ledgerLineId: 1, taskId: 2, unitId: 3, unitKind: "territory", due: CalendarDate(year: 2024, month: 12, day: 31)!,
                                                 period: nil, colourReason: "")))
        try same(TaskCreated(taskId: 5, origin: "consultations.decision:12", title: "整改",
                             lines: [TaskCreatedLine(ledgerLineId: 1, unitId: 2, unitKind: "unit", due: CalendarDate(year: 2024, month: 3, day: 1)!),
                                     TaskCreatedLine(ledgerLineId: 3, unitId: 4, unitKind: "territory")]))
        try same(TaskCreated(taskId: 6, origin: nil))
        try same(LinesWithdrawn(lines: [LedgerLineRef(ledgerLineId: 1, taskId: 2, unitId: 3, unitKind: "unit", period: "2024-Q3", taskNumber: "（二）")],
                                withdrawnOn: CalendarDate(year: 2024, month: 7, day: 1)!, reason: "修订"))
    }

    func testSnakeCaseKeysAreFoundationsOnes() {
        for (key, snake) in [("hazardId", "hazard_id"), ("ledgerLineId", "ledger_line_id"), ("myURLValue", "my_url_value"), ("id", "id"),
                             ("e1Count", "e1_count"), ("aB", "a_b")] {
            XCTAssertEqual(SnakeCase.from(key), snake, key)
        }
        XCTAssertEqual(SnakeCase.camel("ledger_line_id"), "ledgerLineId")
    }

    func testAPayloadOfTheWrongShapeIsAnErrorNotACrash() {
        XCTAssertThrowsError(try EventCoding.decode(HazardRegistered.self, from: "{\"hazard\": 3}"))
        XCTAssertThrowsError(try EventCoding.decode(HazardRegistered.self, from: "not json"))
        XCTAssertThrowsError(try EventCoding.decode(TaskOverdue.self, from: "{\"line\": {\"ledger_line_id\": \"x\"}}"))
        XCTAssertThrowsError(try EventCoding.decode(TaskOverdue.self, from: "{\"line\": {\"ledger_line_id\": null}}"))
    }
}
