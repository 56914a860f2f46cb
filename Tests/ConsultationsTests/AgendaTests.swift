// The next consultation's agenda, drawn from other modules' events (never their tables): each item
// once however often its event is delivered, settled items dropped, news since the last meeting.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class AgendaTests: XCTestCase {
    func section(_ agenda: JSON, _ type: String) -> [JSON] {
        agenda["sections"]?.arrayValue?.first { $0["type"]?.stringValue == type }?["items"]?.arrayValue ?? []
    }

    /// Only a major hazard goes on the agenda, so only its registration is delivered to the agenda
    /// (a general one gets no delivery row for it at all; issue 23).
    func testOnlyAMajorHazardsRegistrationIsDeliveredToTheAgenda() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-05-10"))
        let (core, dispatcher) = try Fixtures.core(on: test, extra: [])
        let major = HazardFacts(hazardId: 41, code: "YH-2024-041", grade: "major", territoryId: nil, sector: "危险化学品", supervisingUnitId: nil, enterpriseId: nil, source: "selfInspection")
        let general = HazardFacts(hazardId: 42, code: "YH-2024-042", grade: "general", territoryId: nil, sector: "工贸", supervisingUnitId: nil, enterpriseId: nil, source: "inspection")
        try Fixtures.publish(HazardRegistered(hazard: major), on: core)
        try Fixtures.publish(HazardRegistered(hazard: general), on: core)
        let deliveries = try core.read { db in
            try db.query("""
                SELECT json_extract(e.payload, '$.hazard.code') AS code FROM kernel_deliveries d JOIN kernel_events e ON e.id = d.event_id
                WHERE d.subscriber = 'consultations.agenda-major-hazard' ORDER BY e.id
                """).map { $0.requiredString("code") }
        }
        XCTAssertEqual(deliveries, ["YH-2024-041"])
        XCTAssertEqual(dispatcher.deliverAll().delivered, 1)
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM consultations_agenda_items") }, 1)
    }

    func testAgendaGathersEventsOnceAndDropsWhatIsSettled() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-05-10"))
        let (core, dispatcher) = try Fixtures.core(on: test, extra: [])
        // The last consultation.
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-04-18", "--convener", "王建国"]).code, 0)

        let major = HazardFacts(hazardId: 41, code: "YH-2024-041", grade: "major", territoryId: nil, sector: "危险化学品", supervisingUnitId: nil, enterpriseId: nil, source: "selfInspection")
        let general = HazardFacts(hazardId: 42, code: "YH-2024-042", grade: "general", territoryId: nil, sector: "工贸", supervisingUnitId: nil, enterpriseId: nil, source: "inspection")
        try Fixtures.publish(HazardRegistered(hazard: major), on: core)
        try Fixtures.publish(HazardRegistered(hazard: general), on: core)
        try Fixtures.publish(HazardOverdue(hazard: general, daysOverdue: 1, listed: false), on: core)
        try Fixtures.publish(HazardOverdue(hazard: general, daysOverdue: 30, listed: true), on: core)
        try Fixtures.publish(TipOffOverdue(tipOffId: 7, territoryId: nil, receivedAt: "2024-04-20T02:00:00.000Z"), on: core)
        try Fixtures.publish(CertificateExpiring(certificateId: 9, personId: 1, enterpriseId: nil, kind: "特种作业操作证", date: Fixtures.date("2024-06-01"), daysLeft: 30), on: core)
        let line = TaskDeadlineReached(ledgerLineId: 12, taskId: 3, unitId: 1, unitKind: "unit", due: Fixtures.date("2024-04-30"), period: nil, colourReason: "overdue (rule R1)")
        try Fixtures.publish(TaskOverdue(line), on: core)
        try Fixtures.publish(VisitMissing(groupId: 2, territoryId: 1, quarter: "2024-Q1"), on: core)
        try Fixtures.publish(FindingRecorded(findingId: 5, inspectionId: 1, text: "消防通道堵塞<script>", severity: "serious", isHazard: true, hazardGrade: "general",
                                             sector: "消防", enterpriseId: nil, territoryId: nil, responsibleUnitId: nil, deadline: nil, wantsTask: false), on: core)
        try Fixtures.deliverTwice(core, dispatcher)

        var agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        XCTAssertEqual(agenda["since"], "2024-04-18")
        let majors = section(agenda, "major_hazard")
        XCTAssertEqual(majors.count, 1, "only major hazards, once")
        XCTAssertEqual(majors.first?["link"], "/api/v1/hazards/41")
        XCTAssertTrue(majors.first?["summary"]?.stringValue?.contains("YH-2024-041") ?? false)
        let overdue = section(agenda, "overdue_rectification")
        XCTAssertEqual(overdue.count, 1, "repeated thresholds of one hazard are one item, the latest")
        XCTAssertTrue(overdue.first?["summary"]?.stringValue?.contains("30 天") ?? false)
        XCTAssertEqual(section(agenda, "overdue_tipoff").first?["link"], "/api/v1/tipoffs/7")
        XCTAssertEqual(section(agenda, "expiring_certificate").count, 1)
        XCTAssertEqual(section(agenda, "red_task").first?["link"], "/api/v1/responsibilities/ledger/12")
        XCTAssertEqual(section(agenda, "visit_missing").count, 1)
        XCTAssertEqual(section(agenda, "finding").count, 1)
        let items = try core.read { try $0.scalarInt("SELECT count(*) FROM consultations_agenda_items") }
        XCTAssertEqual(items, 8, "one item per event: 1 major hazard, 2 overdue, tip-off, certificate, task, visit, finding")

        // The hazard is closed and the task completed: they leave the agenda.
        try Fixtures.publish(HazardClosed(hazard: general, onTime: false), on: core)
        try Fixtures.publish(TaskCompleted(ledgerLineId: 12, taskId: 3, unitId: 1, unitKind: "unit", onTime: false, origin: nil), on: core)
        try Fixtures.deliverTwice(core, dispatcher)
        agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        XCTAssertTrue(section(agenda, "overdue_rectification").isEmpty)
        XCTAssertTrue(section(agenda, "red_task").isEmpty)

        // After the next consultation, news before it drops off; unsettled things stay.
        test.clock.set(Fixtures.date("2024-06-20"))
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-06-18", "--convener", "王建国"]).code, 0)
        agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        XCTAssertTrue(section(agenda, "major_hazard").isEmpty)
        XCTAssertEqual(section(agenda, "overdue_tipoff").count, 1, "an overdue tip-off stays until settled")

        // The table for people names every section with its links.
        let table = test.cli(["consultations", "agenda", "--next"])
        XCTAssertEqual(table.code, 0, table.err)
        XCTAssertTrue(table.out.contains("/api/v1/tipoffs/7"))
        XCTAssertTrue(table.out.contains("超期未办理的群众举报"))
    }

    func testAgendaIsTheOfficesAndNamesItsBody() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        XCTAssertEqual(test.cli(["consultations", "agenda", "--next", "--as", "dongcheng"]).code, 1, "a town may not generate the agenda")
        let unknown = test.cli(["consultations", "agenda", "--next", "--kind", "nosuch"])
        XCTAssertEqual(unknown.code, 5, "a kind that does not exist is a field at fault, as over HTTP")
        XCTAssertTrue(unknown.err.contains("kind") && unknown.err.contains("riskConsultation"), unknown.err)
        XCTAssertEqual(test.cli(["consultations", "agenda", "--next", "--kind", "specialGroup"]).code, 5, "a group's agenda names the group")
        let group = test.cli(["consultations", "agenda", "--next", "--kind", "specialGroup", "--group", "区燃气安全专项领导小组", "--json"])
        XCTAssertEqual(group.code, 0, group.err)
        XCTAssertEqual(Fixtures.json(group.out)["body"], "区燃气安全专项领导小组")
    }
}
