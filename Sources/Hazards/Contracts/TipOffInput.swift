// What the tip-off routes and commands take, declared once. The public intake is read by the same
// rules as every other input: unknown fields and control characters are refused (an operator's
// terminal shows these texts), and a territory's name goes through the kernel's resolver.
import Kernel

enum TipOffInput {
    /// The states of a tip-off, with their Chinese labels.
    static let statuses: [(code: String, label: String)] = [
        ("received", "已受理"), ("linked", "已并入已有隐患"), ("hazardCreated", "已立为隐患"), ("dismissed", "不予立案"),
    ]

    /// A state's Chinese label.
    static func label(_ code: String) -> String { statuses.first { $0.code == code }?.label ?? code }

    /// `POST /api/v1/tipoffs`, `anwei hazards tipoffs submit`.
    static func submit(_ settings: HazardsSettings) -> Contract {
        Contract([
            .paragraph("text", max: settings.maxTipOffTextCharacters, required: true, "what the reporter saw", example: "小区地下车库堆放大量液化气钢瓶"),
            .text("place", max: 200, required: true, "where", example: "东城镇幸福小区"),
            .reference("territory_id", "territories", "the territory (属地), if the reporter knows it: id, name or alias"),
            .text("contact", max: 100, "the reporter's contact (optional; kept confidential)", example: "13800001000"),
            .list("photos", of: .object(HazardInput.fileFields(settings, nameRequired: false)), maxItems: settings.maxTipOffPhotos,
                  "up to \(settings.maxTipOffPhotos) photos (JPEG or PNG), each {name, media_type, content_base64}"),
        ])
    }

    /// What the reporter may add when saying "not fixed" (the CLI takes the key as `--key`).
    static let notFixedNote = FieldSpec.paragraph("note", max: 1000, "what is still wrong", example: "管道仍在漏气")

    /// `POST /api/v1/tipoffs/receipt/not-fixed`: the key in X-Receipt-Key, or in the body.
    static let notFixed = Contract([
        notFixedNote,
        .text("receipt_key", max: 200, "the receipt key, when it is not sent in the X-Receipt-Key header"),
    ])

    /// What the reporter says when contesting a dismissal.
    static let contestNote = FieldSpec.paragraph("note", max: 1000, required: true, "why the dismissal is wrong (e.g. it is not fixed)", example: "商铺仍在使用液化气钢瓶，并未整改")

    /// `POST /api/v1/tipoffs/receipt/contest`: the key in X-Receipt-Key, or in the body.
    static let contest = Contract([
        contestNote,
        .text("receipt_key", max: 200, "the receipt key, when it is not sent in the X-Receipt-Key header"),
    ])

    /// `GET /api/v1/tipoffs`.
    static let list = Contract([.choice("status", statuses, "only tip-offs in this state")])

    /// What each triage action takes.
    static func action(_ action: TipOffAction) -> Contract {
        switch action {
        case .link: return Contract([.recordID("hazard_id", "hazard", chinese: "隐患", required: true, "the existing hazard it duplicates")])
        case .createHazard: return HazardInput.register(fromTipOff: true)
        case .dismiss: return Contract([.paragraph("reason", max: 1000, required: true, "why it is dismissed", example: "经核查，该商铺已于4月完成整改")])
        case .reward:
            return Contract([
                .paragraph("decision", max: 1000, required: true, "the reward decision", example: "举报属实，给予奖励"),
                .integer("amount", 0...100_000_000, "the reward in yuan", example: 500),
            ])
        }
    }
}
