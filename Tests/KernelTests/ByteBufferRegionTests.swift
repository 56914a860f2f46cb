@testable import Kernel
import XCTest

/// A region is the buffer's free room, then memory of its own once that runs out (the page's room
/// was guessed too small): what is written comes out the same whichever memory held it.
final class ByteBufferRegionTests: XCTestCase {
    /// Writes `pieces` through a region of `buffer`, each as `reserve` then `copy`.
    func write(_ pieces: [[UInt8]], into buffer: inout ByteBuffer, reserving extra: Int = 0) {
        buffer.write(region: 0) { region in
            for piece in pieces {
                region.reserve(piece.count + extra)
                piece.withUnsafeBufferPointer { region.room.copy($0) }
            }
        }
    }

    func testWritesMoreThanTheBufferHasRoomFor() {
        let pieces = (0..<300).map { index in (0..<(index % 97)).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) } }
        for capacity in [0, 1, 64, 100, 1_000, 20_000] {
            for start in [[], Array("{\"items\":".utf8)] {
                for extra in [0, 32, 5_000] {
                    var buffer = ByteBuffer(start, capacity: capacity)
                    write(pieces, into: &buffer, reserving: extra)
                    // And a second region after the first.
                    write(pieces.reversed(), into: &buffer, reserving: extra)
                    let bytes = buffer.finish()
                    XCTAssertTrue(bytes == start + pieces.flatMap { $0 } + pieces.reversed().flatMap { $0 }, "capacity \(capacity), extra \(extra)")
                }
            }
        }
    }

    func testASingleWriteLargerThanEverythingBefore() {
        var buffer = ByteBuffer(capacity: 64)
        let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        write([[1, 2, 3], large, [4], large], into: &buffer)
        let bytes = buffer.finish()
        XCTAssertTrue(bytes == [1, 2, 3] + large + [4] + large)
    }

    struct Stop: Error {}

    /// A write that throws keeps what was written before it, in the buffer's room and beyond.
    func testWhatWasWrittenBeforeAThrowIsKept() {
        for before in [10, 5_000, 70_000] {
            var buffer = ByteBuffer(capacity: 4_096)
            let bytes = (0..<before).map { UInt8(truncatingIfNeeded: $0) }
            var thrown = false
            do {
                try buffer.write(region: 0) { region in
                    region.reserve(bytes.count)
                    bytes.withUnsafeBufferPointer { region.room.copy($0) }
                    throw Stop()
                }
            } catch {
                thrown = error is Stop
            }
            XCTAssertTrue(thrown)
            let kept = buffer.finish()
            XCTAssertTrue(kept == bytes, "\(before)")
        }
    }

    /// Strings through a region, the last of each near where the buffer's room ends: as the tree writes them.
    func testStringsAtTheEndOfTheBuffersRoom() {
        let texts = ["2024-01-02T01:00:00.000Z", "北山华泰危化品储运有限公司", "北山镇人民路250号", "q\"uo\\te\n\u{1}", "", "level1",
                     String(repeating: "长", count: 700), String(repeating: "a", count: 3_000)]
        for capacity in [64, 128, 256, 1_024] {
            for filler in [0, 1, 15, 16, 17, 40, 63, 100, 250] {
                for text in texts {
                    var buffer = ByteBuffer(capacity: capacity)
                    let fill = [UInt8](repeating: UInt8(ascii: "x"), count: filler)
                    buffer.write(region: 0) { region in
                        region.reserve(fill.count)
                        fill.withUnsafeBufferPointer { region.room.copy($0) }
                        for _ in 0..<3 {
                            var text = text
                            text.withUTF8 { utf8 in
                                region.reserve(ByteBuffer.Room.stringSize(utf8.count))
                                region.room.string(utf8)
                            }
                            region.byte(UInt8(ascii: ","))
                        }
                    }
                    let one = JSON.string(text).bytes + [UInt8(ascii: ",")]
                    let bytes = buffer.finish()
                    XCTAssertTrue(bytes == fill + one + one + one, "capacity \(capacity), filler \(filler), \(text.prefix(20))")
                }
            }
        }
    }
}
