// Plain text beside the files `AttachmentContent` knows (a 签到表.txt, a note): told by its bytes
// too (UTF-8 without control characters), and served as what the bytes are, always as a
// download unless the type is one a browser only shows.
import HTTP

extension AttachmentContent {
    /// How plain text is kept and served.
    public static let plainText = "text/plain; charset=utf-8"

    /// The types an uploader may declare for plain text (anything else, `text/html` or
    /// `image/svg+xml` above all, is refused: the bytes are text, never a page).
    static let declaredForText: Set<String> = ["text/plain", "text/csv", "application/octet-stream"]

    /// Whether the bytes are plain text: UTF-8 with no control characters but tab, CR and LF.
    public static func isPlainText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty, !bytes.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) else { return false }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    /// What the bytes are: a known signature, plain text, or nil.
    public static func sniffAllowingText(_ bytes: [UInt8]) -> String? {
        sniff(bytes) ?? (isPlainText(bytes) ? plainText : nil)
    }

    /// `check`, taking plain text too (declared as text/plain, text/csv, octet-stream or nothing).
    public static func checkAllowingText(name: String, declaredType: String?, bytes: [UInt8], field: String, maxBytes: Int) throws -> String {
        guard sniff(bytes) == nil, isPlainText(bytes), bytes.count <= maxBytes else {
            return try check(name: name, declaredType: declaredType, bytes: bytes, field: field, maxBytes: maxBytes)
        }
        let declared = declaredType.map { $0.split(separator: ";").first.map(String.init) ?? $0 }?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if !declared.isEmpty, !declaredForText.contains(declared) {
            throw DomainError.validation([FieldError(field, "type_mismatch",
                "文件 \(name) 声明为 \(declared.prefix(60))，内容却是纯文本 (it says it is \(declared.prefix(60)) but its content is plain text; text is kept as text/plain only)")])
        }
        return plainText
    }

    /// A stored file as the answer to a download: the type its bytes are (never the type it was
    /// uploaded with), shown in the page only when `isInline`, else `Content-Disposition: attachment`.
    public static func response(name: String, bytes: [UInt8]) -> Response {
        let type = sniffAllowingText(bytes) ?? "application/octet-stream"
        var response = Response(status: 200, contentType: type, body: bytes)
        let disposition = isInline(type) ? "inline" : "attachment"
        response.headers.set("Content-Disposition", "\(disposition); filename*=UTF-8''\(APIResponse.percentEncode(name))")
        return response
    }
}
