// Routes of the actions on a ledger line: 签收 (sign), 进展 (progress), 完成 (complete),
// 办结 (verify) and 退回 (return), each taking what its contract declares.
import Kernel

enum ActionRoutes {
    static let base = ResponsibilitiesRoutes.base, tag = ResponsibilitiesRoutes.tag

    static func routes() -> [APIRoute] {
        LineAction.allCases.map { action in
            APIRoute("POST", "\(base)/ledger/{id:int}/actions/\(action.rawValue)", summary: "\(action.chinese) (\(action.rawValue)) a ledger line", tag: tag,
                     access: action == .verify || action == .return ? .office : ResponsibilitiesRoutes.ledgerRoles,
                     body: LedgerContracts.action(action), reply: .object(LedgerReplies.lineDetail)) { request in
                let id = try request.id()
                let input = try LineActionInput(request.input)
                let rules = request.core.settings.colourRules
                let line = try request.core.write(request.actor) { tx in try LedgerService.act(action, lineID: id, input, rules: rules, tx) }
                return APIResponse.record(line)
            }
        }
    }
}
