import Kernel
import XCTest

final class AttachmentContentTests: XCTestCase {
    func testTheTypeComesFromTheBytesNotFromTheName() {
        XCTAssertEqual(AttachmentContent.sniff([0xFF, 0xD8, 0xFF, 0xE0]), "image/jpeg")
        XCTAssertEqual(AttachmentContent.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), "image/png")
        XCTAssertEqual(AttachmentContent.sniff(Array("%PDF-1.7\n".utf8)), "application/pdf")
        XCTAssertEqual(AttachmentContent.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)), "image/webp")
        XCTAssertEqual(AttachmentContent.sniff([0x50, 0x4B, 0x03, 0x04, 0x14]), "application/zip")
        XCTAssertNil(AttachmentContent.sniff(Array("<html><script>alert(1)</script>".utf8)))
        XCTAssertNil(AttachmentContent.sniff(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)))
        XCTAssertNil(AttachmentContent.sniff([0xFF, 0xD8]), "too short to be a JPEG")
        XCTAssertNil(AttachmentContent.sniff([]))
        XCTAssertFalse(AttachmentContent.isInline("application/zip"))
        XCTAssertTrue(AttachmentContent.isInline("image/png"))
    }

    func testCheckRefusesEmptyLargeUnknownAndMisdeclaredFilesNamingTheField() {
        func code(_ bytes: [UInt8], declared: String? = nil, max: Int = 100) -> String? {
            do { _ = try AttachmentContent.check(name: "a", declaredType: declared, bytes: bytes, field: "attachments[0]", maxBytes: max); return nil }
            catch let error as DomainError {
                XCTAssertEqual(error.kind, .validation)
                XCTAssertEqual(error.fieldErrors.first?.field, "attachments[0]")
                return error.fieldErrors.first?.code
            } catch { return "\(error)" }
        }
        XCTAssertEqual(code([]), "empty")
        XCTAssertEqual(code([0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 200)), "too_large")
        XCTAssertEqual(code(Array("<html>".utf8), declared: "text/html"), "not_accepted")
        XCTAssertEqual(code([0xFF, 0xD8, 0xFF, 0], declared: "image/png"), "type_mismatch")
        XCTAssertNil(code([0xFF, 0xD8, 0xFF, 0], declared: "IMAGE/JPEG"))
        XCTAssertNil(code([0x50, 0x4B, 0x03, 0x04], declared: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                     "an office document is a ZIP inside: its declared type is not compared")
    }
}
