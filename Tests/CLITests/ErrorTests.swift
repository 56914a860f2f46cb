import XCTest
import CLI

final class UsageErrorTests: XCTestCase {
    /// Asserts a usage error: exit 2, nothing on stdout, the command not run, and exactly the error
    /// line and the hint on stderr.
    private func assertUsageError(_ arguments: [String], _ message: String, hint: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        let result = Fixture.run(arguments)
        XCTAssertEqual(result.code, 2, file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        XCTAssertNil(result.invocation, "the command must not run", file: file, line: line)
        XCTAssertEqual(result.stderr, "error: \(message)\n运行 '\(hint) --help' 查看用法 (for usage)\n", file: file, line: line)
    }

    func testUnknownOptionWithASuggestion() {
        assertUsageError(["org", "units", "list", "--untt", "x"],
                         "命令 'anwei org units list' 没有选项 --untt；是否指 --unit？ (unknown option)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "--staus=open"],
                         "命令 'anwei org units list' 没有选项 --staus；是否指 --status？ (unknown option)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "--hlep"],
                         "命令 'anwei org units list' 没有选项 --hlep；是否指 --help？ (unknown option)", hint: "anwei org units list")
        // An inherited global is suggested too.
        assertUsageError(["org", "units", "list", "--jsn"],
                         "命令 'anwei org units list' 没有选项 --jsn；是否指 --json？ (unknown option)", hint: "anwei org units list")
    }

    func testUnknownOptionWithNothingClose() {
        assertUsageError(["org", "units", "list", "--frobnicate"],
                         "命令 'anwei org units list' 没有选项 --frobnicate (unknown option)", hint: "anwei org units list")
    }

    func testUnknownShortOptionAndSingleDashLongName() {
        assertUsageError(["org", "units", "list", "-x"], "命令 'anwei org units list' 没有选项 -x (unknown option)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "-limit", "3"],
                         "命令 'anwei org units list' 没有选项 -limit；是否指 --limit？ (unknown option)", hint: "anwei org units list")
    }

    func testAnOptionBeforeTheCommandThatDeclaresIt() {
        assertUsageError(["--unit", "x", "org", "units", "list"], "命令 'anwei' 没有选项 --unit (unknown option)", hint: "anwei")
    }

    func testMissingValueNamesTheOption() {
        assertUsageError(["org", "units", "list", "--limit"], "选项 --limit 缺少值，应写作 --limit N（以 '-' 开头的值写作 --limit=VALUE） (--limit needs a value)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "-u", "--json"], "选项 -u 缺少值，应写作 -u 单位（以 '-' 开头的值写作 --unit=VALUE） (-u needs a value)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "--db", "--", "x"], "选项 --db 缺少值，应写作 --db PATH（以 '-' 开头的值写作 --db=VALUE） (--db needs a value)", hint: "anwei org units list")
    }

    func testAFlagTakesNoValue() {
        assertUsageError(["org", "units", "list", "--json=yes"], "选项 --json 是开关，不能带值，收到 'yes' (--json is a flag and takes no value)", hint: "anwei org units list")
    }

    func testUnknownSubcommandListsTheChoicesAndSuggests() {
        assertUsageError(["org", "units", "lst"],
                         "命令 'anwei org units' 没有子命令 'lst'（可用的子命令：list, show, import, tag, rename）；是否指 'list'？ (unknown command)",
                         hint: "anwei org units")
        assertUsageError(["orgs"], "命令 'anwei' 没有子命令 'orgs'（可用的子命令：org, hazards）；是否指 'org'？ (unknown command)", hint: "anwei")
        assertUsageError(["zzz"], "命令 'anwei' 没有子命令 'zzz'（可用的子命令：org, hazards） (unknown command)", hint: "anwei")
    }

    func testMissingArguments() {
        assertUsageError(["org", "units", "show"], "命令 'anwei org units show' 缺少参数 ID (missing argument ID)", hint: "anwei org units show")
        assertUsageError(["org", "units", "tag"], "命令 'anwei org units tag' 缺少参数 UNIT、TAGS (missing arguments UNIT, TAGS)", hint: "anwei org units tag")
        assertUsageError(["org", "units", "tag", "u1"], "命令 'anwei org units tag' 缺少参数 TAGS (missing argument TAGS)", hint: "anwei org units tag")
    }

    func testTooManyArguments() {
        assertUsageError(["org", "units", "show", "1", "2"], "命令 'anwei org units show' 有多余的参数 '2' (unexpected argument)", hint: "anwei org units show")
        assertUsageError(["org", "units", "list", "a", "b"], "命令 'anwei org units list' 有多余的参数 'a'、'b' (unexpected arguments)",
                         hint: "anwei org units list")
    }

    func testOnlyTheFirstUsageErrorIsReported() {
        assertUsageError(["org", "units", "list", "--nope", "--limit"], "命令 'anwei org units list' 没有选项 --nope (unknown option)",
                         hint: "anwei org units list")
    }

    func testAGroupWithoutASubcommandPrintsItsHelpToStderr() {
        for arguments in [["org"], ["org", "units"], ["org", "--json"], []] {
            let result = Fixture.run(arguments)
            XCTAssertEqual(result.code, 2, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            XCTAssertTrue(result.stderr.hasPrefix("Usage: anwei "), result.stderr)
            XCTAssertTrue(result.stderr.contains("Commands:\n"), result.stderr)
        }
        XCTAssertTrue(Fixture.run(["org"]).stderr.hasPrefix("Usage: anwei org <command> [options]\n"))
    }
}

final class CommandErrorTests: XCTestCase {
    func testACommandErrorPrintsItsMessageAndReturnsItsCode() {
        for (code, exit) in [(1, ExitCode.failure), (3, .notFound), (4, .conflict), (5, .validation)] {
            let result = Fixture.run(["hazards", "fail", "--code", "\(code)"])
            XCTAssertEqual(result.code, exit.rawValue)
            XCTAssertEqual(result.stdout, "")
            XCTAssertEqual(result.stderr, "error: unit 42 failed with \(code)\n")
            XCTAssertNotNil(result.invocation)
        }
    }

    func testAUsageErrorThrownByACommandAddsTheHint() {
        let result = Fixture.run(["hazards", "fail", "--code", "2"])
        XCTAssertEqual(result.code, 2)
        XCTAssertEqual(result.stderr, "error: unit 42 failed with 2\n运行 'anwei hazards fail --help' 查看用法 (for usage)\n")
        let bad = Fixture.run(["hazards", "fail", "--code", "many"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertEqual(bad.stderr, "error: 选项 --code 须为整数，收到 'many' (--code expects a whole number)\n运行 'anwei hazards fail --help' 查看用法 (for usage)\n")
    }

    func testAnyOtherErrorIsAFailureDescribedOnStderr() {
        let result = Fixture.run(["hazards", "fail"])
        XCTAssertEqual(result.code, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "error: the disk is full\n")
    }
}

final class DashValueTests: XCTestCase {
    /// A value that starts with "-" (a tip-off receipt key could, one in 64) is given with "=".
    func testAValueStartingWithADashIsGivenWithEquals() {
        let result = Fixture.run(["org", "units", "list", "--unit=-安监-", "--json"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(result.invocation?.values("unit"), ["-安监-"])
    }
}
