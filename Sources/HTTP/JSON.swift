// Handlers return values; these render them as JSON responses.
import Foundation

extension Response {
    /// `value` encoded as `application/json`. Keys are as the type encodes them (pass an encoder
    /// with a key strategy to change that); dates are ISO 8601.
    public static func json<T: Encodable>(_ value: T, status: Int = 200, encoder: JSONEncoder? = nil) throws -> Response {
        let encoder = encoder ?? {
            let e = JSONEncoder()
            e.outputFormatting = [.withoutEscapingSlashes]
            e.dateEncodingStrategy = .iso8601
            return e
        }()
        let data = try encoder.encode(value)
        return Response(status: status, contentType: "application/json", body: Array(data))
    }
}

/// A value that is its own JSON response: conform an `Encodable` type and return it from a handler.
public protocol JSONResponseConvertible: ResponseConvertible, Encodable {
    /// The status to answer with (200 unless overridden).
    var responseStatus: Int { get }
}

extension JSONResponseConvertible {
    public var responseStatus: Int { 200 }

    public func response() -> Response {
        do {
            return try Response.json(self, status: responseStatus)
        } catch {
            return Problem.response(status: 500, title: "Internal Server Error", detail: "服务器未能生成回复 (The response could not be encoded.)")
        }
    }
}
