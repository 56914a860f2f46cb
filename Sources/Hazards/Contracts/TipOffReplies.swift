// What the tip-off routes answer, property by property (see HazardReplies).
import Kernel

enum TipOffReplies {
    /// A tip-off as officials see it in a list: never with the contact.
    static let listed: [FieldSpec] = [
        HazardReplies.rowID("the tip-off's id"),
        .choice("status", TipOffInput.statuses, "where it stands").always,
        .paragraph("text", "what the reporter saw").always,
        .text("place", "where").always,
        .reference("territory_id", "territories", "the territory, if known"),
        .recordID("hazard_id", "hazard", "the hazard it was linked to or registered as"),
        .paragraph("dismiss_reason", "why it was dismissed"),
        .paragraph("reward_decision", "the reward decision"),
        .integer("reward_amount", 0...Int64.max, "the reward in yuan"),
        .integer("not_fixed_count", 0...Int64.max, "how often the reporter said it is not fixed").always,
        .text("received_at", "when (RFC 3339)").always,
        .text("triaged_at", "when it was triaged (RFC 3339)"),
        .text("triaged_by", "who triaged it"),
        .integer("contest_count", 0...Int64.max, "how often the reporter contested a dismissal").always,
        .text("contested_at", "when the reporter last contested a dismissal (RFC 3339)"),
        .paragraph("contest_note", "what the reporter said when contesting"),
        HazardReplies.version,
    ]

    /// The CSV export's columns (an empty export keeps its header).
    static let listedColumns = listed.map(\.name)

    /// One tip-off: the contact only for those holding the grant (absent otherwise), and its photos.
    static let one: [FieldSpec] = listed + [
        .text("contact", "the reporter's contact: present only with the tipoffs.contact.read grant"),
        .list("photos", of: .object(HazardReplies.attachment), maxItems: 100, "its photos").always,
    ]

    static let receipt: [FieldSpec] = [
        .text("receipt_key", "the key that alone opens the tip-off's progress: keep it").always,
        .choice("status", TipOffInput.statuses, "received").always,
        .text("received_at", "when (RFC 3339)").always,
        .text("message", "what to do with the key").always,
    ]

    /// What the reporter sees with the receipt key.
    static let progress: [FieldSpec] = [
        .choice("status", TipOffInput.statuses, "where the tip-off stands").always,
        .text("received_at", "when it was received (RFC 3339)").always,
        .text("place", "where").always,
        .paragraph("dismiss_reason", "why it was dismissed"),
        .paragraph("reward_decision", "the reward decision"),
        .object("hazard", [
            .text("code", "the hazard's code").always, .choice("status", HazardStatus.choices, "its state").always,
            .text("status_label", "its state in Chinese").always, .date("deadline", "its deadline").always, .date("closed_on", "the day it was closed"),
            .text("merged_from_code", "the hazard it was first linked to, when that was merged into this one"),
        ], "the hazard it became or joined (a merged one's survivor), null until then"),
        .boolean("can_say_not_fixed", "the hazard is closed: the reporter may say it is not fixed").always,
        .integer("contest_count", 0...Int64.max, "how often the reporter contested a dismissal").always,
        .text("contested_at", "when the reporter last contested a dismissal (RFC 3339)"),
        .boolean("can_contest", "the tip-off is dismissed and may still be contested").always,
    ]
}
