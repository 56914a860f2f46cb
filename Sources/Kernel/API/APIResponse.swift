// Building responses the same way everywhere: JSON, created with Location, list pages with
// Link and CSV, problems (RFC 9457).
import CLI
import HTTP

public enum APIResponse {
    public static func json(_ value: JSON, status: Int = 200) -> Response {
        Response(status: status, contentType: "application/json; charset=utf-8", body: value.bytes)
    }

    /// A record with its ETag (from its `version`).
    public static func record(_ value: JSON, status: Int = 200, location: String? = nil) -> Response {
        var response = json(value, status: status)
        if let version = value["version"]?.intValue { response.headers.set("ETag", "\"\(version)\"") }
        if let location { response.headers.set("Location", location) }
        return response
    }

    /// `record(_:status:location:)` of `value` already serialized: `bytes` are `value.bytes`.
    public static func record(_ value: JSON, bytes: [UInt8], status: Int = 200, location: String? = nil) -> Response {
        var response = Response(status: status, contentType: "application/json; charset=utf-8", body: bytes)
        if let version = value["version"]?.intValue { response.headers.set("ETag", "\"\(version)\"") }
        if let location { response.headers.set("Location", location) }
        return response
    }

    /// A record that `writeRecord` writes as JSON straight into the body (returning its version):
    /// the same response as `record(_:)`.
    public static func record(writeRecord: (inout ByteBuffer) throws -> Int64) rethrows -> Response {
        var body = ByteBuffer(capacity: 2048)
        let version = try writeRecord(&body)
        var response = Response(status: 200, contentType: "application/json; charset=utf-8", body: body.finish())
        response.headers.set("ETag", "\"\(version)\"")
        return response
    }

    /// A list page as `{"items": [...], "next": ...}` with a `Link` header, or CSV when asked
    /// (with `columns`, the declared ones, so that even an empty export has its header).
    public static func page(_ page: Page, request: APIRequest, columns: [String]? = nil) -> Response {
        if request.wantsCSV { return csv(page.items, columns: columns) }
        var response = json(.object(["items": .array(page.items), "next": JSON(page.next)]))
        addLink(&response, next: page.next, request: request)
        return response
    }

    /// A list page whose items `writeItems` writes as a JSON array straight into the body (returning
    /// the next cursor), made with room for `capacity` bytes of items: the same bytes and headers as
    /// `page(_:request:)`, without a JSON tree, and the body is not copied.
    public static func page(request: APIRequest, capacity: Int, writeItems: (inout ByteBuffer) throws -> String?) rethrows -> Response {
        var body = pageBody(capacity: capacity)
        let next = try writeItems(&body)
        return page(body, next: next, request: request)
    }

    /// The start of a list page's body (`{"items":`), with room for `capacity` bytes of items, for
    /// the items to be written into and `page(_:next:request:)` to finish.
    public static func pageBody(capacity: Int) -> ByteBuffer {
        ByteBuffer(itemsPrefix, capacity: itemsPrefix.count + capacity + 64)
    }

    /// The page whose items (a JSON array) were written after `pageBody`, with the next cursor.
    public static func page(_ body: consuming ByteBuffer, next: String?, request: APIRequest) -> Response {
        body.append(nextKey)
        if let next { body.writeString(next) } else { body.append(JSON.nullBytes) }
        body.append(UInt8(ascii: "}"))
        var response = Response(status: 200, contentType: "application/json; charset=utf-8", body: body.finish())
        addLink(&response, next: next, request: request)
        return response
    }

    private static let itemsPrefix = Array(#"{"items":"#.utf8), nextKey = Array(#","next":"#.utf8)

    private static func addLink(_ response: inout Response, next: String?, request: APIRequest) {
        guard let next else { return }
        // Written as bytes into a buffer of the size it can at most need (on the stack when small),
        // and copied into the headers from there: a page link is written on every list request.
        let path = request.http.path, items = request.http.queryItems
        var bound = 21 + path.utf8.count + 3 * next.utf8.count  // `<`, `?`, `after=`, `>; rel="next"`
        for index in items.indices where items[index].name != "after" {
            bound += 2 + 3 * (items[index].name.utf8.count + items[index].value.utf8.count)
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            var link = SizedBytes(buffer.baseAddress!)
            link.put(UInt8(ascii: "<"))
            link.put(path)
            link.put(UInt8(ascii: "?"))
            for index in items.indices where items[index].name != "after" {
                items[index].name.withUTF8Bytes { name in link.put { percentEncode(name, to: $0) } }
                link.put(UInt8(ascii: "="))
                items[index].value.withUTF8Bytes { value in link.put { percentEncode(value, to: $0) } }
                link.put(UInt8(ascii: "&"))
            }
            link.put("after=")
            next.withUTF8Bytes { next in link.put { percentEncode(next, to: $0) } }
            link.put(">; rel=\"next\"")
            // The path is a String's UTF-8 and the rest ASCII: valid as it is.
            response.headers.set("Link", utf8: UnsafeBufferPointer(start: buffer.baseAddress, count: link.count))
        }
    }

    /// A whole short list as `{"items": [...]}`, or CSV when asked.
    public static func items(_ items: [JSON], request: APIRequest, columns: [String]? = nil) -> Response {
        request.wantsCSV ? csv(items, columns: columns) : json(.object(["items": .array(items)]))
    }

    /// Items as CSV (UTF-8 with BOM): the given columns, or the first item's keys; nested values as JSON.
    public static func csv(_ items: [JSON], columns declared: [String]? = nil) -> Response {
        var columns = declared ?? []
        if declared == nil, case .object(let members)? = items.first { columns = members.map(\.key) }
        let rows = items.map { item in columns.map { key -> String in
            switch item[key] {
            case .string(let s)?: return s
            case .int(let v)?: return String(v)
            case .bool(let b)?: return b ? "true" : "false"
            case .null?, nil: return ""
            case let other?: return other.serialized
            }
        } }
        let text = CSV.render(columns: columns, rows: rows, byteOrderMark: true)
        return Response(status: 200, contentType: "text/csv; charset=utf-8", body: Array(text.utf8))
    }

    /// An `application/problem+json` response for a domain error.
    public static func problem(_ error: DomainError, instance: String? = nil) -> Response {
        var status = error.kind.httpStatus
        var extra = error.extra
        if let override = extra.first(where: { $0.key == "status_override" })?.value.intValue {
            status = Int(override)
            extra.removeAll { $0.key == "status_override" }
        }
        var members: [JSON.Member] = [
            JSON.Member("type", "about:blank"),
            JSON.Member("title", .string(status == 415 ? "Unsupported media type" : error.kind.title)),
            JSON.Member("status", .int(Int64(status))),
            JSON.Member("detail", .string(error.description)),
        ]
        if let instance { members.append(JSON.Member("instance", .string(instance))) }
        if !error.fieldErrors.isEmpty {
            members.append(JSON.Member("errors", .array(error.fieldErrors.map {
                .object(["field": .string($0.field), "code": .string($0.code), "message": .string($0.message)])
            })))
        }
        members += extra
        var response = Response(status: status, contentType: "application/problem+json", body: JSON.object(members).bytes)
        for (name, value) in error.headers { response.headers.set(name, value) }
        return response
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (for query values in links).
    public static func percentEncode(_ text: String) -> String {
        text.withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: 3 * bytes.count) { buffer in
                bytes.isEmpty ? 0 : percentEncode(bytes, to: buffer.baseAddress!)
            }
        }
    }

    /// Writes `bytes` percent-encoded at `out` (room for three times as many bytes); returns how many it wrote.
    private static func percentEncode(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let hex: StaticString = "0123456789ABCDEF"
        var count = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out[count] = byte
                count += 1
            default:
                out[count] = UInt8(ascii: "%")
                out[count + 1] = hex.utf8Start[Int(byte >> 4)]
                out[count + 2] = hex.utf8Start[Int(byte & 0x0F)]
                count += 3
            }
        }
        return count
    }
}
