import XCTest
import CLI

final class ParsingTests: XCTestCase {
    private func invocation(_ arguments: [String], environment: [String: String] = [:],
                            file: StaticString = #filePath, line: UInt = #line) -> Invocation? {
        let result = Fixture.run(arguments, environment: environment)
        XCTAssertEqual(result.code, 0, "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        XCTAssertNotNil(result.invocation, file: file, line: line)
        return result.invocation
    }

    func testWalksThePathToTheLeaf() {
        let run = invocation(["org", "units", "list"])
        XCTAssertEqual(run?.path, ["org", "units", "list"])
        XCTAssertEqual(run?.arguments, [:])
    }

    func testValueOptionInEveryForm() {
        XCTAssertEqual(invocation(["org", "units", "list", "--limit", "5"])?.value("limit"), "5")
        XCTAssertEqual(invocation(["org", "units", "list", "--limit=5"])?.value("limit"), "5")
        XCTAssertEqual(invocation(["org", "units", "list", "--limit="])?.options["limit"], [""])
        XCTAssertEqual(invocation(["org", "units", "list", "--status=a=b"])?.value("status"), "a=b")
        XCTAssertEqual(invocation(["org", "units", "list", "-u", "区安委办"])?.values("unit"), ["区安委办"])
    }

    func testAValueGivenTwiceKeepsTheLast() {
        XCTAssertEqual(invocation(["org", "units", "list", "--limit", "5", "--limit", "7"])?.options["limit"], ["7"])
    }

    func testRepeatedOptionCollectsEveryValueInOrder() {
        let run = invocation(["org", "units", "list", "--unit", "区安委办", "-u", "区应急局", "--unit=东城镇"])
        XCTAssertEqual(run?.values("unit"), ["区安委办", "区应急局", "东城镇"])
    }

    func testFlagsHoldTrue() {
        let run = invocation(["org", "units", "list", "--all", "-j"])
        XCTAssertEqual(run?.options["all"], ["true"])
        XCTAssertTrue(run?.flag("json") ?? false)
        XCTAssertEqual(run?.format, .json)
        XCTAssertFalse(run?.flag("csv") ?? true)
        XCTAssertEqual(invocation(["org", "units", "list", "--csv"])?.format, .csv)
        XCTAssertEqual(invocation(["org", "units", "list"])?.format, .table)
    }

    func testOptionsBeforeBetweenAndAfterPositionals() {
        let run = invocation(["org", "units", "--json", "tag", "--as", "admin", "u1", "--territory", "东城镇", "a", "b"])
        XCTAssertEqual(run?.path, ["org", "units", "tag"])
        XCTAssertEqual(run?.argument("UNIT"), "u1")
        XCTAssertEqual(run?.arguments["TAGS"], ["a", "b"])
        XCTAssertEqual(run?.value("as"), "admin")
        XCTAssertEqual(run?.value("territory"), "东城镇")
        XCTAssertTrue(run?.flag("json") ?? false)
    }

    func testRootGlobalsAreAcceptedBeforeTheSubcommandAndInherited() {
        let before = invocation(["--db", "/tmp/a.db", "org", "units", "list"])
        XCTAssertEqual(before?.value("db"), "/tmp/a.db")
        let after = invocation(["org", "units", "list", "--db=/tmp/b.db"])
        XCTAssertEqual(after?.value("db"), "/tmp/b.db")
    }

    func testAGroupGlobalIsInheritedByItsDescendantsOnly() {
        XCTAssertEqual(invocation(["org", "--territory", "东城镇", "units", "show", "7"])?.value("territory"), "东城镇")
        XCTAssertEqual(invocation(["org", "people", "--territory", "西城"])?.value("territory"), "西城")
        let elsewhere = Fixture.run(["hazards", "fail", "--territory", "东城镇"])
        XCTAssertEqual(elsewhere.code, 2)
        XCTAssertNil(elsewhere.invocation)
        XCTAssertTrue(elsewhere.stderr.contains("命令 'anwei hazards fail' 没有选项 --territory (unknown option)"), elsewhere.stderr)
    }

    func testANonGlobalOptionIsNotInherited() {
        let result = Fixture.run(["org", "units", "list", "--verbose"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("命令 'anwei org units list' 没有选项 --verbose (unknown option)"), result.stderr)
    }

    func testANonGlobalOptionOfAGroupCannotBeFollowedByASubcommand() {
        let result = Fixture.run(["org", "--dry-run", "units", "list"])
        XCTAssertEqual(result.code, 2)
        XCTAssertNil(result.invocation)
        XCTAssertTrue(result.stderr.hasPrefix("error: 选项 --dry-run 属于 'anwei org'，不适用于 'anwei org units' (--dry-run applies to 'anwei org' only)\n"), result.stderr)
    }

    func testDefaultsApplyWhenAbsent() {
        let run = invocation(["org", "units", "list"])
        XCTAssertEqual(run?.value("db"), "./anwei.db")
        XCTAssertEqual(run?.value("status"), "open")
        XCTAssertNil(run?.value("limit"))
        XCTAssertNil(run?.options["all"])
        XCTAssertEqual(run?.values("unit"), [])
    }

    func testEnvironmentBeatsTheDefaultAndTheCommandLineBeatsBoth() {
        let environment = ["ANWEI_DB": "/var/lib/anwei.db"]
        XCTAssertEqual(invocation(["org", "units", "list"], environment: environment)?.value("db"), "/var/lib/anwei.db")
        XCTAssertEqual(invocation(["org", "units", "list", "--db", "x.db"], environment: environment)?.value("db"), "x.db")
        XCTAssertEqual(invocation(["org", "units", "list"], environment: ["ANWEI_DB": ""])?.value("db"), "./anwei.db")
    }

    func testAFlagFromTheEnvironment() {
        XCTAssertTrue(invocation(["org", "units", "list"], environment: ["ANWEI_ALL": "1"])?.flag("all") ?? false)
        XCTAssertTrue(invocation(["org", "units", "list"], environment: ["ANWEI_ALL": "YES"])?.flag("all") ?? false)
        XCTAssertNil(invocation(["org", "units", "list"], environment: ["ANWEI_ALL": "0"])?.options["all"])
    }

    func testALoneDashIsAPositionalMeaningStdin() {
        XCTAssertEqual(invocation(["org", "units", "import", "-"])?.argument("FILE"), "-")
        XCTAssertEqual(invocation(["org", "units", "list", "--status", "-"])?.value("status"), "-")
    }

    func testDoubleDashEndsOptions() {
        let run = invocation(["org", "units", "tag", "--json", "--", "--weird", "-x", "--help"])
        XCTAssertEqual(run?.argument("UNIT"), "--weird")
        XCTAssertEqual(run?.arguments["TAGS"], ["-x", "--help"])
        XCTAssertTrue(run?.flag("json") ?? false)
    }

    func testNegativeNumbersArePositionals() {
        XCTAssertEqual(invocation(["org", "units", "show", "-5"])?.argument("ID"), "-5")
        XCTAssertEqual(invocation(["org", "units", "list", "--limit", "-1"])?.value("limit"), "-1")
    }

    func testVariadicAndOptionalArguments() {
        XCTAssertEqual(invocation(["org", "units", "tag", "u1", "x"])?.arguments, ["UNIT": ["u1"], "TAGS": ["x"]])
        XCTAssertEqual(invocation(["org", "units", "rename", "7"])?.arguments, ["ID": ["7"]])
        XCTAssertNil(invocation(["org", "units", "rename", "7"])?.argument("NAME"))
        XCTAssertEqual(invocation(["org", "units", "rename", "7", "区安委办"])?.argument("NAME"), "区安委办")
    }

    func testTheCommandWritesThroughTheGivenOutput() {
        let capture = Capture()
        let root = Command("tool", summary: "", subcommands: [
            Command("hello", summary: "Say hello", run: { $0.output.line("你好") }),
        ])
        let code = CommandLineRunner.run(root, arguments: ["hello"], output: capture.output, environment: [:])
        XCTAssertEqual(code, 0)
        XCTAssertEqual(capture.stdout, "你好\n")
    }
}
