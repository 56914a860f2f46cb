// 单位匹配:全称、别名(内置与名录)、空格容错、集合称谓展开、最强角色、各有关部门作说明、未知名称报告。
import XCTest
@testable import Responsibilities

final class UnitResolverTests: XCTestCase {
    private let directory = PlanTestDirectory.directory

    private func phrase(_ text: String, _ role: UnitRole, line: Int = 1) -> UnitPhrase {
        UnitPhrase(text: text, role: role, line: line)
    }

    func testExactNameBuiltInAliasDirectoryAliasAndStraySpaces() {
        let (units, unresolved) = UnitResolver.resolve([
            phrase("区工委组织部", .lead),
            phrase("区安委办", .cooperating),
            phrase("区消安办", .cooperating),
            phrase("区发展和改革局", .cooperating),
            phrase("区 交通 运输局", .cooperating),
        ], in: directory)
        XCTAssertEqual(unresolved, [])
        XCTAssertEqual(units.map(\.id), [PlanTestDirectory.organisation, PlanTestDirectory.office, PlanTestDirectory.fireOffice,
                                         PlanTestDirectory.development, PlanTestDirectory.transport])
        XCTAssertEqual(units.map(\.kind), Array(repeating: "unit", count: 5))
        XCTAssertEqual(units[1].name, "区安全生产委员会办公室")
        XCTAssertEqual(units[1].via, "区安委办")
    }

    func testBuiltInAliasWorksInBothDirections() {
        let short = UnitDirectory(units: [.init(id: 9, name: "区安委办")], territories: [], specialGroupHostUnitIDs: [])
        let (units, unresolved) = UnitResolver.resolve([phrase("区安全生产委员会办公室", .lead)], in: short)
        XCTAssertEqual(unresolved, [])
        XCTAssertEqual(units.map(\.id), [9])
    }

    func testExactNameWinsOverAlias() {
        let tricky = UnitDirectory(units: [.init(id: 1, name: "区甲局", aliases: ["区乙局"]), .init(id: 2, name: "区乙局")],
                                   territories: [], specialGroupHostUnitIDs: [])
        XCTAssertEqual(UnitResolver.resolve([phrase("区乙局", .lead)], in: tricky).units.map(\.id), [2])
    }

    func testMemberCollectivesExpandToAllMembersAndTheLeadKeepsItsRole() {
        for collective in ["区安委会各成员单位", "各成员单位"] {
            let (units, unresolved) = UnitResolver.resolve([phrase("区安委办", .lead), phrase(collective, .separatelyResponsible)], in: directory)
            XCTAssertEqual(unresolved, [], collective)
            XCTAssertEqual(units.count, directory.units.count, collective)
            XCTAssertEqual(units.ids(.lead), [PlanTestDirectory.office], collective)
            XCTAssertEqual(units.first?.via, "区安委办", collective)
            XCTAssertEqual(units.ids(.separatelyResponsible), PlanTestDirectory.memberIDs.subtracting([PlanTestDirectory.office]), collective)
        }
    }

    func testMemberCollectiveWithoutLeadIncludesTheOffice() {
        let units = UnitResolver.resolve([phrase("区安委会各成员单位", .separatelyResponsible)], in: directory).units
        XCTAssertEqual(units.ids(.separatelyResponsible), PlanTestDirectory.memberIDs)
    }

    /// "有关/相关" names the relevant units, which the office designates: never every unit (issue 19).
    func testRelevantUnitsAreToBeDesignatedNotExpanded() {
        for collective in ["区安委会有关成员单位", "区安委会各有关成员单位", "有关部门", "各有关部门", "相关单位", "其他有关单位", "有关镇"] {
            let resolution = UnitResolver.resolveWithNotes([phrase("区安委办", .lead), phrase(collective, .cooperating)], in: directory)
            XCTAssertEqual(resolution.unresolved, [], collective)
            XCTAssertEqual(resolution.units.map(\.id), [PlanTestDirectory.office], collective)
            XCTAssertEqual(resolution.toDesignate, [PendingDesignation(phrase: collective, role: .cooperating, line: 1)], collective)
        }
    }

    func testStrongestRoleWinsWhateverTheOrder() {
        let units = UnitResolver.resolve([
            phrase("区安委会各成员单位", .cooperating),
            phrase("区住建局", .separatelyResponsible),
            phrase("区交通运输局", .lead),
            phrase("区住建局", .cooperating),
        ], in: directory).units
        XCTAssertEqual(units.count, directory.units.count)
        XCTAssertEqual(units.ids(.lead), [PlanTestDirectory.transport])
        XCTAssertEqual(units.ids(.separatelyResponsible), [PlanTestDirectory.housing])
        XCTAssertEqual(units.first { $0.id == PlanTestDirectory.housing }?.via, "区住建局")
    }

    func testTerritoriesInEveryBracketStyle() {
        for text in ["各镇(景区、开发区)", "各镇（景区、开发区）", "各镇〔景区、开发区〕", "各镇、景区、开发区"] {
            let (units, unresolved) = UnitResolver.resolve([phrase(text, .lead)], in: directory)
            XCTAssertEqual(unresolved, [], text)
            XCTAssertEqual(units.ids(.territorial), PlanTestDirectory.territoryIDs, "\(text): towns carry 属地责任, not the lead")
            XCTAssertTrue(units.allSatisfy { $0.kind == "territory" && $0.via == text }, text)
        }
    }

    func testNamedTerritory() {
        let units = UnitResolver.resolve([phrase("西山景区", .lead)], in: directory).units
        XCTAssertEqual(units.map(\.kind), ["territory"])
        XCTAssertEqual(units.map(\.id), [102])
    }

    func testSpecialGroupHostUnits() {
        let units = UnitResolver.resolve([phrase("十二个专项领导小组办公室所在单位", .separatelyResponsible)], in: directory).units
        XCTAssertEqual(units.map(\.id), [PlanTestDirectory.housing, PlanTestDirectory.transport])
    }

    func testRelevantDepartmentsAreToBeDesignatedNotAnError() {
        let resolution = UnitResolver.resolveWithNotes([phrase("区住建局", .lead), phrase("各有关部门", .cooperating, line: 7)], in: directory)
        XCTAssertEqual(resolution.unresolved, [])
        XCTAssertEqual(resolution.units.map(\.id), [PlanTestDirectory.housing])
        XCTAssertEqual(resolution.toDesignate, [PendingDesignation(phrase: "各有关部门", role: .cooperating, line: 7)])
    }

    func testOpenSetsWithoutRelevantStayANote() {
        let resolution = UnitResolver.resolveWithNotes([phrase("区住建局", .lead), phrase("其他部门", .cooperating, line: 7)], in: directory)
        XCTAssertEqual(resolution.unresolved, [])
        XCTAssertEqual(resolution.notes.map(\.text), ["其他部门"])
        XCTAssertEqual(resolution.toDesignate, [])
    }

    func testUnknownNamesAreReportedNeverDroppedOrGuessed() {
        let (units, unresolved) = UnitResolver.resolve([
            phrase("区安委会", .lead, line: 13), phrase("交通运输局", .cooperating, line: 14), phrase("区住建局", .cooperating, line: 14),
        ], in: directory)
        XCTAssertEqual(unresolved, [UnresolvedName(text: "区安委会", line: 13), UnresolvedName(text: "交通运输局", line: 14)])
        XCTAssertEqual(units.map(\.id), [PlanTestDirectory.housing])
    }
}
