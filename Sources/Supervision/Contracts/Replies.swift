// Small pieces every answer of Supervision declares the same way.
import Kernel

enum Out {
    /// Lists in answers are bounded only by the data.
    static let many = 1_000_000

    static func id(_ name: String, _ record: String) -> FieldSpec { FieldSpec.recordID(name, record, "the id of the \(record)").always }
    /// The record's own `id`.
    static func id(_ record: String) -> FieldSpec { id("id", record) }
    static func optionalID(_ name: String, _ record: String) -> FieldSpec { FieldSpec.recordID(name, record, "the id of the \(record), if any") }
    static func text(_ name: String, _ help: String) -> FieldSpec { FieldSpec.text(name, max: 100_000, help).always }
    static func optionalText(_ name: String, _ help: String) -> FieldSpec { FieldSpec.text(name, max: 100_000, help) }
    static func count(_ name: String, _ help: String) -> FieldSpec { FieldSpec.integer(name, 0...Int64.max, help).always }
    static func ids(_ name: String, _ record: String) -> FieldSpec {
        FieldSpec.list(name, of: .recordID(record), maxItems: many, "ids of \(record)s").always
    }
    static func texts(_ name: String, _ help: String) -> FieldSpec { FieldSpec.list(name, of: .text(maxLength: 100_000), maxItems: many, help).always }
    static func objects(_ name: String, _ fields: [FieldSpec], _ help: String) -> FieldSpec {
        FieldSpec.list(name, of: .object(fields), maxItems: many, help).always
    }
    static func instant(_ name: String, _ help: String = "RFC 3339") -> FieldSpec { FieldSpec.text(name, max: 40, help).always }
    static let version = FieldSpec.integer("version", 1...Int64.max, "increases on every change").always

    /// The names of an answer's properties, in its order, as the columns of its CSV (declared, so
    /// that an empty export still has its header); `except` those a list does not show.
    static func columns(_ fields: [FieldSpec], except: Set<String> = []) -> [String] { fields.map(\.name).filter { !except.contains($0) } }
}
