import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Kernel
import XCTest

/// The escaper reads and stores whole words, also for the last bytes of a text (a word that may read
/// past the text's end, never past its page) and stores words whole into the room: texts of every
/// short length, of every kind of byte at every position, at the very end of readable memory, and
/// with every awkward sequence in the tail, escape and repair exactly as serializing
/// `String(decoding:as:)` does, and never write past the room they are given.
final class EscapingTests: XCTestCase {
    /// What the bytes must be.
    func reference(_ text: [UInt8]) -> [UInt8] { JSON.string(String(decoding: text, as: UTF8.self)).bytes }

    /// Escapes `text` held at `source` into a room of exactly `Room.stringSize` bytes with a guard
    /// after it; checks the bytes, that nothing past the room was touched, and that only
    /// well-formed text is written without the repair.
    func check(_ source: UnsafePointer<UInt8>, _ count: Int, _ message: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        let text = Array(UnsafeBufferPointer(start: source, count: count))
        let size = ByteBuffer.Room.stringSize(count), guardBytes = 32
        let room = UnsafeMutablePointer<UInt8>.allocate(capacity: size + guardBytes)
        defer { room.deallocate() }
        room.initialize(repeating: 0xA5, count: size + guardBytes)
        let written = ByteBuffer.escaped(UnsafeBufferPointer(start: source, count: count), at: room)
        XCTAssertEqual(written != nil, String(validating: text, as: UTF8.self) != nil, "\(message()) \(text)", file: file, line: line)
        if let written {
            XCTAssertLessThanOrEqual(written, size, file: file, line: line)
            XCTAssertTrue(Array(UnsafeBufferPointer(start: room, count: written)) == reference(text), "\(message()) \(text)", file: file, line: line)
        }
        XCTAssertEqual(Array(UnsafeBufferPointer(start: room + size, count: guardBytes)), Array(repeating: 0xA5, count: guardBytes),
                       "\(message()) wrote past the room: \(text)", file: file, line: line)
        // Through a room of exactly that size (plain ASCII first, then the escaper, then the repair).
        room.initialize(repeating: 0xA5, count: size + guardBytes)
        var exact = ByteBuffer.Room(at: room, end: room + size)
        exact.string(UnsafeBufferPointer(start: source, count: count))
        XCTAssertTrue(Array(UnsafeBufferPointer(start: room, count: exact.at - room)) == reference(text), "\(message()) \(text)", file: file, line: line)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: room + size, count: guardBytes)), Array(repeating: 0xA5, count: guardBytes),
                       "\(message()) wrote past the room through Room.string: \(text)", file: file, line: line)
        // And through the buffer, repair included.
        var bytes: [UInt8] = []
        text.withUnsafeBufferPointer { JSON.writeString(utf8: $0, into: &bytes) }
        XCTAssertTrue(bytes == reference(text), "\(message()) \(text)", file: file, line: line)
    }

    func check(_ text: [UInt8], _ message: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        text.withUnsafeBufferPointer { check($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, text.count, message(), file: file, line: line) }
    }

    static let cjk = Array("区应急管理局南湖镇北山华泰".utf8)
    /// Sequences to put in texts: plain and escaped ASCII, CJK, and every awkward shape of UTF-8.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("Z9".utf8), [0x22], [0x5C], [0x0A], [0x0D], [0x09], [0x00], [0x1F], [0x20], [0x7F], [0x21], [0x23], [0x5B], [0x5D],
        Array("区".utf8), Array("应急".utf8), Array("，".utf8), Array("、".utf8), Array("é".utf8), Array("😀".utf8), Array("𠀀".utf8),
        [0xE0, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xEF, 0xBF, 0xBF], [0xEE, 0x80, 0x80], [0xE1, 0x80], [0xE1], [0xE1, 0xC0, 0x80], [0xE1, 0x80, 0x7F], [0xE1, 0x80, 0xC0],
        [0xE1, 0x80, 0x22], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xC2, 0xA9], [0xC2], [0xC0, 0x80],
        [0xC1, 0xBF], [0x80], [0xBF], [0xF5], [0xFF], [0xFE],
    ]

    /// Texts of every length up to 16 made of each piece at every position among plain ASCII and
    /// among CJK, cut to that length (so pieces are also cut in the tail).
    func testEveryShortLengthWithEveryPieceAtEveryPosition() {
        var compared = 0
        for filler in [Array("abcdefghijklmnopqrstuvwxyz0123".utf8), Self.cjk + Self.cjk, Array("a区b应cd急e".utf8) + Self.cjk] {
            for piece in Self.pieces + [[]] {
                for length in 0...16 {
                    for position in 0...length {
                        let text = Array((Array(filler[0..<position]) + piece + filler[position...]).prefix(length))
                        check(text, "length \(length) at \(position)")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 5_000)
    }

    /// Random texts from the pieces, of lengths 0–48.
    func testRandomTextsOfPieces() {
        var random = SeededRandom(seed: 20261129)
        for round in 0..<20_000 {
            var text: [UInt8] = []
            let parts = Int(random.next() % 20)
            for _ in 0..<parts {
                let pick = Int(random.next() % 100)
                // Mostly plain ASCII and CJK, as records hold; the rest every awkward piece.
                if pick < 40 { text += Array(repeating: UInt8(ascii: "a") + UInt8(random.next() % 26), count: 1 + Int(random.next() % 9)) }
                else if pick < 75 { let at = 3 * Int(random.next() % UInt64(Self.cjk.count / 3)); text += Self.cjk[at..<(at + 3)] }
                else { text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }
            }
            check(Array(text.prefix(48)), "round \(round)")
        }
    }

    /// Plain ASCII is tried first (sixteen bytes at a time, the last sixteen where the text ends):
    /// ASCII texts of every length up to 70, plain and with one byte to escape or not ASCII at every
    /// position, ending on the last byte of readable memory and starting at a page's start.
    func testPlainTextsOfEveryLengthAtTheEdgesOfReadableMemory() throws {
        // The first and third pages cannot be read.
        try withThreePages(unreadable: [0, 2]) { base, page in
            let plain = Array("0123456789-T:.Z abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'()*+,/;<=>?@[]^_`{|}~".utf8)
            var compared = 0
            for length in 1...70 {
                var texts = [Array(plain.prefix(length))]
                for odd: [UInt8] in [[0x22], [0x5C], [0x0A], [0x00], [0x1F], [0x7F], [0x80], [0xFF], Array("区".utf8)] {
                    for position in 0..<length {
                        var text = Array(plain.prefix(length))
                        text.replaceSubrange(position..<min(length, position + odd.count), with: odd.prefix(length - position))
                        texts.append(text)
                    }
                }
                for text in texts {
                    for start in [base + 2 * page - text.count, base + page] {
                        text.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: text.count) }
                        check(start, text.count, "length \(length)")
                        compared += 1
                    }
                }
            }
            XCTAssertGreaterThan(compared, 20_000)
        }
    }

    /// Texts that end on the last byte of readable memory (the page after is not readable), and texts
    /// that start in a page's last eight bytes and run into the next, of every length up to 16.
    func testTextsAtTheEndOfAPage() throws {
        // The third page cannot be read: reading it would crash the test.
        try withThreePages(unreadable: [2]) { base, page in
            let end = base + 2 * page
            let texts: [[UInt8]] = [Array("abcdefghijklmnopqr".utf8), Self.cjk, Array("a区b应cd急e\"\\\n".utf8) + Self.cjk,
                                    [0xED, 0xA0, 0x80] + Self.cjk, Self.cjk + [0xE1, 0x80], Array("ab😀cd".utf8) + Self.cjk]
            for text in texts {
                for length in 0...16 {
                    for cut in 0...min(length, text.count) {
                        let bytes = Array(text[cut...].prefix(length))
                        // Ending exactly at the unreadable page.
                        let at = end - bytes.count
                        bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: bytes.count) }
                        check(at, bytes.count, "ending at the page's end")
                        // Starting in the last eight bytes of the first page.
                        for offset in 1...8 {
                            let start = base + page - offset
                            bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: bytes.count) }
                            check(start, bytes.count, "across a page's end from \(offset) before it")
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with three fresh pages (their start, and the page size), those at `unreadable`
    /// (0–2) made unreadable first; unmaps them after.
    private func withThreePages(unreadable: [Int], _ body: (UnsafeMutablePointer<UInt8>, Int) throws -> Void) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let mapped = mmap(nil, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return XCTFail("could not map three pages to test against (errno \(errno))")
        }
        defer { munmap(mapped, 3 * page) }
        for index in unreadable { XCTAssertEqual(mprotect(mapped + index * page, page, PROT_NONE), 0) }
        try body(mapped.assumingMemoryBound(to: UInt8.self), page)
    }
}

/// Integers of one or two digits are written without counting digits: every value around them and
/// the extremes, as `String(value)` writes them.
final class DecimalTests: XCTestCase {
    func testWritesEveryValueAsStringDoes() {
        let values: [Int64] = Array(-1_100...1_100) + [Int64.min, Int64.min + 1, Int64.max, Int64.max - 1, 9_999_999_999, -9_999_999_999, 1 << 32]
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteBuffer.Room.integerSize)
        defer { out.deallocate() }
        for value in values {
            let count = ByteBuffer.decimal(value, at: out)
            XCTAssertEqual(String(decoding: UnsafeBufferPointer(start: out, count: count), as: UTF8.self), String(value))
        }
    }
}
