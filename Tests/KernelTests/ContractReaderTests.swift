import Kernel
import TestSupport
import XCTest

/// The one reader: the same rules for a JSON body, a query string and CLI text, every fault named.
final class ContractReaderTests: XCTestCase {
    let contract = Contract([
        .text("title", max: 10, required: true, "a title"),
        .paragraph("note", max: 100, "a note"),
        .integer("count", 1...9, "a count"),
        .year(),
        .period(),
        .quarter(),
        .date("due", "a day"),
        .boolean("urgent", "urgent or not"),
        .choice("kind", [("town", "镇"), ("scenicArea", "景区")], "a kind"),
        .reference("unit_id", "units", "a unit"),
        .reference("person_id", "people", "a person"),
        .list("units", of: .reference("units"), "units"),
        .list("items", of: .text(maxLength: 50), "items"),
    ])

    func errors(_ json: String, _ db: Connection? = nil) throws -> [FieldError] {
        guard case .object(let members) = try JSONParser.parse(json) else { XCTFail("not an object"); return [] }
        switch contract.read(json: members, db) {
        case .success: return []
        case .failure(let errors): return errors.all
        }
    }

    func codes(_ json: String, _ db: Connection? = nil) throws -> [String: String] {
        Dictionary(try errors(json, db).map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
    }

    func testEveryFaultIsNamedByFieldAndCode() throws {
        let found = try codes(#"{"nickname": 1, "count": "three", "year": 0, "period": "-", "quarter": "2024-Q9", "due": "2024-02-30", "urgent": "maybe", "kind": "village"}"#)
        XCTAssertEqual(found["nickname"], "unknown_field")
        XCTAssertEqual(found["title"], "required")
        XCTAssertEqual(found["count"], "type")
        XCTAssertEqual(found["year"], "range")
        XCTAssertEqual(found["period"], "format")
        XCTAssertEqual(found["quarter"], "format")
        XCTAssertEqual(found["due"], "format")
        XCTAssertEqual(found["urgent"], "type")
        XCTAssertEqual(found["kind"], "choice")
    }

    func testYearsPeriodsAndNumbersNeverTrap() throws {
        XCTAssertThrowsError(try JSONParser.parse(#"{"year": 1e400}"#), "a number beyond a double is malformed JSON (400)")
        for year in ["-1", "10000", "2147483648", "9223372036854775807", "99999999999999999999", "-0", "2024.5"] {
            XCTAssertNotNil(try codes(#"{"title": "t", "year": \#(year)}"#)["year"], year)
        }
        for period in ["", "-", "--", "2024-", "-Q1", "2024-Q", "2024-Q0", "2024-Q5", "0000", "2024-Q1-", "99999"] {
            XCTAssertEqual(contract.read(text: [("title", "t"), ("period", period)], nil).isFailure, !period.isEmpty, period)
        }
        XCTAssertEqual(try codes(#"{"title": "t", "count": 9223372036854775808}"#)["count"], "type")
        XCTAssertEqual(try codes(#"{"title": "t", "count": 3.0, "year": 2024.0}"#), [:], "integral numbers written with a point are whole numbers")
    }

    func testARecordIdIsRefusedNamingTheRecordInChinese() throws {
        let merge = Contract([.recordID("into", "hazard", chinese: "隐患", required: true, "the hazard it duplicates")])
        guard case .object(let members) = try JSONParser.parse(#"{"into": "abc"}"#), case .failure(let found) = merge.read(json: members, nil) else {
            return XCTFail("a word is no id")
        }
        XCTAssertEqual(found.all.map(\.message), ["into 须为隐患的编号（正整数）(must be the id of a hazard)"])
    }

    func testTextLimitsCountCodePointsAndControlCharactersAreRefused() throws {
        XCTAssertEqual(try codes(#"{"title": "十个汉字十个汉字十个"}"#), [:])
        XCTAssertEqual(try codes(#"{"title": "0🏻0🏻0🏻0🏻0🏻0"}"#)["title"], "too_long", "a skin-tone modifier is a code point of its own")
        XCTAssertEqual(try codes(#"{"title": "a\u001b[31mb"}"#)["title"], "control_character")
        XCTAssertEqual(try codes(#"{"title": "a\nb"}"#)["title"], "control_character", "one-line text has no line breaks")
        XCTAssertEqual(try codes(#"{"title": "t", "note": "line one\nline\ttwo"}"#), [:])
        XCTAssertEqual(try codes(#"{"title": "t", "note": "bell\u0007"}"#)["note"], "control_character")
        XCTAssertEqual(try codes(#"{"title": "t", "note": "next\u0085line"}"#)["note"], "control_character")
        // A right-to-left override or isolate makes a text read otherwise than it is written.
        XCTAssertEqual(try codes(#"{"title": "罚款\u202e000,01"}"#)["title"], "control_character")
        XCTAssertEqual(try codes(#"{"title": "t", "note": "a\u2067b\u2069"}"#)["note"], "control_character")
        // Zero-width characters alone are no text: a required field is missing.
        XCTAssertEqual(try codes(#"{"title": "\u200b\u2060"}"#)["title"], "required")
        XCTAssertEqual(try codes(#"{"title": "加\u200d油"}"#), [:], "a joiner inside a text is kept")
        guard case .success(let values) = contract.read(text: [("title", "t"), ("note", "a\r\nb")], nil) else { return XCTFail("CRLF is a line break") }
        XCTAssertEqual(values.text("note"), "a\nb")
        // A CR before a skin-tone modifier or a combining mark is one Character with it: still a line break.
        guard case .success(let joined) = contract.read(text: [("title", "t"), ("note", "Z\r\u{1F3FB}x\r\u{0301}y\r\r\nz")], nil) else {
            return XCTFail("a CR joined to the next code point is still a line break")
        }
        XCTAssertEqual(joined.text("note"), "Z\n\u{1F3FB}x\n\u{0301}y\n\nz")
    }

    func testEmptyAndNullMeanNotGivenUnlessRequired() throws {
        guard case .success(let values) = contract.read(text: [("title", "t"), ("count", ""), ("kind", "")], nil) else { return XCTFail("empty is absent") }
        XCTAssertTrue(values.isCleared("count"))
        XCTAssertNil(values.int("count"))
        XCTAssertEqual(try codes(#"{"title": null}"#)["title"], "required")
        XCTAssertEqual(try codes(#"{"title": "   "}"#)["title"], "required")
    }

    func testDuplicateKeysAndChoiceLabels() throws {
        XCTAssertThrowsError(try JSONParser.parse(#"{"title": "a", "title": "b"}"#), "a key given twice is malformed JSON (400)")
        let many = "{" + (0..<20).map { "\"k\($0)\": 1" }.joined(separator: ",") + ", \"k3\": 2}"
        XCTAssertThrowsError(try JSONParser.parse(many), "also past the first members")
        guard case .success(let values) = contract.read(text: [("title", "t"), ("kind", "景区")], nil) else { return XCTFail("a label is accepted") }
        XCTAssertEqual(values.text("kind"), "scenicArea")
    }

    func testNamesResolveByAliasAndAnAmbiguousNameListsItsCandidates() throws {
        let test = try TestApplication(demo: true)
        try test.core.read { db in
            guard case .success(let values) = contract.read(json: [JSON.Member("title", "t"), JSON.Member("unit_id", "区住建局"),
                                                                   JSON.Member("units", JSON(["区安委会办公室", "12", "区 发改局"]))], db) else {
                return XCTFail("aliases, equivalent names and ids resolve")
            }
            let housing = try test.id("units", "区住房城乡建设局")
            XCTAssertEqual(values.id("unit_id"), housing)
            XCTAssertEqual(values.ids("units").count, 3)
            XCTAssertEqual(values.ids("units")[1], 12)
            let found = try errors(#"{"title": "t", "person_id": "叶华", "unit_id": "区火星局"}"#, db)
            let ambiguous = try XCTUnwrap(found.first { $0.field == "person_id" })
            XCTAssertEqual(ambiguous.code, "ambiguous")
            XCTAssertEqual(ambiguous.message.components(separatedBy: "叶华 (id ").count - 1, 2, ambiguous.message)
            XCTAssertEqual(found.first { $0.field == "unit_id" }?.code, "not_found")
        }
    }

    func testAnUpdateNamesAFieldAndMayNotClearARequiredOne() throws {
        let update = Contract(contract.fields, partial: true)
        XCTAssertEqual(update.read(json: [], nil).failureCodes, ["body": "too_few"])
        XCTAssertEqual(update.read(json: [JSON.Member("title", .null)], nil).failureCodes, ["title": "required"])
        XCTAssertTrue(update.read(json: [JSON.Member("count", 2)], nil).isSuccess)
    }

    func testJSONWithInvalidUTF8IsRefused() {
        for bad: [UInt8] in [[0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE4, 0xB8]] {
            let body = Array(#"{"title": ""#.utf8) + bad + Array(#""}"#.utf8)
            XCTAssertThrowsError(try JSONParser.parse(body), "\(bad)")
        }
        XCTAssertNoThrow(try JSONParser.parse(Array(#"{"title": "东城镇"}"#.utf8)))
    }
}

extension Result where Success == Values, Failure == FieldErrors {
    var isFailure: Bool { if case .failure = self { return true }; return false }
    var isSuccess: Bool { !isFailure }
    var failureCodes: [String: String] {
        guard case .failure(let errors) = self else { return [:] }
        return Dictionary(errors.all.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
    }
}
