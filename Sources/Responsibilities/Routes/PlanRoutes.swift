// Routes of the annual work plan: import (or a dry run), the list of plans, one plan.
import Foundation
import HTTP
import Kernel

enum PlanRoutes {
    static let base = ResponsibilitiesRoutes.base, tag = ResponsibilitiesRoutes.tag

    static func routes() -> [APIRoute] {
        [
            APIRoute("POST", "\(base)/plans", summary: "Import a work plan (工作要点) from its text (or its bytes in base64), or describe it (dry_run)",
                     tag: tag, access: .office, body: PlanContracts.importBody, reply: .object(PlanContracts.importResult).also(200), successStatus: 201) { request in
                let input = request.input
                let result = try PlanService.importPlan(bytes: try planBytes(input), year: input.smallInt("year") ?? 0, sourceName: input.text("source_name") ?? "upload",
                                                        dryRun: input.bool("dry_run") ?? false, core: request.core, actor: request.actor)
                if result.created, let id = result.planID {
                    return APIResponse.record(result.json, status: 201, location: "\(base)/plans/\(id)")
                }
                return APIResponse.json(result.json)
            },
            APIRoute("GET", "\(base)/plans", summary: "Imported work plans", tag: tag, access: ResponsibilitiesRoutes.ledgerRoles,
                     reply: .page(PlanContracts.plan)) { request in
                let (after, limit) = try ResponsibilitiesRoutes.paging(request)
                return APIResponse.page(try request.core.read { try PlanStore.plans(after: after, limit: limit, $0) }, request: request)
            },
            APIRoute("GET", "\(base)/plans/{id:int}", summary: "One plan with its sections, tasks and clauses (units with ids)", tag: tag,
                     access: ResponsibilitiesRoutes.ledgerRoles, reply: .object(PlanContracts.planDetail)) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.read { try PlanStore.plan(id, $0) })
            },
            APIRoute("POST", "\(base)/plans/{id:int}/actions/withdraw",
                     summary: "Withdraw a whole plan (撤销): its tasks and lines kept with their history, out of colours and the assessment",
                     tag: tag, access: .office, body: PlanContracts.withdrawBody, reply: .object(PlanContracts.planDetail)) { request in
                let id = try request.id()
                let reason = request.input.text("reason") ?? ""
                return APIResponse.record(try request.core.write(request.actor) { tx in try PlanService.withdraw(id, reason: reason, tx) })
            },
            APIRoute("GET", "\(base)/designations", summary: "Assignments to 有关 units waiting for the office to designate them (待明确), and those settled",
                     tag: tag, access: .office, params: PlanContracts.designationFilter, reply: .items(PlanContracts.designation, csv: true)) { request in
                let status = request.params.text("status")
                let items = try request.core.read { try DesignationService.list(status: status, actor: request.actor, $0) }
                return APIResponse.items(items, request: request, columns: ["id", "task_number", "task_title", "phrase", "role", "status", "since"])
            },
            APIRoute("GET", "\(base)/designations/{id:int}", summary: "One assignment to 有关 units", tag: tag, access: .office,
                     reply: .object(PlanContracts.designation)) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try DesignationService.one(id, actor: request.actor, $0) })
            },
            APIRoute("POST", "\(base)/designations/{id:int}/actions/designate",
                     summary: "Designate the units of a 有关 clause (明确有关单位): their ledger lines for the periods not yet ended; once only",
                     tag: tag, access: .office, body: PlanContracts.designateBody, reply: .object(PlanContracts.designationResult)) { request in
                let id = try request.id()
                let input = DesignationInput(request.input)
                return APIResponse.record(try request.core.write(request.actor) { tx in try DesignationService.designate(id, input, tx) })
            },
        ]
    }

    /// The plan's bytes: its text, or its file in base64 (exactly one of them).
    static func planBytes(_ input: Values) throws -> [UInt8] {
        let text = input.text("text"), encoded = input.text("content_base64")
        switch (text, encoded) {
        case (let text?, nil): return Array(text.utf8)
        case (nil, let encoded?):
            guard let data = Data(base64Encoded: encoded) else {
                throw DomainError.validation([FieldError("content_base64", "base64", "不是有效的 base64 (not valid base64)")])
            }
            return Array(data)
        case (nil, nil):
            // A text of only white space is an empty plan, as an empty file is.
            if input.isCleared("text") || input.isCleared("content_base64") { throw PlanErrors.domain(.empty) }
            throw DomainError.validation([FieldError("text", "text_or_base64", "请给出计划文本 text 或 content_base64 (give the plan as text, or its bytes as content_base64)")])
        case (_?, _?):
            throw DomainError.validation([FieldError("content_base64", "text_or_base64", "text 与 content_base64 只能给一个 (give text or content_base64, not both)")])
        }
    }
}
