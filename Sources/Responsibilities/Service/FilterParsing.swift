// Filters given as text (CLI options and query parameters alike) → LedgerFilter, with clear errors.
import Kernel

enum FilterParsing {
    /// Text values by name: unit, task, plan, status, colour, period, on.
    static func filter(_ value: (String) -> String?, today: CalendarDate, _ db: Connection) throws -> LedgerFilter {
        var errors: [FieldError] = []
        var day = today
        if let on = value("on") {
            if let date = CalendarDate(iso: on) { day = date } else { errors.append(FieldError("on", "date", "expected YYYY-MM-DD, got '\(on)'")) }
        }
        var filter = LedgerFilter(day: day)
        if let unit = value("unit") {
            if let found = try RegistryReader.resolve(unit, db) { filter.unit = (found.kind, found.id) } else {
                errors.append(FieldError("unit", "unknown", "no member unit or territory called '\(unit)'"))
            }
        }
        if let text = value("task") {
            if let id = Int64(text), id > 0 { filter.taskID = id } else { errors.append(FieldError("task", "integer", "expected a task id, got '\(text)'")) }
        }
        if let text = value("plan") {
            if let id = Int64(text), id > 0 { filter.planID = id } else { errors.append(FieldError("plan", "integer", "expected a plan id, got '\(text)'")) }
        }
        if let text = value("status") {
            if let status = LineStatus(rawValue: text) { filter.status = status } else {
                errors.append(FieldError("status", "choice", "expected one of \(LineStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'"))
            }
        }
        if let text = value("colour") ?? value("color") {
            if let colour = colour(text) { filter.colour = colour } else {
                errors.append(FieldError("colour", "choice", "expected red, yellow or green (红/黄/绿), got '\(text)'"))
            }
        }
        if let period = value("period") { filter.period = period }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        return filter
    }

    static func colour(_ text: String) -> StatusColour? {
        if let colour = StatusColour(rawValue: text.lowercased()) { return colour }
        return StatusColour.allCases.first { $0.chinese == text || $0.chinese + "灯" == text || $0.chinese + "色" == text }
    }

    static let names = ["unit", "task", "plan", "status", "colour", "period", "on"]
}
