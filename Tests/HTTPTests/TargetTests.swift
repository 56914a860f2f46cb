// The request target read on bytes, held to the plain String-based reading it replaced.
import XCTest
@testable import HTTP

final class TargetTests: XCTestCase {
    /// The earlier reading, on Substrings: slow, but short enough to trust.
    private enum Reference {
        static func parse(_ target: String, method: String) throws -> (path: String, query: [(name: String, value: String)]) {
            if target == "*" {
                guard method == "OPTIONS" else { throw HTTPError(400, "asterisk") }
                return ("*", [])
            }
            var rest = Substring(target)
            if !rest.hasPrefix("/") {
                let lower = rest.lowercased()
                guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw HTTPError(400, "form") }
                rest = rest.dropFirst(lower.hasPrefix("http://") ? 7 : 8)
                if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else if let q = rest.firstIndex(of: "?") { rest = "/" + rest[q...] } else { rest = "/" }
            }
            var rawPath = rest
            var rawQuery: Substring = ""
            if let q = rest.firstIndex(of: "?") {
                rawPath = rest[..<q]
                rawQuery = rest[rest.index(after: q)...]
            }
            if let hash = rawQuery.firstIndex(of: "#") { rawQuery = rawQuery[..<hash] }
            if let hash = rawPath.firstIndex(of: "#") { rawPath = rawPath[..<hash] }
            guard let path = decode(rawPath, plusAsSpace: false) else { throw HTTPError(400, "escape") }
            if path.utf8.contains(0) { throw HTTPError(400, "nul") }
            // A query name or value with a malformed escape or bytes that are not UTF-8 is refused.
            let items = try rawQuery.split(separator: "&").map { pair -> (name: String, value: String) in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = decode(parts[0], plusAsSpace: true) else { throw HTTPError(400, "escape") }
                guard parts.count > 1 else { return (name, "") }
                guard let value = decode(parts[1], plusAsSpace: true) else { throw HTTPError(400, "escape") }
                return (name, value)
            }
            return (path, items)
        }

        static func decode(_ s: Substring, plusAsSpace: Bool) -> String? {
            var out: [UInt8] = []
            var it = Array(s.utf8)[...]
            while let b = it.popFirst() {
                if b == UInt8(ascii: "%") {
                    guard let h = it.popFirst(), let l = it.popFirst(), let hv = Target.hexValue(h), let lv = Target.hexValue(l) else { return nil }
                    out.append(hv << 4 | lv)
                } else {
                    out.append(plusAsSpace && b == UInt8(ascii: "+") ? 32 : b)
                }
            }
            return String(validating: out, as: UTF8.self)
        }
    }

    private func outcome(_ parse: () throws -> (path: String, query: [(name: String, value: String)])) -> String {
        do {
            let (path, query) = try parse()
            return path + " | " + query.map { "\($0.name)=\($0.value)" }.joined(separator: " & ")
        } catch let error as HTTPError {
            return "refused \(error.status)"
        } catch {
            return "failed \(error)"
        }
    }

    func testKnownTargets() {
        let cases: [(String, String)] = [
            ("/api/v1/org/enterprises?limit=50", "/api/v1/org/enterprises | limit=50"),
            ("/a?x=1&y&z=%41", "/a | x=1 & y= & z=A"),
            ("/%E4%B8%9C%E5%9F%8E?q=%E4%B8%9C+%E5%9F%8E&&a=b=c", "/东城 | q=东 城 & a=b=c"),
            ("/p+q?x=%zz&%=1", "refused 400"),
            ("/a?x=%ff", "refused 400"),
            ("/a?x=%C0%AF", "refused 400"),
            ("/a?x=%ED%A0%80", "refused 400"),
            ("HTTP://Example.com/x/y?q=1#frag", "/x/y | q=1"),
            ("https://example.com?only=query", "/ | only=query"),
            ("http://example.com", "/ | "),
            ("/a#b?c=1", "/a | c=1"),
            ("/%", "refused 400"),
            ("/a%00b", "refused 400"),
            ("example.com:443", "refused 400"),
            ("http\u{1A}//x/", "refused 400"),
        ]
        for (target, expected) in cases {
            XCTAssertEqual(outcome { try Target.parse(target, method: "GET") }, expected, target)
        }
        XCTAssertEqual(outcome { try Target.parse("*", method: "OPTIONS") }, "* | ")
        XCTAssertEqual(outcome { try Target.parse("*", method: "GET") }, "refused 400")
    }

    /// Targets made of the bytes that matter (`/ ? & = % + #`, hex digits, letters, UTF-8, NUL) in
    /// random orders: the byte reading and the reference agree on every one.
    func testAgreesWithTheReferenceOnRandomTargets() {
        var rng = SplitMix(seed: 20261129)
        let pieces = ["/", "?", "&", "=", "%", "+", "#", "a", "Z", "4", "1", "%41", "%e4%b8%9c", "%zz", "东", "\u{0}", "%00", "http://", "HTTPS://h", "x.y"]
        for _ in 0..<20_000 {
            var target = rng.next() % 4 == 0 ? "" : "/"
            for _ in 0..<(Int(rng.next() % 12)) { target += pieces[Int(rng.next() % UInt64(pieces.count))] }
            XCTAssertEqual(outcome { try Target.parse(target, method: "GET") }, outcome { try Reference.parse(target, method: "GET") }, target)
        }
    }
}

/// A small deterministic random source, so a failure can be repeated.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
