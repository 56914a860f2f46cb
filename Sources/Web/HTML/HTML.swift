// Markup that is safe by construction: a literal written in the source is markup; every value
// interpolated into it is text, HTML-escaped (& < > " '), unless it is itself `HTML`. Attributes
// are always written in double quotes, so the same escaping makes a value safe there too.

import Kernel

/// A piece of markup.
public struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup, already safe to send.
    public private(set) var markup: String

    /// A literal in the source: trusted markup.
    public init(stringLiteral value: String) { markup = value }

    public init(stringInterpolation: Interpolation) { markup = stringInterpolation.markup }

    /// Markup from a trusted source (the embedded assets); never from input.
    init(trusted markup: String) { self.markup = markup }

    public static let empty = HTML(trusted: "")

    public var description: String { markup }
    public var bytes: [UInt8] { Array(markup.utf8) }

    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity + 16 * interpolationCount) }

        public mutating func appendLiteral(_ literal: String) { markup += literal }
        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &markup) }
        public mutating func appendInterpolation(_ text: Substring) { HTML.escape(String(text), into: &markup) }
        /// A number: nothing to escape.
        public mutating func appendInterpolation(_ number: Int) { markup += String(number) }
        public mutating func appendInterpolation(_ number: Int64) { markup += String(number) }
        /// Markup: as it is.
        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }
        public mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { markup += part.markup } }
    }

    /// `text` with the five characters that mean something in HTML replaced by their references.
    public static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    static func escape(_ text: String, into out: inout String) { HTMLText.escape(text, into: &out) }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.markup + b.markup) }
    public static func += (a: inout HTML, b: HTML) { a.markup += b.markup }
}

extension Array where Element == HTML {
    /// The pieces one after another.
    public func joined() -> HTML { HTML(trusted: map(\.markup).joined()) }
}

extension Optional where Wrapped == HTML {
    /// The markup, or nothing.
    var orEmpty: HTML { self ?? .empty }
}
