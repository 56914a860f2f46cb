// Refusals found walking the module as each role. A task the office assigns is not born overdue:
// a due date before today is refused (as a quarter already ended is, and a unit added by hand
// with a past due), nothing written. The command line refuses plans, tasks and the ledger to the
// roles HTTP refuses (an inspector, an enterprise: 403), with the refusal in Chinese first,
// instead of printing the whole plan to them.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class AssignmentAndReaderRefusalTests: ResponsibilitiesTestCase {
    func testATaskIsNotAssignedAlreadyOverdue() throws {
        let test = try app()
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let count = { try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_tasks") + LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_lines") }
        let before = try count()

        let past = try admin.post("/api/v1/responsibilities/tasks", .object(["title": "补报一季度排查情况", "units": .array(["区发改局"]), "due": "2024-06-14"]))
        XCTAssertEqual(past.status, 422, past.text)
        let errors = ContractHTTPTests.errors(past)
        XCTAssertEqual(errors.map(\.field), ["due"])
        XCTAssertEqual(errors.map(\.code), ["past"])
        XCTAssertTrue(errors.first?.message.hasPrefix("截止日期 2024-06-14 早于今天 2024-06-15") ?? false, past.text)
        XCTAssertEqual(try count(), before, "nothing written")

        let cli = test.cli(["responsibilities", "tasks", "add", "--title", "补报一季度排查情况", "--all-territories", "true", "--due", "2024-01-31"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("早于今天"), cli.err)
        XCTAssertEqual(try count(), before, "nothing written")

        // Due today is not overdue: assigned, and not red.
        let today = try admin.post("/api/v1/responsibilities/tasks", .object(["title": "报送今日值班表", "units": .array(["区发改局"]), "due": "2024-06-15"]))
        XCTAssertEqual(today.status, 201, today.text)
        XCTAssertNotEqual(today.json["colour"], "red", today.text)
        XCTAssertEqual(today.json["red"]?.intValue, 0, today.text)
    }

    func testTheCommandLineRefusesPlansTasksAndTheLedgerToWhomHTTPRefuses() throws {
        let test = try app()
        let server = try TestServer(test)
        defer { server.stop() }
        let plans = try LedgerTestSupport.json(test.cli(["responsibilities", "plan", "list", "--json"]).out).arrayValue ?? []
        let plan = try XCTUnwrap(plans.first)
        let planID = String(try XCTUnwrap(plan["id"]?.intValue)), title = try XCTUnwrap(plan["title"]?.stringValue)
        let lines = try LedgerTestSupport.json(test.cli(["responsibilities", "ledger", "list", "--status", "assigned", "--json"]).out).arrayValue ?? []
        let lineID = String(try XCTUnwrap(lines.first?["id"]?.intValue))
        let taskID = String(try XCTUnwrap(lines.first?["task_id"]?.intValue))

        let reads: [(path: String, command: [String])] = [
            ("/api/v1/responsibilities/plans", ["plan", "list"]),
            ("/api/v1/responsibilities/plans/\(planID)", ["plan", "show", planID]),
            ("/api/v1/responsibilities/tasks", ["tasks", "list"]),
            ("/api/v1/responsibilities/tasks/\(taskID)", ["tasks", "show", taskID]),
            ("/api/v1/responsibilities/ledger", ["ledger", "list"]),
            ("/api/v1/responsibilities/ledger/\(lineID)", ["ledger", "show", lineID]),
        ]
        for user in ["inspector1", "qiye"] {
            let client = server.client(token: try test.token(for: user))
            for read in reads {
                XCTAssertEqual(try client.get(read.path).status, 403, "\(user) GET \(read.path)")
                let run = test.cli(["responsibilities"] + read.command + ["--as", user])
                XCTAssertEqual(run.code, 1, "\(user) \(read.command): \(run.out)")
                XCTAssertFalse(run.out.contains(title), "\(user) \(read.command) is not shown the plan")
                XCTAssertTrue(run.err.contains("只有区安委办、成员单位和镇（景区、开发区）可以查看工作要点、任务和台账"), run.err)
            }
            let sign = test.cli(["responsibilities", "ledger", "sign", lineID, "--as", user])
            XCTAssertEqual(sign.code, 1, sign.out)
            XCTAssertTrue(sign.err.contains("只有区安委办、成员单位和镇（景区、开发区）可以办理任务台账"), "Chinese first: \(sign.err)")
        }
        // Whom HTTP lets in still reads on the command line.
        for user in ["anweiban", "fgj", "dongcheng"] {
            let show = test.cli(["responsibilities", "plan", "show", planID, "--as", user])
            XCTAssertEqual(show.code, 0, "\(user): \(show.err)")
            XCTAssertTrue(show.out.contains(title), show.out)
            XCTAssertEqual(test.cli(["responsibilities", "ledger", "list", "--as", user]).code, 0, user)
        }
    }
}
