import XCTest
@testable import CLI

final class HelpTests: XCTestCase {
    /// Help printed on request: exit 0, on stdout, nothing on stderr, the command not run.
    private func help(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> String {
        let result = Fixture.run(arguments)
        XCTAssertEqual(result.code, 0, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        XCTAssertNil(result.invocation, "help must not run the command", file: file, line: line)
        return result.stdout
    }

    /// The lines of `section` (e.g. "Options:") up to the next blank line.
    private func section(_ title: String, of text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: title) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }

    /// The display column at which `needle` starts in `line`.
    private func column(of needle: String, in line: String) -> Int? {
        guard let range = line.range(of: needle) else { return nil }
        return displayWidth(String(line[..<range.lowerBound]))
    }

    func testLeafHelpIsComplete() {
        let text = help(["org", "units", "list", "--help"])
        XCTAssertTrue(text.hasPrefix("Usage: anwei org units list [options]\n\nList units\n\nLists the units of the safety committee.\n\n"), text)
        XCTAssertFalse(text.contains("Commands:"))
        XCTAssertEqual(section("Examples:", of: text),
                       ["  anwei org units list --unit 区安委办", "  anwei org units list --status closed --json"])
        let options = section("Options:", of: text)
        XCTAssertEqual(options, [
            "  -u, --unit 单位       Only this unit [repeatable]",
            "      --status STATE    Only units in this state [default: open]",
            "      --limit N         At most N units",
            "      --all             Include closed units [env: ANWEI_ALL]",
            "      --territory NAME  Town or street",
            "      --db PATH         The database file [env: ANWEI_DB] [default: ./anwei.db]",
            "      --as USER         The acting user",
            "  -j, --json            Output JSON",
            "      --csv             Output CSV",
            "  -h, --help            Show this help",
        ])
        // The descriptions start at one display column, the Chinese placeholder counted as four.
        let starts = Set(zip(options, ["Only this unit", "Only units", "At most", "Include", "Town", "The database",
                                       "The acting", "Output JSON", "Output CSV", "Show this"]).map { column(of: $1, in: $0) })
        XCTAssertEqual(starts, [24])
        XCTAssertFalse(options.contains { $0.contains("--verbose") }, "a non-global option of the root is not inherited")
    }

    func testArgumentsSectionAndUsageLine() {
        let tag = help(["org", "units", "tag", "--help"])
        XCTAssertTrue(tag.hasPrefix("Usage: anwei org units tag [options] UNIT TAGS...\n"), tag)
        XCTAssertEqual(section("Arguments:", of: tag), ["  UNIT     The unit", "  TAGS...  Tags to add"])
        let rename = help(["org", "units", "rename", "-h"])
        XCTAssertTrue(rename.hasPrefix("Usage: anwei org units rename [options] ID [NAME]\n"), rename)
        let importer = help(["org", "units", "import", "--help"])
        XCTAssertTrue(importer.contains("\n\nFILE may be - to read standard input.\n\n"), importer)
    }

    func testGroupHelpListsItsCommandsAligned() {
        let text = help(["org", "units", "--help"])
        XCTAssertTrue(text.hasPrefix("Usage: anwei org units <command> [options]\n\nUnits of the safety committee\n\n"), text)
        XCTAssertEqual(section("Commands:", of: text), [
            "  list    List units",
            "  show    Show one unit",
            "  import  Import units from a CSV file",
            "  tag     Tag a unit",
            "  rename  Rename a unit",
        ])
        XCTAssertTrue(text.hasSuffix("\n\nRun 'anwei org units <command> --help' for more about a command.\n"), text)
        // The group's inherited globals: its parent's --territory and the root's.
        let options = section("Options:", of: text)
        XCTAssertTrue(options.contains("      --territory NAME  Town or street"), "\(options)")
        XCTAssertFalse(options.contains { $0.contains("--dry-run") }, "\(options)")
    }

    func testRootHelp() {
        let text = help(["--help"])
        XCTAssertTrue(text.hasPrefix("Usage: anwei <command> [options]\n\nAnwei: the work-safety committee's system\n\n"), text)
        XCTAssertEqual(section("Commands:", of: text), ["  org      Organisation: units and people", "  hazards  隐患排查治理"])
        XCTAssertEqual(section("Examples:", of: text), ["  anwei org units list --json"])
        XCTAssertTrue(section("Options:", of: text).contains("      --verbose  Root only, not inherited"))
    }

    func testHelpAnywhereOnTheLine() {
        let expected = help(["org", "units", "list", "--help"])
        XCTAssertEqual(help(["org", "units", "list", "-h"]), expected)
        XCTAssertEqual(help(["org", "units", "list", "--unit", "x", "--help", "--limit", "3"]), expected)
        XCTAssertEqual(help(["--help", "org", "units", "list"]), expected)
        XCTAssertEqual(help(["org", "--help", "units", "list"]), expected)
    }

    func testHelpWinsOverUsageErrors() {
        let expected = help(["org", "units", "show", "--help"])
        XCTAssertEqual(help(["org", "units", "show", "--bogus", "--help"]), expected)
        XCTAssertEqual(help(["org", "units", "show", "--help"]), expected) // missing ID does not matter
        XCTAssertEqual(help(["org", "units", "show", "1", "2", "3", "-h"]), expected)
        // An unknown subcommand: the help of the group reached so far.
        XCTAssertEqual(help(["org", "units", "nope", "--help"]), help(["org", "units", "--help"]))
    }

    func testHelpAfterDoubleDashIsAnArgument() {
        let result = Fixture.run(["org", "units", "show", "--", "--help"])
        XCTAssertEqual(result.code, 0)
        XCTAssertEqual(result.invocation?.argument("ID"), "--help")
    }

    func testHelpCommandPrintsTheSameHelp() {
        XCTAssertEqual(help(["help", "org", "units", "list"]), help(["org", "units", "list", "--help"]))
        XCTAssertEqual(help(["help", "org"]), help(["org", "--help"]))
        XCTAssertEqual(help(["help"]), help(["--help"]))
        XCTAssertEqual(help(["help", "org", "units", "--json"]), help(["org", "units", "--help"]))
    }

    func testHelpCommandForAnUnknownPath() {
        let result = Fixture.run(["help", "org", "unit"])
        XCTAssertEqual(result.code, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, """
            error: 命令 'anwei org' 没有子命令 'unit'（可用的子命令：units, people）；是否指 'units'？ (unknown command)
            运行 'anwei org --help' 查看用法 (for usage)

            """)
        let leaf = Fixture.run(["help", "org", "people", "extra"])
        XCTAssertEqual(leaf.code, 2)
        XCTAssertTrue(leaf.stderr.hasPrefix("error: 命令 'anwei org people' 没有子命令 'extra' (unknown command)\n"), leaf.stderr)
    }

    func testHelpColumnsAlignByDisplayWidth() {
        let root = Command("tool", summary: "A tool", subcommands: [
            Command("a", summary: "短"),
            Command("abc", summary: "长的说明"),
        ], run: nil)
        let text = HelpText.render(CommandChain(root: root))
        XCTAssertTrue(text.contains("Commands:\n  a    短\n  abc  长的说明\n"), text)
        let leaf = Command("x", summary: "", options: [
            .value("unit", "单位名称", help: "unit"),
            .value("n", "N", help: "count"),
        ], run: { _ in })
        let options = section("Options:", of: HelpText.render(CommandChain(root: leaf)))
        XCTAssertEqual(options, ["      --unit 单位名称  unit", "      --n N            count", "  -h, --help           Show this help"])
    }
}
