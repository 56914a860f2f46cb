// libFuzzer target: the bytes a client sends on one connection, read as the server reads them —
// request heads (HeadParser), Host, target, framing and Expect checks, Content-Length and chunked
// bodies — request after request (pipelining), with small limits so the refusals are reached.
// Checked besides "no crash":
// - a head never claims more bytes than it was given, nor none; a chunked body never moves past
//   the end of the buffer and never backwards;
// - each header field reads back as a token name and a trimmed value without CR, LF or NUL;
// - a head cut anywhere before its end is "incomplete", never refused (a head split across
//   packets reads as one sent whole), and a chunked body fed in two pieces reads as fed whole;
// - refusals carry a 4xx/5xx status from the parser's list.
import FuzzSupport
@testable import HTTP

@main
enum FuzzHTTP {
    static func main() { Fuzz.run(testOneInput) }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    HTTPConnectionModel(bytes: Fuzz.bytes(data, size)).run()
    return 0
}

struct HTTPConnectionModel {
    let buffer: [UInt8]
    let limits: ParserLimits = {
        var c = ServerConfiguration()
        c.maxRequestLineBytes = 256
        c.maxHeaderBytes = 1024
        c.maxHeaderCount = 16
        c.maxBodyBytes = 4096
        return ParserLimits(c)
    }()
    static let statuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]

    init(bytes: [UInt8]) { buffer = bytes }

    func run() {
        var start = 0
        for _ in 0..<64 where start < buffer.count {
            guard let next = request(at: start) else { return }
            Fuzz.check(next > start && next <= buffer.count, "request at \(start) ended at \(next) of \(buffer.count)")
            start = next
        }
    }

    /// Reads one request from `start`; the offset after it, or nil when the connection stops here
    /// (incomplete, or refused).
    func request(at start: Int) -> Int? {
        let rest = buffer.count - start
        let result: HeadParseResult
        do {
            result = try buffer.withUnsafeBufferPointer { all in
                try HeadParser.parse(UnsafeBufferPointer(rebasing: all[start...]), limits: limits)
            }
        } catch let error as HTTPError {
            refused(error)
            return nil
        } catch {
            Fuzz.check(false, "head parser threw \(error)")
            return nil
        }
        guard case let .complete(head, consumed) = result else { return nil }
        Fuzz.check(consumed > 0 && consumed <= rest, "head consumed \(consumed) of \(rest) bytes")
        checkFields(head)
        checkPrefixes(start: start, consumed: consumed)
        var offset = start + consumed
        do {
            try Framing.checkHost(head)
            let (path, _) = try Target.parse(head.target, method: head.method)
            Fuzz.check(!path.isEmpty, "empty path from target \(head.target)")
            let framing = try Framing.bodyFraming(head, maxBodyBytes: limits.maxBodyBytes)
            _ = try Framing.expectsContinue(head)
            _ = Framing.keepAlive(head)
            switch framing {
            case .none:
                return offset
            case .length(let n):
                Fuzz.check(n > 0 && n <= limits.maxBodyBytes, "Content-Length framing of \(n)")
                guard buffer.count - offset >= n else { return nil }
                return offset + n
            case .chunked:
                guard let end = try chunkedBody(from: &offset) else { return nil }
                return end
            }
        } catch let error as HTTPError {
            refused(error)
            return nil
        } catch {
            Fuzz.check(false, "request checks threw \(error)")
            return nil
        }
    }

    func refused(_ error: HTTPError) {
        Fuzz.check(Self.statuses.contains(error.status), "refused with status \(error.status): \(error.detail)")
    }

    func checkFields(_ head: RequestHead) {
        var count = 0
        for field in head.headers {
            count += 1
            Fuzz.check(!field.name.isEmpty && field.name.utf8.allSatisfy(ByteClass.isTokenChar), "field name \(Array(field.name.utf8))")
            let value = Array(field.value.utf8)
            Fuzz.check(!value.contains { $0 == 10 || $0 == 13 || $0 == 0 }, "field value with CR, LF or NUL: \(value)")
            Fuzz.check(value.first != 32 && value.first != 9 && value.last != 32 && value.last != 9, "untrimmed field value \(value)")
            Fuzz.check(head.headers.values(field.name).contains(field.value), "values(\(field.name)) misses \(field.value)")
        }
        Fuzz.check(count <= limits.maxHeaderCount, "\(count) header fields past the limit")
    }

    /// A head cut before its end is incomplete: the parser waits for the rest rather than refusing.
    func checkPrefixes(start: Int, consumed: Int) {
        for cut in Set([consumed - 1, consumed / 2, consumed / 3, 1]) where cut > 0 && cut < consumed {
            do {
                let result = try buffer.withUnsafeBufferPointer { all in
                    try HeadParser.parse(UnsafeBufferPointer(rebasing: all[start..<(start + cut)]), limits: limits)
                }
                if case .complete(_, let c) = result {
                    Fuzz.check(false, "a head of \(consumed) bytes cut at \(cut) read as complete (\(c) bytes)")
                }
            } catch {
                Fuzz.check(false, "a head of \(consumed) bytes cut at \(cut) was refused: \(error)")
            }
        }
    }

    /// The chunked body from `offset`: read whole, and again in two pieces (as it would arrive);
    /// both must agree. The offset after it, or nil when incomplete.
    func chunkedBody(from offset: inout Int) throws -> Int? {
        let whole = decode([buffer], from: offset)
        let cut = offset + (buffer.count - offset) / 2
        let pieces = decode([Array(buffer[..<cut]), buffer], from: offset)
        switch (whole, pieces) {
        case let (.done(a, endA), .done(b, endB)):
            Fuzz.check(a == b && endA == endB, "chunked body read whole (\(a.count) bytes to \(endA)) and in pieces (\(b.count) to \(endB)) differ")
            Fuzz.check(a.count <= limits.maxBodyBytes, "chunked body of \(a.count) bytes past the limit")
            return endA
        case let (.waiting(endA), .waiting(endB)):
            Fuzz.check(endA == endB, "incomplete chunked body stopped at \(endA) whole, \(endB) in pieces")
            return nil
        case let (.refused(a), .refused(b)):
            Fuzz.check(a.status == b.status, "chunked body refused with \(a.status) whole, \(b.status) in pieces")
            throw a
        default:
            Fuzz.check(false, "chunked body read whole: \(whole); in pieces: \(pieces)")
            return nil
        }
    }

    enum Decoded { case done([UInt8], Int), waiting(Int), refused(HTTPError) }

    /// Feeds the decoder the growing buffer, each step a longer prefix of the connection's bytes.
    func decode(_ steps: [[UInt8]], from offset: Int) -> Decoded {
        var decoder = ChunkedDecoder(limits: limits)
        var start = offset
        for step in steps {
            let before = start
            do {
                let done = try decoder.consume(step, start: &start)
                Fuzz.check(start >= before && start <= step.count, "chunked decoder moved from \(before) to \(start) in \(step.count) bytes")
                if done { return .done(decoder.body, start) }
            } catch let error as HTTPError {
                refused(error)
                return .refused(error)
            } catch {
                Fuzz.check(false, "chunked decoder threw \(error)")
            }
        }
        return .waiting(start)
    }
}
