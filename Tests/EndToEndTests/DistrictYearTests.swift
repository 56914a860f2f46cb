// "The district's 2024" (issue 19, Done when): the demo district's year walked through the real
// `anwei` binary (CLI, `--today`, `anwei tick --at`) and `anwei serve` over HTTP, as the office
// (anweiban), a unit (fgj: 区发改局; yjj: 区应急管理局), a town (dongcheng: 东城镇), an inspector
// (inspector1: 第一督导组) and an enterprise (qiye). The demo imported the seed plan on 2024-01-10 and
// worked its first half; the scenario takes it from 06-20 to the year's report.
import Foundation
import Kernel
import TestSupport
import XCTest

final class DistrictYearTests: XCTestCase {
    func testTheDistricts2024() throws {
        let db = DistrictDatabase(folder: TemporaryFolder())
        let demo = try Binary.run(["demo", "--db", db.path])
        XCTAssertEqual(demo.code, 0, demo.err)
        var tokens: [String: String] = [:]
        for user in ["anweiban", "fgj", "dongcheng", "inspector1", "qiye"] { tokens[user] = try db.token(user) }
        let seed = try DistrictDatabase.seedPlan()
        XCTAssertTrue(seed.hasPrefix("区安全生产委员会2024年工作要点\n"))

        try relevantUnitsWaitForTheOffice(db, tokens, seed: seed)
        try theEditedPlanIsARevision(db, tokens, seed: seed)
        let draw = try aRedrawNeedsAReasonAndIsFlagged(db, tokens)
        try theAssessmentDoesNotDependOnTick(db, tokens)
        try theReportAnswersEachRoleItsOwn(db, tokens, tamper: draw)
    }

    // MARK: 有关成员单位: no lines until the office designates them

    private func relevantUnitsWaitForTheOffice(_ db: DistrictDatabase, _ tokens: [String: String], seed: String) throws {
        let day = "2024-06-20"
        // The seed plan is the year's plan (imported by the demo on 01-10); the same text again changes nothing.
        let plans = try db.json(["responsibilities", "plan", "list"], as: "anweiban", on: day).arrayValue ?? []
        XCTAssertEqual(plans.map { $0["year"]?.intValue }, [2024])
        XCTAssertEqual(plans.first?["import_date"]?.stringValue, "2024-01-10")
        let again = try db.json(["responsibilities", "plan", "import", try db.write("seed.txt", seed), "--year", "2024"], as: "anweiban", on: day)
        XCTAssertEqual(again["created"], .bool(false))
        XCTAssertEqual(again["revision"] ?? .null, .null, "the same text is no revision")

        // Five 有关 phrases wait for the office; (六) 落实企业主体责任 (责任单位:区安委会有关成员单位分工负责)
        // has nothing else: no line, no colour, to be designated.
        let pending = try db.json(["responsibilities", "plan", "to-designate", "--status", "pending"], as: "anweiban", on: day).arrayValue ?? []
        XCTAssertEqual(pending.map { $0["task_number"]?.stringValue ?? "" }, ["(二)", "(三)", "(五)", "(六)", "(八)"])
        let waitingSix = try XCTUnwrap(pending.first { $0["task_number"]?.stringValue == "(六)" })
        let designation = try XCTUnwrap(waitingSix["id"]?.intValue), task = Render.cell(waitingSix["task_id"])
        let six = try db.json(["responsibilities", "tasks", "show", task], as: "anweiban", on: day)
        XCTAssertEqual(six["lines"]?.intValue, 0)
        XCTAssertEqual(six["colour"], .null)
        XCTAssertEqual(six["colour_code"]?.stringValue, "to_designate")
        XCTAssertEqual(try db.json(["responsibilities", "ledger", "list", "--task-id", task], as: "fgj", on: day).arrayValue?.count, 0)
        XCTAssertEqual(try db.json(["responsibilities", "plan", "to-designate"], as: "fgj", on: day).arrayValue?.count, 0, "the office's to designate")

        let server = try ServedDay(db, today: day)
        defer { server.stop() }
        let office = server.client(tokens["anweiban"]!), unit = server.client(tokens["fgj"]!)
        // It has stood on the office's overview since the import (162 days), and on no one else's.
        let waiting = try office.get("/api/v1/overview").items.filter { $0["kind"]?.stringValue == "assignment_to_designate" }
        let item = try XCTUnwrap(waiting.first { $0["title"]?.stringValue?.contains("任务(六)") ?? false }, "\(waiting)")
        XCTAssertEqual(item["since"]?.stringValue, "2024-01-10")
        XCTAssertEqual(item["age_days"]?.intValue, 162)
        XCTAssertFalse(try unit.get("/api/v1/overview").items.contains { $0["kind"]?.stringValue == "assignment_to_designate" })

        // Only the office designates; then the designated units have their line, from the day named.
        let path = "/api/v1/responsibilities/designations/\(designation)/actions/designate"
        let body = JSON.object(["units": .array(["区发改局", "区应急管理局"]), "note": "经主任会议研究确定"])
        XCTAssertEqual(try unit.post(path, body).status, 403)
        let designated = try office.post(path, body)
        XCTAssertEqual(designated.status, 200, designated.text)
        XCTAssertEqual(designated.json["status"]?.stringValue, "designated")
        XCTAssertEqual(designated.json["ledger_lines_created"]?.intValue, 2)
        XCTAssertEqual(try office.post(path, body).status, 409, "designated once")
        XCTAssertFalse(try office.get("/api/v1/overview").items.contains { $0["title"]?.stringValue?.contains("任务(六)") ?? false }, "off the overview once designated")
        let lines = try db.json(["responsibilities", "ledger", "list", "--task-id", task], as: "fgj", on: day).arrayValue ?? []
        XCTAssertEqual(lines.count, 1, "区发改局 sees its own line of (六)")
        XCTAssertEqual(lines.first?["unit_name"]?.stringValue, "区发改局")
        XCTAssertEqual(lines.first?["source"]?.stringValue, "designated")
        XCTAssertEqual(lines.first?["start"]?.stringValue, day)
        XCTAssertEqual(lines.first?["colour"]?.stringValue, "green")
        XCTAssertEqual(try db.json(["responsibilities", "tasks", "show", task], as: "anweiban", on: day)["lines"]?.intValue, 2)
        // 区发改局 signs it the next day.
        let line = try XCTUnwrap(lines.first?["id"]?.intValue)
        XCTAssertEqual(try db.run(["responsibilities", "ledger", "sign", String(line)], as: "fgj", on: "2024-06-21").code, 0)
    }

    // MARK: the edited plan re-imported: a revision

    private func theEditedPlanIsARevision(_ db: DistrictDatabase, _ tokens: [String: String], seed: String) throws {
        let day = "2024-07-01"
        // The office's edit: task (七) 强化组织领导 struck out; 区应急管理局 named beside the office in (四)'s first clause.
        var edited = seed.components(separatedBy: "\n").filter { !$0.hasPrefix("(七)") }.joined(separator: "\n")
        let clause = "提请明确主责部门。(责任单位:区安委办)"
        XCTAssertTrue(edited.contains(clause))
        edited = edited.replacingOccurrences(of: clause, with: "提请明确主责部门。(责任单位:区安委办牵头,区应急管理局配合)")
        let file = try db.write("工作要点-修订.txt", edited)

        let before = try db.json(["responsibilities", "ledger", "list"], as: "fgj", on: day).arrayValue ?? []
        let seven = try XCTUnwrap(before.first { $0["task_number"]?.stringValue == "(七)" }, "区发改局's line of (七) before the revision")
        XCTAssertEqual(seven["colour"]?.stringValue, "red", "(七)'s 2月底前 line is red before the revision")
        let one = try XCTUnwrap(before.first { $0["task_number"]?.stringValue == "(一)" })
        let oneBefore = try db.json(["responsibilities", "ledger", "show", Render.cell(one["id"])], as: "fgj", on: day)
        XCTAssertEqual(oneBefore["history"]?.arrayValue?.first?["action"]?.stringValue, "sign", "signed in the demo's January")
        let six = try XCTUnwrap(before.first { $0["task_number"]?.stringValue == "(六)" })

        // The dry run over HTTP and the CLI: the difference, nothing written.
        let server = try ServedDay(db, today: day)
        defer { server.stop() }
        let dry = try server.client(tokens["anweiban"]!).post("/api/v1/responsibilities/plans",
                                                            .object(["year": 2024, "text": .string(edited), "source_name": "工作要点-修订.txt", "dry_run": true]))
        XCTAssertEqual(dry.status, 200, dry.text)
        let revision = try XCTUnwrap(dry.json["revision"])
        XCTAssertEqual(revision["from_revision"]?.intValue, 1)
        XCTAssertEqual(revision["tasks_withdrawn"]?.arrayValue?.map { $0["number"]?.stringValue ?? "" }, ["(七)"])
        XCTAssertEqual(revision["tasks_withdrawn"]?.arrayValue?.first?["ledger_lines"]?.intValue, 55)
        XCTAssertEqual(revision["tasks_changed"]?.arrayValue?.map { $0["number"]?.stringValue ?? "" }, ["(四)"])
        XCTAssertEqual(revision["tasks_changed"]?.arrayValue?.first?["units_added"], JSON(["区应急管理局"]))
        XCTAssertEqual(revision["lines_added"]?.intValue, 2, "Q3 and Q4: not 2月底前, Q1 or Q2, ended before 07-01")
        XCTAssertEqual(revision["lines_withdrawn"]?.intValue, 55)
        let text = try db.run(["responsibilities", "plan", "import", file, "--year", "2024", "--dry-run"], as: "anweiban", on: day)
        XCTAssertEqual(text.code, 0, text.err)
        XCTAssertTrue(text.out.contains("would revise plan 1") && text.out.contains("- 撤销任务 (七) 强化组织领导"), text.out)
        XCTAssertEqual(try db.json(["responsibilities", "plan", "list"], as: "anweiban", on: day).arrayValue?.first?["revision"]?.intValue, 1, "the dry runs wrote nothing")
        XCTAssertEqual(try db.json(["responsibilities", "ledger", "list"], as: "fgj", on: day).arrayValue?.count, before.count)
        XCTAssertEqual(try db.run(["responsibilities", "plan", "import", file, "--year", "2024"], as: "fgj", on: day).code, 1, "only the office revises")

        let done = try db.json(["responsibilities", "plan", "import", file, "--year", "2024"], as: "anweiban", on: day)
        XCTAssertEqual(done["plan_id"]?.intValue, 1, "a revision of the year's plan, never a second plan")
        XCTAssertEqual(done["created"], .bool(false))
        XCTAssertEqual(done["revision"]?["to_revision"]?.intValue, 2)
        XCTAssertEqual(try db.json(["responsibilities", "plan", "list"], as: "anweiban", on: day).arrayValue?.count, 1)

        // Unchanged lines keep their id and history: the January sign-off, the designated line signed on 06-21.
        let oneAfter = try db.json(["responsibilities", "ledger", "show", Render.cell(one["id"])], as: "fgj", on: day)
        XCTAssertEqual(oneAfter["status"], oneBefore["status"])
        XCTAssertEqual(oneAfter["history"], oneBefore["history"])
        let sixAfter = try db.json(["responsibilities", "ledger", "show", Render.cell(six["id"])], as: "fgj", on: day)
        XCTAssertEqual(sixAfter["status"]?.stringValue, "signed")
        XCTAssertEqual(sixAfter["history"]?.arrayValue?.map { $0["on_date"]?.stringValue ?? "" }, ["2024-06-21"])
        // The removed task is withdrawn with its lines: kept, out of the colours, no action.
        let after = try db.json(["responsibilities", "ledger", "list"], as: "fgj", on: day).arrayValue ?? []
        XCTAssertFalse(after.contains { $0["task_number"]?.stringValue == "(七)" })
        let withdrawn = try db.json(["responsibilities", "ledger", "list", "--withdrawn", "true"], as: "fgj", on: day).arrayValue ?? []
        XCTAssertEqual(withdrawn.map { $0["id"] }, [seven["id"]])
        XCTAssertEqual(withdrawn.first?["colour"], .null)
        XCTAssertEqual(withdrawn.first?["colour_code"]?.stringValue, "withdrawn")
        XCTAssertEqual(withdrawn.first?["withdrawn_on"]?.stringValue, day)
        XCTAssertEqual(try db.run(["responsibilities", "ledger", "sign", Render.cell(seven["id"])], as: "fgj", on: day).code, 4)
        // Not asserted (reported on issue 19): once a tick has recorded a line's 红灯 in the assessment's facts,
        // withdrawing the line does not take that deduction out (no event tells Supervision of the withdrawal).
        let tasks = try db.json(["responsibilities", "tasks", "list", "--withdrawn", "true"], as: "anweiban", on: day).arrayValue ?? []
        XCTAssertEqual(tasks.map { $0["number"]?.stringValue ?? "" }, ["(七)"])
        // 区应急管理局, named on 07-01, has (四)'s quarters still ahead and nothing red.
        let four = try db.json(["responsibilities", "ledger", "list", "--task-id", Render.cell(revision["tasks_changed"]?.arrayValue?.first?["task_id"])], as: "yjj", on: day).arrayValue ?? []
        let added = four.filter { $0["role"]?.stringValue == "cooperating" }
        XCTAssertEqual(added.map { $0["period"]?.stringValue ?? "" }, ["2024-Q3", "2024-Q4"])
        XCTAssertEqual(added.map { $0["colour"]?.stringValue ?? "" }, ["green", "green"])
    }

    // MARK: 四不两直: one sealed draw per group and quarter

    /// Returns the revealed draw's id.
    private func aRedrawNeedsAReasonAndIsFlagged(_ db: DistrictDatabase, _ tokens: [String: String]) throws -> Int64 {
        let server = try ServedDay(db, today: "2024-07-10")
        defer { server.stop() }
        let inspector = server.client(tokens["inspector1"]!), office = server.client(tokens["anweiban"]!)
        let first = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q3"]))
        XCTAssertEqual(first.status, 201, first.text)
        let firstID = try XCTUnwrap(first.json["draw"]?["id"]?.intValue)
        let refused = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q3"]))
        XCTAssertEqual(refused.status, 409, "a second sealed draw without a reason: \(refused.text)")
        XCTAssertTrue(refused.text.contains("redraw_reason"), refused.text)
        let reason = "抽中企业停产检修，无法开展检查"
        let second = try inspector.post("/api/v1/supervision/draws", .object(["quarter": "2024-Q3", "redraw_reason": .string(reason)]))
        XCTAssertEqual(second.status, 201, second.text)
        let drawID = try XCTUnwrap(second.json["draw"]?["id"]?.intValue)
        XCTAssertEqual(second.json["draw"]?["redraw_of"]?.intValue, firstID)
        // Flagged on the office's overview (not the inspector's); the first draw kept, superseded.
        let flagged = try office.get("/api/v1/overview").items.filter { $0["kind"]?.stringValue == "redraw" }
        XCTAssertEqual(flagged.count, 1, "\(flagged)")
        XCTAssertTrue((flagged.first?["title"]?.stringValue ?? "").contains("第一督导组"), "\(flagged)")
        XCTAssertTrue((flagged.first?["detail"]?.stringValue ?? "").contains(reason), "\(flagged)")
        XCTAssertFalse(try inspector.get("/api/v1/overview").items.contains { $0["kind"]?.stringValue == "redraw" })
        let draws = try db.json(["supervision", "draws", "list"], as: "anweiban", on: "2024-07-10").arrayValue ?? []
        XCTAssertEqual(draws.first { $0["id"]?.intValue == firstID }?["superseded_by"]?.intValue, drawID)

        // The visit follows the re-draw (not the superseded draw), then the envelope reveals it.
        let envelope = try XCTUnwrap(second.json["envelope"])
        let target = try XCTUnwrap(envelope["targets"]?.arrayValue?.first)
        let visit = ["supervision", "inspections", "add", "--mode", "unannounced", "--date", "2024-07-12", "--territory", Render.cell(target["territory_id"]),
                     "--inspectors", "周建国"] + (target["enterprise_ids"]?.arrayValue ?? []).flatMap { ["--enterprise-ids", Render.cell($0)] }
        XCTAssertEqual(try db.run(visit + ["--draw-id", String(firstID)], as: "inspector1", on: "2024-07-12").code, 5, "the superseded draw is followed by no visit")
        XCTAssertEqual(try db.run(visit + ["--draw-id", String(drawID)], as: "inspector1", on: "2024-07-12").code, 0)
        var forged = envelope
        if case .object(let members) = envelope { forged = .object(members.map { $0.key == "secret" ? JSON.Member("secret", .string(String(repeating: "0", count: 64))) : $0 }) }
        let wrongSecret = try db.run(["supervision", "draws", "reveal", String(drawID), "--body", try db.write("forged.json", forged.serialized)], as: "inspector1", on: "2024-07-12")
        XCTAssertEqual(wrongSecret.code, 5, "a wrong secret does not reveal: \(wrongSecret.err)")
        let revealed = try db.json(["supervision", "draws", "reveal", String(drawID), "--body", try db.write("envelope.json", envelope.serialized)], as: "inspector1", on: "2024-07-12")
        XCTAssertEqual(revealed["status"]?.stringValue, "revealed")
        XCTAssertEqual(revealed["deviations"]?.arrayValue?.count, 0, "the visit was the drawn one, enterprise by enterprise")
        XCTAssertEqual(try db.run(["supervision", "draws", "verify", String(drawID)], as: "inspector1", on: "2024-07-12").code, 0)
        XCTAssertEqual(try inspector.get("/api/v1/supervision/draws/\(drawID)/verify").json["verdict"]?.stringValue, "valid")
        return drawID
    }

    // MARK: figures as of a date: the same bytes with and without a later tick

    private func theAssessmentDoesNotDependOnTick(_ db: DistrictDatabase, _ tokens: [String: String]) throws {
        let day = "2024-07-15"
        let server = try ServedDay(db, today: day)
        defer { server.stop() }
        let export = ["supervision", "assessment", "export", "--year", "2024", "--as-of", day]
        let report = "/api/v1/supervision/assessment/report?year=2024&as_of=\(day)"
        func figures() throws -> [String] {
            let csv = try db.run(export, as: "anweiban", on: day)
            XCTAssertEqual(csv.code, 0, csv.err)
            let office = try server.client(tokens["anweiban"]!).get(report), town = try server.client(tokens["dongcheng"]!).get(report)
            XCTAssertEqual(office.status, 200, office.text)
            XCTAssertEqual(town.status, 200, town.text)
            return [csv.out, office.text, town.text]
        }
        let before = try figures()
        // The re-draw stands in the office's report: a C1 line on the group's organiser unit, no points by default.
        let results = try JSONParser.parse(before[1])["results"]?.arrayValue ?? []
        let redraws = results.flatMap { result in (result["lines"]?.arrayValue ?? []).filter { $0["code"]?.stringValue == "redraw" }.map { (Render.cell(result["name"]), $0) } }
        XCTAssertEqual(redraws.map(\.0), ["区应急管理局"], "第一督导组's organiser")
        XCTAssertEqual(redraws.first?.1["points"]?.intValue, 0)

        let tick = try db.run(["tick", "--at", "2024-12-31"])
        XCTAssertEqual(tick.code, 0, tick.err)
        XCTAssertFalse(tick.out.contains(" 0 event(s) published"), "the tick found the year's checks due: \(tick.out)")
        let after = try figures()
        XCTAssertEqual(after[0], before[0], "the CSV as of \(day)")
        XCTAssertEqual(after[1], before[1], "the office's JSON as of \(day)")
        XCTAssertEqual(after[2], before[2], "the town's JSON as of \(day)")
        // The year's end does count what the tick found.
        XCTAssertNotEqual(try db.run(["supervision", "assessment", "export", "--year", "2024", "--as-of", "2024-12-31"], as: "anweiban", on: "2025-01-10").out, before[0])
    }

    // MARK: who reads the report; a tampered draw

    private func theReportAnswersEachRoleItsOwn(_ db: DistrictDatabase, _ tokens: [String: String], tamper drawID: Int64) throws {
        let server = try ServedDay(db, today: "2025-01-10")
        defer { server.stop() }
        let report = "/api/v1/supervision/assessment/report?year=2024"
        let office = try server.client(tokens["anweiban"]!).get(report)
        XCTAssertEqual(office.status, 200, office.text)
        XCTAssertEqual(office.json["as_of"]?.stringValue, "2024-12-31", "the year is over: as of its last day")
        let everyone = office.json["results"]?.arrayValue ?? []
        XCTAssertEqual(everyone.count, 64, "10 towns and 54 member units")

        let town = try server.client(tokens["dongcheng"]!).get(report)
        XCTAssertEqual(town.status, 200, town.text)
        let seen = town.json["results"]?.arrayValue ?? []
        XCTAssertEqual(seen.count, everyone.count, "the published ranking of all")
        let own = seen.filter { $0["lines"] != nil || $0["indicators"] != nil }
        XCTAssertEqual(own.map { Render.cell($0["name"]) }, ["东城镇"], "only its own result has lines")
        for other in seen where Render.cell(other["name"]) != "东城镇" {
            if case .object(let members) = other {
                XCTAssertTrue(Set(members.map(\.key)).isSubset(of: ["kind", "kind_label", "id", "name", "score", "rank"]), "\(other)")
            }
        }
        let ownReasons = Set((own.first?["lines"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue })
        let othersReasons = Set(everyone.filter { Render.cell($0["name"]) != "东城镇" }.flatMap { ($0["lines"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue } })
            .subtracting(ownReasons)
        XCTAssertGreaterThan(othersReasons.count, 20, "the others have deduction texts the office reads")
        XCTAssertFalse(ownReasons.isEmpty)
        for reason in othersReasons { XCTAssertFalse(town.text.contains(reason), "东城镇 reads another's deduction: \(reason)") }
        let csv = try server.client(tokens["dongcheng"]!).get(report, headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        for reason in othersReasons { XCTAssertFalse(csv.text.contains(reason), "CSV: \(reason)") }
        XCTAssertTrue(ownReasons.contains { csv.text.contains($0) })
        // A unit, from the CLI: its own row has the details, the others' rows only the ranking.
        let unitCSV = try db.run(["supervision", "assessment", "export", "--year", "2024"], as: "fgj", on: "2025-01-10")
        XCTAssertEqual(unitCSV.code, 0, unitCSV.err)
        let detailed = unitCSV.out.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty && !$0.contains(",,,,,,") }
        XCTAssertEqual(detailed.map { $0.components(separatedBy: ",")[1] }, ["区发改局"], unitCSV.out)
        // An enterprise and an inspector: 403, over HTTP (JSON, CSV) and the CLI.
        let enterprise = try server.client(tokens["qiye"]!).get(report)
        XCTAssertTrue(enterprise.json["detail"]?.stringValue?.hasPrefix("生产经营单位用户无权") ?? false, enterprise.text)
        for user in ["qiye", "inspector1"] {
            XCTAssertEqual(try server.client(tokens[user]!).get(report).status, 403, user)
            XCTAssertEqual(try server.client(tokens[user]!).get(report, headers: [("Accept", "text/csv")]).status, 403, user)
            XCTAssertEqual(try db.run(["supervision", "assessment", "export", "--year", "2024"], as: user, on: "2025-01-10").code, 1, user)
        }

        // The draw revealed in July, its list changed afterwards with the sqlite3 shell — the scenario's one
        // write outside the CLI and HTTP, the tamperer's (a wrong secret cannot reveal: asserted in July).
        let list = try db.sqlite("SELECT revealed_list FROM supervision_draws WHERE id = \(drawID)")
        let changed = try JSONParser.parse(list).arrayValue?.first?["enterprise_ids"]?.arrayValue?.first
        let stranger = try db.sqlite("SELECT min(id) FROM registry_enterprises WHERE id NOT IN (\(Render.cell(changed)))")
        try db.sqlite("UPDATE supervision_draws SET revealed_list = replace(revealed_list, '[\(Render.cell(changed)),', '[\(stranger),') WHERE id = \(drawID)")
        XCTAssertNotEqual(try db.sqlite("SELECT revealed_list FROM supervision_draws WHERE id = \(drawID)"), list, "the row was changed")
        let verify = try db.run(["supervision", "draws", "verify", String(drawID)], as: "inspector1", on: "2025-01-10")
        XCTAssertEqual(verify.code, 1, "a tampered draw: \(verify.out)")
        XCTAssertTrue(verify.out.contains("invalid"), verify.out)
        let answer = try server.client(tokens["inspector1"]!).get("/api/v1/supervision/draws/\(drawID)/verify")
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.json["valid"], .bool(false))
        XCTAssertEqual(answer.json["verdict"]?.stringValue, "invalid")
    }
}
