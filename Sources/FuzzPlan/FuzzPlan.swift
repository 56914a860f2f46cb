// libFuzzer target: an uploaded work plan (工作要点) as the importer reads it, without a database —
// the bytes decoded (UTF-8 or GB18030), parsed into sections, tasks, clauses and deadlines, and
// each task drafted into ledger lines against a fixed unit directory (PlanDrafter, as an import
// does before it writes anything). Checked besides "no crash":
// - the result is a plan or a named PlanImportError, never another error;
// - a plan has a task; every task, clause, deadline and warning names a line of the text, the
//   warnings in line order; every dated deadline is a real date; every drafted line's unit is in
//   the directory.
import FuzzSupport
import Kernel
@testable import Responsibilities

@main
enum FuzzPlan {
    static func main() { Fuzz.run(testOneInput) }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text: String
    do {
        text = try PlanText.decode(Fuzz.bytes(data, size))
    } catch let error as PlanImportError {
        Fuzz.check(error == .empty || { if case .binary = error { return true }; return false }(), "decode threw \(error)")
        return 0
    } catch {
        Fuzz.check(false, "decode threw \(error)")
        return 0
    }
    let year = 2024
    let plan: ParsedPlan
    do {
        plan = try WorkPlanParser.parse(text, year: year)
    } catch let error as PlanImportError {
        Fuzz.check(error == .empty || error == .noTasks, "parse threw \(error)")
        return 0
    } catch {
        Fuzz.check(false, "parse threw \(error)")
        return 0
    }
    let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
    func onALine(_ line: Int, _ what: @autoclosure () -> String) {
        Fuzz.check(line >= 1 && line <= lineCount, "\(what()) on line \(line) of \(lineCount)")
    }
    Fuzz.check(plan.taskCount > 0 && plan.taskCount == plan.tasks.count, "a plan of \(plan.taskCount) tasks")
    for task in plan.tasks {
        onALine(task.line, "task \(task.number)")
        Fuzz.check(!task.number.isEmpty, "a task without a number on line \(task.line)")
        for clause in task.clauses {
            onALine(clause.line, "clause \(clause.raw)")
            for unit in clause.units { onALine(unit.line, "unit \(unit.text)") }
        }
        for deadline in task.deadlines {
            onALine(deadline.line, "deadline \(deadline.phrase)")
            for date in deadline.spec.occurrences {
                Fuzz.check(PlanDate(validYear: date.year, month: date.month, day: date.day) != nil, "deadline \(deadline.phrase) falls on \(date)")
            }
        }
    }
    let importDate = CalendarDate(year: year, month: 3, day: 15)!
    let planStart = max(importDate, CalendarDate(year: year, month: 1, day: 1)!)
    var drafts: [TaskDraft] = []
    for (sectionIndex, section) in plan.sections.enumerated() {
        for task in section.tasks {
            let draft = PlanDrafter.draftTask(task, sectionIndex: sectionIndex, year: year, planStart: planStart, directory: directory)
            for line in draft.lines {
                let known = line.unitKind == "territory" ? territoryIDs : unitIDs
                Fuzz.check(known.contains(line.unitID), "a line for \(line.unitKind) \(line.unitID), not in the directory")
                Fuzz.check(line.start <= line.due || line.ended || line.due < planStart, "a line due \(line.due) before its start \(line.start)")
            }
            drafts.append(draft)
        }
    }
    let draft = PlanDraft(parsed: plan, contentHash: "", sourceName: "fuzz.txt", importDate: importDate, tasks: drafts)
    var last = 0
    for warning in plan.warnings {
        onALine(warning.line, "warning \(warning.code)")
        Fuzz.check(warning.line >= last, "warning on line \(warning.line) after one on line \(last)")
        last = warning.line
    }
    for warning in draft.warnings { onALine(warning.line, "warning \(warning.code)") }
    return 0
}

/// The units the seed plan names, a few more, three territories and two special groups' hosts
/// (as Tests/ResponsibilitiesTests/PlanTestDirectory).
let directory = UnitDirectory(
    units: [
        .init(id: 1, name: "区安全生产委员会办公室"),
        .init(id: 2, name: "区消防安全委员会办公室"),
        .init(id: 3, name: "区工委组织部"),
        .init(id: 4, name: "区工委宣传部"),
        .init(id: 5, name: "区发改局", aliases: ["区发展和改革局"]),
        .init(id: 6, name: "区绩效办"),
        .init(id: 7, name: "区工委编办"),
        .init(id: 8, name: "区住房和城乡建设局", aliases: ["区住建局"]),
        .init(id: 9, name: "区交通运输局"),
    ],
    territories: [
        .init(id: 101, name: "东城镇"),
        .init(id: 102, name: "西山景区"),
        .init(id: 103, name: "经济开发区"),
    ],
    specialGroupHostUnitIDs: [8, 9])
let unitIDs = Set(directory.units.map(\.id))
let territoryIDs = Set(directory.territories.map(\.id))
