import Kernel
import XCTest

final class OverviewTests: XCTestCase {
    func testItemsComeOldestFirstWithTheirAgeAndTheSourcesDecideWhatAnActorSees() throws {
        let day: @Sendable (String) -> CalendarDate = { CalendarDate(iso: $0)! }
        let office = OverviewSource(id: "test.office") { _, actor, _ in
            guard actor.isOffice else { return [] }
            return [OverviewItem(module: "responsibilities", kind: "assignment_to_designate", title: "任务（二）待明确责任单位", detail: "请指定",
                                 since: day("2024-03-01"), link: "/api/v1/responsibilities/tasks/2"),
                    OverviewItem(module: "supervision", kind: "redraw", title: "第一督导组2024Q2重新抽取", detail: "理由：企业停产", since: nil, link: nil)]
        }
        let everyone = OverviewSource(id: "test.all") { _, _, _ in
            [OverviewItem(module: "training", kind: "certificate_expiring", title: "证书将到期", detail: "", since: day("2024-01-10"), link: nil)]
        }
        let db = try Connection(path: ":memory:")
        let today = day("2024-06-15")
        let seenByOffice = try Overview.items([office, everyone], db, Actor(userID: 1, username: "o", role: .office, scope: .all), today, settings: Settings())
        XCTAssertEqual(seenByOffice.map { $0["kind"]?.stringValue ?? "" }, ["certificate_expiring", "assignment_to_designate", "redraw"])
        XCTAssertEqual(seenByOffice[1]["age_days"]?.intValue, 106)
        XCTAssertEqual(seenByOffice[2]["age_days"], .null)
        let seenByTown = try Overview.items([office, everyone], db, Actor(userID: 2, username: "t", role: .town, scope: .territory(1)), today, settings: Settings())
        XCTAssertEqual(seenByTown.count, 1)
    }
}
