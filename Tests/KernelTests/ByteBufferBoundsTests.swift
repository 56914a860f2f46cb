@testable import Kernel
import XCTest

/// The writer reads a text's last bytes without reading past its end: every text here lies in an
/// allocation of exactly its own size (or ends exactly where its allocation ends), so a read beyond
/// it is outside the allocation, which AddressSanitizer reports
/// (`swift test --sanitize=address --scratch-path .build-asan --filter ByteBufferBoundsTests`),
/// and the bytes written are those of serializing the text as a String.
final class ByteBufferBoundsTests: XCTestCase {
    func reference(_ text: [UInt8]) -> [UInt8] { JSON.string(String(decoding: text, as: UTF8.self)).bytes }

    /// Copies `bytes` into an allocation of exactly their size (zero: of one byte, holding nothing of
    /// the text) and calls `body` with it; deallocates it after.
    func exactly<R>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        defer { memory.deallocate() }
        bytes.withUnsafeBufferPointer { if let base = $0.baseAddress { memory.update(from: base, count: bytes.count) } }
        return body(UnsafeBufferPointer(start: memory, count: bytes.count))
    }

    /// What `Room.string`, the escaper and the buffer write for `text`, as held at `source`.
    func written(_ source: UnsafeBufferPointer<UInt8>) -> (room: [UInt8], escaped: [UInt8]?, buffer: [UInt8]) {
        let size = ByteBuffer.Room.stringSize(source.count)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { out.deallocate() }
        var room = ByteBuffer.Room(at: out, end: out + size)
        room.string(source)
        let viaRoom = Array(UnsafeBufferPointer(start: out, count: room.at - out))
        let escaped = ByteBuffer.escaped(source, at: out).map { Array(UnsafeBufferPointer(start: out, count: $0)) }
        var buffer = ByteBuffer(capacity: 0)
        buffer.writeString(utf8: source)
        return (viaRoom, escaped, buffer.finish())
    }

    static let families: [(name: String, bytes: [UInt8])] = [
        ("plain", Array("0123456789-T:.Z abcdefghijklmnopqrstuvwxyzABCDEFGH".utf8)),
        ("escapes", Array("ab\"cd\\ef\ngh\tij\u{1}kl\"mn\\op\rqr\"st\\uv\nwx\"yz\\01\"23".utf8)),
        ("cjk", Array("区应急管理局南湖镇北山华泰安全生产委员会办公室".utf8)),
        ("mixed", Array("a区b应cd急e\"管理x局南湖🙂镇é北山z华泰".utf8)),
        ("broken", Array("区应急".utf8) + [0xE1, 0x80] + Array("ab".utf8) + [0xED, 0xA0, 0x80] + Array("南湖镇北山".utf8) + [0xC2]),
    ]

    /// Texts that end exactly where their allocation ends, starting at every offset of allocations
    /// of every size up to 40 bytes: each tail length, with every kind of byte just before the end.
    func testTextsEndingAtEveryOffsetNearTheEndOfTheirAllocation() {
        var compared = 0
        for family in Self.families {
            for size in 1...40 {
                let allocation = Array(family.bytes.prefix(size))
                let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: allocation.count)
                defer { memory.deallocate() }
                memory.initialize(from: allocation, count: allocation.count)
                for start in 0...allocation.count {
                    let text = Array(allocation[start...])
                    let got = written(UnsafeBufferPointer(start: memory + start, count: allocation.count - start))
                    let want = reference(text)
                    XCTAssertEqual(got.room, want, "\(family.name): \(text.count) bytes ending an allocation of \(size)")
                    XCTAssertEqual(got.buffer, want, "\(family.name): \(text.count) bytes, through the buffer")
                    if String(validating: text, as: UTF8.self) != nil {
                        XCTAssertEqual(got.escaped, want, "\(family.name): \(text.count) bytes, through the escaper")
                    } else {
                        XCTAssertNil(got.escaped, "\(family.name): not well-formed, left to the repair")
                    }
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 4_000)
    }

    /// Texts alone in allocations of exactly their size, of every length up to 48.
    func testTextsAloneInAllocationsOfTheirOwnSize() {
        for family in Self.families {
            for length in 0...48 {
                let text = Array(family.bytes.suffix(length))
                let got = exactly(text) { written($0) }
                XCTAssertEqual(got.room, reference(text), "\(family.name): \(length) bytes")
                XCTAssertEqual(got.buffer, reference(text), "\(family.name): \(length) bytes, through the buffer")
            }
        }
    }

    /// The last bytes of a text as a word: exactly the text's bytes, first lowest, zeros after.
    func testTailsAreTheTextsBytesThenZeros() {
        let bytes: [UInt8] = (0..<16).map { 0xA0 &+ UInt8($0) }
        for available in 0...8 {
            let want = bytes.prefix(available).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let got = exactly(Array(bytes.prefix(available))) { ByteBuffer.tail($0.baseAddress!, available) }
            XCTAssertEqual(got, want, "\(available) bytes")
        }
        for available in 1...15 {
            let want = SIMD16<UInt8>((0..<16).map { $0 < available ? bytes[$0] : 0 })
            let got = exactly(Array(bytes.prefix(available))) { ByteBuffer.tail16($0.baseAddress!, available) }
            XCTAssertEqual(got, want, "\(available) bytes")
        }
    }
}
