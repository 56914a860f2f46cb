// What supervision groups, their coverage, campaign windows and checklists take and answer.
import Kernel

enum GroupFields {
    static let year = Contract([.year("year", "coverage of this year (default: this year)")])

    static let member: [FieldSpec] = [
        .text("name", max: 100, required: true, "the person", example: "李娜"),
        .reference("unit_id", "units", required: true, "their member unit: id, name or alias"),
        .choice("role", MemberRole.self, "member (default), deputy, expert or liaison"),
    ]

    static let create = Contract([
        .text("name", max: 100, required: true, "the group's name", example: "第六督导组"),
        .text("leader", max: 100, required: true, "组长: the leader's name", example: "张伟"),
        .reference("leader_unit_id", "units", "the leader's unit: id, name or alias"),
        .paragraph("note", max: 1000, "a note"),
        .list("members", of: .object(member), maxItems: 50, "members: [{name, unit_id, role}]"),
    ])

    /// A PATCH: name and leader may change but not be emptied; null clears the unit or the note.
    static let update = Contract([
        .text("name", max: 100, "the group's name"),
        .text("leader", max: 100, "组长: the leader's name"),
        .reference("leader_unit_id", "units", "the leader's unit: id, name or alias (null clears it)"),
        .paragraph("note", max: 1000, "a note (null clears it)"),
    ])

    static let addMember = Contract(member)

    static let coverage = Contract([
        .quarter("quarter", required: true, "the quarter, e.g. 2024-Q3"),
        .list("territory_ids", of: .reference("territories"), maxItems: 100, required: true,
              "the territories the group covers that quarter: ids, names or aliases (an empty list clears them)"),
    ])

    static let reply: [FieldSpec] = [
        Out.id("supervision group"),
        Out.text("name", "the group's name"),
        Out.text("leader", "组长"),
        Out.optionalID("leader_unit_id", "unit"), Out.optionalText("leader_unit_name", "the leader's unit"),
        Out.optionalText("note", "a note"),
        Out.objects("members", [Out.id("member"), Out.text("name", "the person"), Out.id("unit_id", "unit"), Out.text("unit_name", "their unit"),
                                FieldSpec.choice("role", MemberRole.self, "their part").always], "members"),
        Out.objects("coverage", [FieldSpec.quarter("quarter", "the quarter").always,
                                 Out.objects("territories", [Out.id("territory"), Out.text("name", "the territory's name")], "territories covered")],
                    "the territories covered in each quarter of the year"),
        Out.version, Out.instant("created_at"), Out.instant("updated_at"),
    ]

    static let coverageReply: [FieldSpec] = [
        Out.id("group_id", "supervision group"),
        FieldSpec.quarter("quarter", "the quarter").always,
        Out.ids("territory_ids", "territory"),
    ]

    // MARK: - The coverage matrix

    static let matrixFilters = Contract([
        .year("year", "the year (default: this year)"),
        .integer("quarter", 1...4, "one quarter only: 1 to 4", example: 2),
    ])

    static let cell: [FieldSpec] = [
        FieldSpec.quarter("quarter", "the quarter").always,
        Out.id("territory_id", "territory"), Out.text("territory_name", "the territory"),
        Out.optionalID("group_id", "supervision group"), Out.optionalText("group_name", "the covering group"),
        Out.count("visits_done", "visits by the covering group"),
        FieldSpec.date("last_visit", "the covering group's last visit"),
        Out.count("other_visits", "visits by others"),
        FieldSpec.choice("status", CoverageStatus.self, "done, planned, due_soon, overdue, missing (no group) or unassigned").always,
        FieldSpec.choice("colour", StatusColour.self, "green, yellow or red").always,
        Out.text("reason", "why this colour"),
    ]
    /// The columns of the coverage matrix's CSV: its cells.
    static let cellColumns = Out.columns(cell)

    static let matrixReply = Reply(.object([
        FieldSpec.year("year", "the year").always,
        FieldSpec.date("as_of", "the day it was worked out").always,
        Out.objects("summary", [FieldSpec.quarter("quarter", "the quarter").always, Out.count("territories", "cells"), Out.count("done", "visited"),
                                Out.count("planned", "planned or due soon"), Out.count("missing", "no group covers it"), Out.count("overdue", "the quarter ended unvisited"),
                                Out.count("unassigned", "no group yet (quarter not begun)")], "counts per quarter"),
        Out.objects("cells", cell, "one per territory and quarter"),
    ]), csv: true)

    // MARK: - Campaign windows and checklists

    static let campaign = Contract([
        .text("name", max: 100, required: true, "e.g. 国庆", example: "国庆"),
        .date("starts_on", required: true, "its first day", example: "2024-09-25"),
        .date("ends_on", required: true, "its last day", example: "2024-10-08"),
    ])

    static let campaignReply: [FieldSpec] = [
        Out.id("campaign"), Out.text("name", "the window"), FieldSpec.date("starts_on", "first day").always, FieldSpec.date("ends_on", "last day").always,
    ]

    static let checklistItem: [FieldSpec] = [
        .text("code", max: 20, required: true, "the item's code, unique in the checklist", example: "G1"),
        .text("text", max: 500, required: true, "what is checked", example: "气瓶存放"),
        .integer("points", 1...100, required: true, "its points", example: 10),
    ]

    static let checklist = Contract([
        .text("name", max: 100, required: true, "the checklist's name", example: "燃气检查表"),
        .list("items", of: .object(checklistItem), maxItems: 100, required: true, "the scored items: [{code, text, points}]"),
    ])

    static let checklistReply: [FieldSpec] = [
        Out.id("checklist"), Out.text("name", "the checklist"), Out.count("max_score", "the items' points summed"),
        Out.objects("items", [Out.text("code", "item code"), Out.text("text", "what is checked"), Out.count("points", "its points")], "the scored items"),
    ]
}
