// What a file really is, told by its first bytes, never by the name or type its uploader gave.
// Every module that keeps attachments checks them here and serves them as what they are.

public enum AttachmentContent {
    /// The media types a file may be stored as (photos and documents an office exchanges).
    public static let accepted = ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf",
                                  "application/zip", "application/x-ole-storage"]

    /// The media type the bytes are, by their signature, or nil when none we know.
    /// Office documents are ZIP (docx, xlsx) or OLE (doc, xls) containers: served as downloads.
    public static func sniff(_ bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset ..< offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "application/x-ole-storage" }
        return nil
    }

    /// Whether a browser may show it in the page (images and PDF); anything else is served as a
    /// download (`Content-Disposition: attachment`), so no uploaded file runs as a page.
    public static func isInline(_ mediaType: String) -> Bool {
        mediaType.hasPrefix("image/") || mediaType == "application/pdf"
    }

    /// Checks a file: not empty, at most `maxBytes`, its content one of `accepted`, and, when the
    /// uploader declared a type, that type. Returns the media type to store and serve.
    /// `field` names it in errors (codes of their own: only the content can say "not a JPEG").
    public static func check(name: String, declaredType: String?, bytes: [UInt8], field: String,
                             maxBytes: Int, accepted: [String] = accepted) throws -> String {
        if bytes.isEmpty { throw DomainError.validation([FieldError(field, "empty", "文件 \(name) 为空 (the file is empty)")]) }
        if bytes.count > maxBytes {
            throw DomainError.validation([FieldError(field, "too_large", "文件 \(name) 有 \(bytes.count) 字节，最多 \(maxBytes) 字节 (the file is too large)")])
        }
        guard let actual = sniff(bytes), accepted.contains(actual) else {
            throw DomainError.validation([FieldError(field, "not_accepted",
                "文件 \(name) 的内容不是可接受的类型 \(accepted.joined(separator: "、")) (checked by its content: not an accepted type)")])
        }
        if let declared = declaredType?.lowercased(), !declared.isEmpty, declared != actual,
           !(actual == "application/zip" || actual == "application/x-ole-storage") {
            throw DomainError.validation([FieldError(field, "type_mismatch", "文件 \(name) 声明为 \(declared)，内容却是 \(actual) (it says it is \(declared) but its content is \(actual))")])
        }
        return actual
    }
}
