// The pieces of log lines: batched writing, request ids, RFC 3339 times.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import HTTP

final class LogLineTests: XCTestCase {
    /// A pipe whose read end is drained into memory.
    private func pipeReader() -> (write: Int32, read: () -> String) {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], 1031 /* F_SETPIPE_SZ */, Int32(1 << 20))  // room for every line a test writes
        let readEnd = fds[0]
        return (fds[1], {
            var text = ""
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                text += String(decoding: buffer[0..<n], as: UTF8.self)
            }
            return text
        })
    }

    func testBufferedLinesKeepOrderAndFlushOnDemand() {
        let (fd, read) = pipeReader()
        let lines = BufferedLines(fd: fd, flushInterval: 60)
        lines.write("first")
        lines.write("second 第二")
        XCTAssertEqual(read(), "", "nothing is written before a flush")
        lines.flush()
        XCTAssertEqual(read(), "first\nsecond 第二\n")
        lines.flush()
        XCTAssertEqual(read(), "", "a flush with nothing pending writes nothing")
    }

    func testBufferedLinesFlushAfterTheIntervalAndWhenFull() {
        let (fd, read) = pipeReader()
        let timed = BufferedLines(fd: fd, flushInterval: 0.05)
        timed.write("soon")
        var seen = ""
        for _ in 0..<100 where seen.isEmpty {
            usleep(10_000)
            seen = read()
        }
        XCTAssertEqual(seen, "soon\n")

        let (fd2, read2) = pipeReader()
        let big = BufferedLines(fd: fd2, flushInterval: 60)
        let line = String(repeating: "x", count: 999)  // 1,000 bytes with its newline
        for _ in 0..<66 { big.write(line) }
        XCTAssertEqual(read2().utf8.count, 66_000, "64 KiB gathered: written without waiting")
    }

    func testBufferedLinesFromManyThreadsNeverInterleave() {
        let (fd, read) = pipeReader()
        let lines = BufferedLines(fd: fd, flushInterval: 60)
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<50 { lines.write("thread=\(t) line=\(i) " + String(repeating: "z", count: 40)) }
        }
        lines.flush()
        let all = read().split(separator: "\n")
        XCTAssertEqual(all.count, 400)
        for t in 0..<8 {
            let mine = all.filter { $0.hasPrefix("thread=\(t) ") }
            XCTAssertEqual(mine.map { $0.split(separator: " ")[1] }, (0..<50).map { "line=\($0)"[...] }, "each thread's lines in its order")
        }
    }

    /// The access log line: plain values as they are, any other quoted, an empty id and a missing user as `-`.
    func testAccessLogLineValues() {
        let time = (seconds: 1_790_000_000, nanoseconds: 123_456_789)
        let plain = AccessLogLine.make(time: time, requestID: "abc", method: "GET", path: "/a/b", status: 200, bytes: 12, micros: 1234, user: "alice")
        XCTAssertEqual(plain, "time=2026-09-21T14:13:20.123Z id=abc method=GET path=/a/b status=200 bytes=12 duration_ms=1.234 user=alice")
        let quoted = AccessLogLine.make(time: time, requestID: "", method: "GET", path: "/a b/\"东\"", status: 404, bytes: 0, micros: 5, user: nil)
        XCTAssertEqual(quoted, #"time=2026-09-21T14:13:20.123Z id=- method=GET path="/a b/\"东\"" status=404 bytes=0 duration_ms=0.005 user=-"#)
        let user = AccessLogLine.make(time: time, requestID: "r", method: "PO=ST", path: "/", status: 500, bytes: 3, micros: 1_000_000, user: "")
        XCTAssertEqual(user, #"time=2026-09-21T14:13:20.123Z id=r method="PO=ST" path=/ status=500 bytes=3 duration_ms=1000.000 user="""#)
    }

    func testRequestIDsAreSixteenHexDigitsAndDistinct() {
        let ids = (0..<10_000).map { _ in Middlewares.generateID() }
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in ids.prefix(100) {
            XCTAssertEqual(id.utf8.count, 16)
            XCTAssertTrue(Middlewares.isSane(id))
            XCTAssertTrue(id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) })
        }
    }

    func testRFC3339AndDigits() {
        XCTAssertEqual(HTTPDate.rfc3339((seconds: 1_732_870_696, nanoseconds: 7_000_000)), "2024-11-29T08:58:16.007Z")
        XCTAssertEqual(HTTPDate.rfc3339((seconds: 0, nanoseconds: 999_999_999)), "1970-01-01T00:00:00.999Z")
        XCTAssertEqual(HTTPDate.rfc3339((seconds: 951_782_400, nanoseconds: 0)), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(HTTPDate.rfc3339((seconds: -1, nanoseconds: 0)), "1969-12-31T23:59:59.000Z")
        XCTAssertEqual(HTTPDate.rfc3339((seconds: 4_107_542_399, nanoseconds: 1_000_000)), "2100-02-28T23:59:59.001Z")
        var out: [UInt8] = []
        for (value, width) in [(0, 1), (42, 4), (123_456, 2)] {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                let count = ASCIIBytes.writeDecimal(value, width: width, at: digits.baseAddress!)
                out += UnsafeBufferPointer(start: digits.baseAddress, count: count)
            }
        }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "00042123456")
    }

    /// The arithmetic calendar agrees with the C library's for every day from 1900 to 2200, and
    /// at a spread of seconds within days.
    func testCivilDatesAgreeWithTheCLibrary() {
        for day in stride(from: -25_567, through: 84_000, by: 1) {
            let seconds = day * 86_400 + ((day &* 7919) % 86_400 + 86_400) % 86_400
            let t = HTTPDate.breakDown(seconds)
            let civil = HTTPDate.civil(days: day)
            guard civil.year == Int(t.tm_year) + 1900, civil.month == Int(t.tm_mon) + 1, civil.day == Int(t.tm_mday) else {
                return XCTFail("day \(day): \(civil) against \(t.tm_year + 1900)-\(t.tm_mon + 1)-\(t.tm_mday)")
            }
            let text = HTTPDate.rfc3339((seconds: seconds, nanoseconds: 0))
            let time = String(format: "%02d:%02d:%02d", t.tm_hour, t.tm_min, t.tm_sec)
            guard text.contains("T\(time).000Z") else { return XCTFail("\(seconds): \(text), expected \(time)") }
        }
    }

    /// Logfmt values are checked on bytes in place; the answer and the bytes are the ones the
    /// old check (`allSatisfy` over the UTF-8 view) gave.
    func testLogfmtValuesAsTheUTF8ViewCheckGave() {
        func old(_ s: String) -> String {
            let plain = !s.isEmpty && s.utf8.allSatisfy { b in
                b > 32 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "=") && b != 127 && b != UInt8(ascii: "\\")
            }
            return plain ? s : JSONText.quote(s)
        }
        var inputs = ["", "-", "a", "/api/v1/org/enterprises/7", "a b", "a=b", "a\"b", "a\\b", "\u{7F}", "\u{0}", "\t", "!", "~",
                      "东城镇", "/东城镇/隐患?x=1", "é", "e\u{301}", "😀", String(repeating: "x", count: 300)]
        for b in 0...127 { inputs.append("x" + String(UnicodeScalar(UInt8(b))) + "y") }
        for input in inputs {
            XCTAssertEqual(Logfmt.value(input), old(input), input.debugDescription)
        }
    }

    /// The exposition's bytes for known requests: buckets cumulative, statuses in order, the
    /// shards of several threads added up.
    func testMetricsExpositionBytes() {
        let metrics = ServerMetrics()
        let durations = [0.001, 0.005, 0.0051, 0.3, 10, 11, 0.07]
        let statuses = [500, 200, 404, 200, 200, 201, 500]
        let threads = (0..<4).map { _ in
            Thread {
                for (d, s) in zip(durations, statuses) {
                    metrics.record(route: "/b/{id}", method: "GET", status: s, duration: d)
                    metrics.record(route: "/a \"q\"\\", method: "BREW", status: s, duration: d)
                }
            }
        }
        threads.forEach { $0.start() }
        while !threads.allSatisfy(\.isFinished) { usleep(1000) }
        var expected = """
            # HELP http_requests_total Requests served, by route template, method and status.
            # TYPE http_requests_total counter
            http_requests_total{route="/a \\"q\\"\\\\",method="OTHER",status="200"} 12
            http_requests_total{route="/a \\"q\\"\\\\",method="OTHER",status="201"} 4
            http_requests_total{route="/a \\"q\\"\\\\",method="OTHER",status="404"} 4
            http_requests_total{route="/a \\"q\\"\\\\",method="OTHER",status="500"} 8
            http_requests_total{route="/b/{id}",method="GET",status="200"} 12
            http_requests_total{route="/b/{id}",method="GET",status="201"} 4
            http_requests_total{route="/b/{id}",method="GET",status="404"} 4
            http_requests_total{route="/b/{id}",method="GET",status="500"} 8
            # HELP http_request_duration_seconds Time to produce a response.
            # TYPE http_request_duration_seconds histogram

            """
        for labels in [#"route="/a \"q\"\\",method="OTHER""#, #"route="/b/{id}",method="GET""#] {
            for bound in ServerMetrics.buckets {
                expected += "http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(4 * durations.filter { $0 <= bound }.count)\n"
            }
            expected += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} 28\n"
            expected += "http_request_duration_seconds_sum{\(labels)} \(4 * durations.reduce(0, +))\n"
            expected += "http_request_duration_seconds_count{\(labels)} 28\n"
        }
        expected += "# HELP http_open_connections Connections currently open.\n# TYPE http_open_connections gauge\nhttp_open_connections 0\n"
        expected += "# HELP http_connections_reclaimed_total Connections waiting for a request closed to make room for new ones.\n"
        expected += "# TYPE http_connections_reclaimed_total counter\nhttp_connections_reclaimed_total 0\n"
        expected += "# HELP http_connections_refused_total New connections answered 503, by the limit reached.\n"
        expected += "# TYPE http_connections_refused_total counter\n"
        expected += "http_connections_refused_total{limit=\"max_connections\"} 0\nhttp_connections_refused_total{limit=\"max_connections_per_client\"} 0\n"
        // The sum is added in another order than here: compare it apart, to the last few digits.
        func split(_ text: String) -> (lines: [Substring], sums: [Double]) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return (lines.filter { !$0.contains("_sum{") }, lines.filter { $0.contains("_sum{") }.map { Double($0.split(separator: " ").last!)! })
        }
        let (got, want) = (split(metrics.prometheusText()), split(expected))
        XCTAssertEqual(got.lines, want.lines)
        XCTAssertEqual(got.sums.count, 2)
        for (a, b) in zip(got.sums, want.sums) { XCTAssertEqual(a, b, accuracy: 1e-9) }
    }
}
