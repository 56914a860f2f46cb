// What issuing a rectification notice takes, and what a notice looks like in an answer.
import Kernel

enum NoticeFields {
    static let issue = Contract(BodyFields.responsible.fields + [
        .list("finding_ids", of: .recordID("finding", chinese: "问题"), maxItems: 200, "only these findings (default: the body's open findings without a notice)"),
        .date("deadline", "报送期限: when the reply is due (default: the findings' earliest deadline); never before today"),
    ])

    static let reply: [FieldSpec] = [
        Out.id("rectification notice"), Out.text("number", "the notice's number, e.g. 安委办整改〔2024〕1号"),
        FieldSpec.choice("responsible_kind", BodyKind.self, "the responsible body's kind").always,
        Out.id("responsible_id", "responsible body"), Out.optionalText("responsible_name", "the responsible body's name"),
        FieldSpec.date("date", "the notice's date").always, FieldSpec.date("deadline", "the earliest of its findings' deadlines"),
        Out.text("issued_by", "who issued it"),
        Out.objects("findings", FindingFields.reply, "the findings it merges"),
    ]
    /// The columns of the notices' CSV.
    static let columns = Out.columns(reply)
}
