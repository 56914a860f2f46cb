// 各地工作要点的责任条款写法:全角/半角括号、冒号、逗号,〔〕,牵头/协同/配合/会同/分工负责,光秃的(责任单位:A)。
import XCTest
@testable import Responsibilities

final class PlanParserClauseStyleTests: XCTestCase {
    /// Parses a one-task plan and returns its clauses.
    private func clauses(_ body: String, year: Int = 2024) throws -> [ParsedClause] {
        let plan = try WorkPlanParser.parse("一、总体要求\n(一)试点任务。\(body)", year: year)
        XCTAssertEqual(plan.taskCount, 1)
        return try XCTUnwrap(plan.tasks.first).clauses
    }

    private func roles(_ clause: ParsedClause) -> [String] {
        clause.units.map { "\($0.text):\($0.role.rawValue)" }
    }

    func testLeadThenSeparatelyResponsibleASCII() throws {
        let found = try clauses("做好工作。(责任单位:区安委办牵头,区发改局、区住建局分工负责)")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(roles(found[0]), ["区安委办:lead", "区发改局:separatelyResponsible", "区住建局:separatelyResponsible"])
    }

    func testLeadThenSeparatelyResponsibleFullWidth() throws {
        let found = try clauses("做好工作。（责任单位：区安委办牵头，区发改局、区住建局分工负责）")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].raw, "（责任单位：区安委办牵头，区发改局、区住建局分工负责）", "raw keeps the document's punctuation")
        XCTAssertEqual(roles(found[0]), ["区安委办:lead", "区发改局:separatelyResponsible", "区住建局:separatelyResponsible"])
    }

    func testTortoiseShellBrackets() throws {
        let found = try clauses("做好工作。〔责任单位:区安委办牵头,区交通运输局配合〕")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(roles(found[0]), ["区安委办:lead", "区交通运输局:cooperating"])
    }

    func testBareResponsibleUnitMeansLead() throws {
        let found = try clauses("做好工作。(责任单位:区住建局)")
        XCTAssertEqual(roles(found[0]), ["区住建局:lead"])
        let fullWidth = try clauses("做好工作。（责任单位：区住建局）")
        XCTAssertEqual(roles(fullWidth[0]), ["区住建局:lead"])
    }

    func testCommaSeparatedWithoutLeadWordFirstLeadsRestSeparately() throws {
        let found = try clauses("做好工作。(责任单位:区安委办,区安委会有关成员单位分工负责)")
        XCTAssertEqual(roles(found[0]), ["区安委办:lead", "区安委会有关成员单位:separatelyResponsible"])
    }

    func testHuitongSubjectsSeparatelyResponsiblePartnersCooperating() throws {
        let found = try clauses("做好工作。(区住建局、区交通运输局会同各有关部门分工负责)")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(roles(found[0]), ["区住建局:separatelyResponsible", "区交通运输局:separatelyResponsible", "各有关部门:cooperating"])
        let resolution = UnitResolver.resolveWithNotes(found[0].units, in: PlanTestDirectory.directory)
        XCTAssertEqual(resolution.unresolved, [], "各有关部门 is not an error")
        XCTAssertEqual(resolution.toDesignate.map(\.phrase), ["各有关部门"], "the relevant departments are the office's to designate (待明确)")
        XCTAssertEqual(resolution.toDesignate.map(\.role), [.cooperating])
        XCTAssertEqual(resolution.units.map(\.id), [PlanTestDirectory.housing, PlanTestDirectory.transport])
    }

    func testLabelledLeadAndCooperatingUnits() throws {
        let found = try clauses("做好工作。(牵头责任单位:区住建局,协同责任单位:区交通运输局、区发改局)")
        XCTAssertEqual(roles(found[0]), ["区住建局:lead", "区交通运输局:cooperating", "区发改局:cooperating"])
    }

    func testLabelledLeadAndSupportingUnitsWithSemicolon() throws {
        let found = try clauses("做好工作。(牵头单位:区住建局;配合单位:区交通运输局)")
        XCTAssertEqual(roles(found[0]), ["区住建局:lead", "区交通运输局:cooperating"])
        let fullWidth = try clauses("做好工作。（牵头单位：区住建局；配合单位：区交通运输局）")
        XCTAssertEqual(roles(fullWidth[0]), ["区住建局:lead", "区交通运输局:cooperating"])
    }

    func testNamedUnitsBeforeDengAndACollective() throws {
        let found = try clauses("做好工作。(责任单位:区安委办牵头,区工委组织部、区发改局、区绩效办等区安委会有关成员单位协同)")
        XCTAssertEqual(roles(found[0]), ["区安委办:lead", "区工委组织部:cooperating", "区发改局:cooperating",
                                         "区绩效办:cooperating", "区安委会有关成员单位:cooperating"])
    }

    func testTerritoriesCollectiveInsideAClauseInAnyBracketStyle() throws {
        for body in ["(责任单位:各镇(景区、开发区)牵头,区住建局配合)", "（责任单位：各镇（景区、开发区）牵头，区住建局配合）",
                     "〔责任单位:各镇(景区、开发区)牵头,区住建局配合〕"] {
            let found = try clauses("做好工作。" + body)
            XCTAssertEqual(found.count, 1, body)
            XCTAssertEqual(found[0].units.map(\.role), [.lead, .cooperating], body)
            let units = UnitResolver.resolve(found[0].units, in: PlanTestDirectory.directory).units
            // Towns named in a clause carry territorial responsibility (属地), never the lead (issue 19).
            XCTAssertEqual(units.ids(.lead), [], body)
            XCTAssertEqual(units.ids(.territorial), PlanTestDirectory.territoryIDs, body)
            XCTAssertEqual(units.ids(.cooperating), [PlanTestDirectory.housing], body)
        }
    }

    func testTerritoriesListedWithEnumerationCommasStayOneCollective() throws {
        let found = try clauses("做好工作。(责任单位:各镇、景区、开发区,区住建局配合)")
        XCTAssertEqual(roles(found[0]), ["各镇、景区、开发区:lead", "区住建局:cooperating"])
        let (units, unresolved) = UnitResolver.resolve(found[0].units, in: PlanTestDirectory.directory)
        XCTAssertEqual(unresolved, [])
        XCTAssertEqual(units.ids(.territorial), PlanTestDirectory.territoryIDs)
    }

    func testParentheticalsThatAreNotClausesAreIgnored() throws {
        let found = try clauses("推动各镇(景区、开发区)党委(党组)学习《方案(2024—2026年)》。(责任单位:区安委办)")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(roles(found[0]), ["区安委办:lead"])
    }

    func testEachClauseCoversTheSentencesSinceThePreviousClause() throws {
        let found = try clauses("3月底前完成摸底。(责任单位:区住建局)6月底前完成整治。上半年开展评估。(责任单位:区交通运输局牵头,区发改局配合)")
        XCTAssertEqual(found.count, 2)
        XCTAssertEqual(found[0].text, "试点任务。3月底前完成摸底。")
        XCTAssertEqual(found[0].deadlines.map(\.spec.dueDate?.iso), ["2024-03-31"])
        XCTAssertEqual(found[1].text, "6月底前完成整治。上半年开展评估。")
        XCTAssertEqual(found[1].deadlines.map(\.phrase), ["6月底前", "上半年"])
        XCTAssertEqual(found[1].deadlines.map(\.spec.dueDate?.iso), ["2024-06-30", "2024-06-30"])
    }

    func testUnknownUnitNamesAreReportedWithTheirLine() throws {
        let plan = try WorkPlanParser.parse("一、总体要求\n(一)试点任务。做好工作。\n(责任单位:区安委办牵头,区火星开发局、区住建局配合)", year: 2024)
        let clause = try XCTUnwrap(plan.tasks.first?.clauses.first)
        XCTAssertEqual(clause.line, 3)
        let (units, unresolved) = UnitResolver.resolve(clause.units, in: PlanTestDirectory.directory)
        XCTAssertEqual(unresolved, [UnresolvedName(text: "区火星开发局", line: 3)])
        XCTAssertEqual(units.map(\.id), [PlanTestDirectory.office, PlanTestDirectory.housing])
    }

    func testTextAfterTheLastClauseIsReported() throws {
        let plan = try WorkPlanParser.parse("一、总体要求\n(一)试点任务。做好工作。(责任单位:区住建局)\n再做一件事。\n(二)第二项。(责任单位:区发改局)", year: 2024)
        XCTAssertEqual(plan.taskCount, 2)
        let warning = try XCTUnwrap(plan.warnings.first)
        XCTAssertEqual(warning.line, 3)
        XCTAssertTrue(warning.message.contains("(一)") && warning.message.contains("再做一件事"), warning.message)
    }
}
