// What a walk of the tip-off pages found: a reward decision is recorded once (after it, the page
// offers no second reward form, and a second one posted anyway is refused with the first kept); the
// form registering a hazard from a tip-off offers no source to choose (it is the tip-off).
import Foundation
import Kernel
import TestSupport
import XCTest

final class TipOffWalkPageTests: WebPagesTestCase {
    func testTheRewardFormGoesOnceTheDecisionIsRecorded() throws {
        // The demo's tip-off 1 became a hazard and has its reward decision (举报属实，给予奖励, 500 元).
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let id = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT min(id) FROM hazards_tipoffs WHERE reward_decision IS NOT NULL") })
        let page = try office.get("/tipoffs/\(id)")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<dt>奖励决定</dt>"), page.text)
        XCTAssertFalse(page.text.contains("actions/reward\""), "no second reward form")

        let csrf = try XCTUnwrap(WebBrowser.csrf(page))
        let again = try office.post("/tipoffs/\(id)/actions/reward", [("decision", "改为不予奖励"), ("amount", "0")], csrf: csrf)
        XCTAssertNotEqual(again.status, 303, "refused")
        XCTAssertTrue(again.text.contains("已登记奖励决定"), again.text)
        let kept = try test.core.read { try $0.queryOne("SELECT reward_decision, reward_amount FROM hazards_tipoffs WHERE id = ?", [id]) }
        XCTAssertEqual(kept?.string("reward_decision"), "举报属实，给予奖励")
        XCTAssertEqual(kept?.int("reward_amount"), 500)
    }

    func testTheFormRegisteringAHazardFromATipOffOffersNoSource() throws {
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let id = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT min(id) FROM hazards_tipoffs WHERE status = 'received'") })
        let page = try office.get("/tipoffs/\(id)")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("action=\"/tipoffs/\(id)/actions/create-hazard\""))
        XCTAssertTrue(page.text.contains("id=\"create-hazard-sector\""), "the register's other fields are there")
        XCTAssertFalse(page.text.contains("id=\"create-hazard-source\""), "a hazard from a tip-off has the source 群众举报; nothing to choose")
    }
}
