// What a browser posts: `application/x-www-form-urlencoded` fields, or `multipart/form-data`
// fields and files (a photo). Cookies as they arrive.
import HTTP

/// A file a form uploaded.
struct UploadedFile: Sendable {
    var name: String
    var type: String
    var bytes: [UInt8]
}

/// The fields (and files) of a posted form.
struct FormData: Sendable {
    var fields: [(name: String, value: String)] = []
    var files: [(name: String, file: UploadedFile)] = []

    /// The first value of `name`, with a browser's CRLF line ends made LF (the API refuses CR).
    func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// The first non-empty file of `name`.
    func file(_ name: String) -> UploadedFile? { files.first { $0.name == name && !$0.file.bytes.isEmpty }?.file }

    init() {}

    /// The form of a POST: urlencoded or multipart by its Content-Type; anything else is empty.
    init(_ request: Request) {
        let type = request.headers["Content-Type"] ?? ""
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            fields = FormData.urlencoded(String(decoding: request.body, as: UTF8.self))
        } else if type.lowercased().hasPrefix("multipart/form-data"), let boundary = FormData.boundary(type) {
            self = FormData.multipart(request.body, boundary: boundary)
        }
    }

    static func urlencoded(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.map({ decode(String($0)) }), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(String(parts[1])) : "")
        }
    }

    /// `+` as a space, `%XX` as its byte; malformed escapes stay as they are.
    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < source.count, let value = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// The parts of a multipart body: each `--boundary` CRLF, headers, CRLF CRLF, content, CRLF.
    static func multipart(_ body: [UInt8], boundary: String) -> FormData {
        var form = FormData()
        let delimiter = Array("--\(boundary)".utf8)
        var marks: [Int] = []
        var from = 0
        while let found = find(delimiter, in: body, from: from) {
            marks.append(found)
            from = found + delimiter.count
        }
        for (start, end) in zip(marks, marks.dropFirst()) {
            var partStart = start + delimiter.count
            if body[partStart...].starts(with: [13, 10]) { partStart += 2 }
            var partEnd = end
            if partEnd - 2 >= partStart, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd, let split = find([13, 10, 13, 10], in: Array(body[partStart..<partEnd]), from: 0) else { continue }
            let head = String(decoding: body[partStart..<partStart + split], as: UTF8.self)
            let content = Array(body[partStart + split + 4..<partEnd])
            var name: String?, filename: String?, type = "application/octet-stream"
            for line in head.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = parameter("name", in: line)
                    filename = parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    type = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { continue }
            if let filename {
                form.files.append((name, UploadedFile(name: filename, type: type, bytes: content)))
            } else {
                form.fields.append((name, String(decoding: content, as: UTF8.self)))
            }
        }
        return form
    }

    /// `name="value"` in a Content-Disposition line.
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == key {
                var value = String(pair[1])
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return value
            }
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

import Foundation

/// The cookies a request carries.
struct Cookies {
    static func parse(_ request: Request) -> [String: String] {
        var found: [String: String] = [:]
        for header in request.headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, found[String(parts[0])] == nil { found[String(parts[0])] = String(parts[1]) }
            }
        }
        return found
    }
}
