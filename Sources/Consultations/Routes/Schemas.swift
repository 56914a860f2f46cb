// JSON Schemas of this module's requests and responses, for the generated OpenAPI document.
import Kernel

enum Schemas {
    static let object: JSON = .object(["type": "object"])
    static let list: JSON = .object(["type": "object", "properties": .object(["items": .object(["type": "array", "items": object]), "next": .object(["type": .array(["string", "null"])])])])
    static let text: JSON = .object(["type": "string"])
    static let date: JSON = .object(["type": "string", "format": "date"])
    static let texts: JSON = .object(["type": "array", "items": text])

    static let decisionInput: JSON = .object(["type": "object", "required": .array(["text"]), "properties": .object([
        "text": text, "lead": .object(["type": "string", "description": "lead member unit or territory (name, or unit:ID / territory:ID)"]), "deadline": date,
    ])])
    static let riskInput: JSON = .object(["type": "object", "required": .array(["area", "level", "description"]), "properties": .object([
        "area": text, "level": .object(["type": "string", "enum": .array(RiskLevel.allCases.map { .string($0.rawValue) })]),
        "description": text, "measures": text, "bodies": texts,
    ])])
    static let attachmentInput: JSON = .object(["type": "object", "required": .array(["name"]), "properties": .object([
        "name": text, "media_type": text, "content_base64": text, "content": text,
    ])])
    static let attendeeInput: JSON = .object(["type": "object", "properties": .object([
        "unit": text, "territory": text, "person": text, "role": text, "present": .object(["type": "boolean"]), "note": text,
    ])])
    static let meetingInput: JSON = .object(["type": "object", "required": .array(["kind", "held_on", "convener"]), "properties": .object([
        "kind": text, "group": text, "title": text, "held_on": date, "ad_hoc": .object(["type": "boolean"]), "convener": text, "convener_unit": text,
        "venue": text, "attendees": .object(["type": "array", "items": attendeeInput]), "absent_units": texts, "agenda": texts,
        "risks": .object(["type": "array", "items": riskInput]), "decisions": .object(["type": "array", "items": decisionInput]),
        "minutes": text, "attachments": .object(["type": "array", "items": attachmentInput]),
    ])])
    static let kindInput: JSON = .object(["type": "object", "properties": .object([
        "code": text, "name": text, "body_kind": .object(["type": "string", "enum": .array(BodyKind.allCases.map { .string($0.rawValue) })]),
        "body_name": text, "required_from": .object(["type": .array(["string", "null"]), "description": "a quarter like 2024-Q1; null: held as needed"]),
    ])])
}
