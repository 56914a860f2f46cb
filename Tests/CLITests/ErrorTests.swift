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
        XCTAssertEqual(result.stderr, "error: \(message)\nRun '\(hint) --help' for usage.\n", file: file, line: line)
    }

    func testUnknownOptionWithASuggestion() {
        assertUsageError(["org", "units", "list", "--untt", "x"],
                         "unknown option --untt for 'anwei org units list'; did you mean --unit?", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "--staus=open"],
                         "unknown option --staus for 'anwei org units list'; did you mean --status?", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "--hlep"],
                         "unknown option --hlep for 'anwei org units list'; did you mean --help?", hint: "anwei org units list")
        // An inherited global is suggested too.
        assertUsageError(["org", "units", "list", "--jsn"],
                         "unknown option --jsn for 'anwei org units list'; did you mean --json?", hint: "anwei org units list")
    }

    func testUnknownOptionWithNothingClose() {
        assertUsageError(["org", "units", "list", "--frobnicate"],
                         "unknown option --frobnicate for 'anwei org units list'", hint: "anwei org units list")
    }

    func testUnknownShortOptionAndSingleDashLongName() {
        assertUsageError(["org", "units", "list", "-x"], "unknown option -x for 'anwei org units list'", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "-limit", "3"],
                         "unknown option -limit for 'anwei org units list'; did you mean --limit?", hint: "anwei org units list")
    }

    func testAnOptionBeforeTheCommandThatDeclaresIt() {
        assertUsageError(["--unit", "x", "org", "units", "list"], "unknown option --unit for 'anwei'", hint: "anwei")
    }

    func testMissingValueNamesTheOption() {
        assertUsageError(["org", "units", "list", "--limit"], "option --limit needs a value: --limit N (a value that starts with '-' is written --limit=VALUE)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "-u", "--json"], "option -u needs a value: -u 单位 (a value that starts with '-' is written --unit=VALUE)", hint: "anwei org units list")
        assertUsageError(["org", "units", "list", "--db", "--", "x"], "option --db needs a value: --db PATH (a value that starts with '-' is written --db=VALUE)", hint: "anwei org units list")
    }

    func testAFlagTakesNoValue() {
        assertUsageError(["org", "units", "list", "--json=yes"], "option --json is a flag and takes no value", hint: "anwei org units list")
    }

    func testUnknownSubcommandListsTheChoicesAndSuggests() {
        assertUsageError(["org", "units", "lst"],
                         "unknown command 'lst' for 'anwei org units' (commands: list, show, import, tag, rename); did you mean 'list'?",
                         hint: "anwei org units")
        assertUsageError(["orgs"], "unknown command 'orgs' for 'anwei' (commands: org, hazards); did you mean 'org'?", hint: "anwei")
        assertUsageError(["zzz"], "unknown command 'zzz' for 'anwei' (commands: org, hazards)", hint: "anwei")
    }

    func testMissingArguments() {
        assertUsageError(["org", "units", "show"], "missing argument ID for 'anwei org units show'", hint: "anwei org units show")
        assertUsageError(["org", "units", "tag"], "missing arguments UNIT, TAGS for 'anwei org units tag'", hint: "anwei org units tag")
        assertUsageError(["org", "units", "tag", "u1"], "missing argument TAGS for 'anwei org units tag'", hint: "anwei org units tag")
    }

    func testTooManyArguments() {
        assertUsageError(["org", "units", "show", "1", "2"], "unexpected argument '2' for 'anwei org units show'", hint: "anwei org units show")
        assertUsageError(["org", "units", "list", "a", "b"], "unexpected arguments 'a', 'b' for 'anwei org units list'",
                         hint: "anwei org units list")
    }

    func testOnlyTheFirstUsageErrorIsReported() {
        assertUsageError(["org", "units", "list", "--nope", "--limit"], "unknown option --nope for 'anwei org units list'",
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
        XCTAssertEqual(result.stderr, "error: unit 42 failed with 2\nRun 'anwei hazards fail --help' for usage.\n")
        let bad = Fixture.run(["hazards", "fail", "--code", "many"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertEqual(bad.stderr, "error: --code expects a whole number, got 'many'\nRun 'anwei hazards fail --help' for usage.\n")
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
