import Foundation
import XCTest
import CLI

final class OutputFileTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func kind(_ path: String) -> mode_t {
        var entry = stat()
        XCTAssertEqual(lstat(path, &entry), 0, path)
        return entry.st_mode & S_IFMT
    }

    func testANewFileAndAPlainFileAreWrittenWhole() throws {
        let path = folder + "/纪要.html"
        try OutputFile.write(Array("第一版".utf8), to: path)
        try OutputFile.write(Array("第二版".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "第二版")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["纪要.html"], "no partial file left beside it")
    }

    func testAPipeIsWrittenThroughAndStaysAPipe() throws {
        // A named pipe stands for /dev/stdout or /dev/null here: a rename would have put a plain file in its place.
        let pipe = folder + "/pipe"
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let received = Locked(Data())
        let reader = Thread { received.withLock { $0 = FileHandle(forReadingAtPath: pipe)?.readDataToEndOfFile() ?? Data() } }
        reader.start()
        try OutputFile.write(Array("经由管道".utf8), to: pipe)
        while !reader.isFinished { usleep(1000) }
        XCTAssertEqual(String(decoding: received.current, as: UTF8.self), "经由管道")
        XCTAssertEqual(kind(pipe), S_IFIFO)
    }

    func testALinkIsWrittenThroughAndStaysALink() throws {
        let file = folder + "/real.pdf", link = folder + "/link.pdf"
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        try OutputFile.write(Array("new".utf8), to: link)
        XCTAssertEqual(kind(link), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "new")
    }

    func testAMissingFolderAndAFolderAreRefusedNamingThem() {
        XCTAssertThrowsError(try OutputFile.write([1], to: folder + "/nowhere/x.pdf")) { error in
            XCTAssertEqual((error as? CommandError)?.code, .notFound)
            XCTAssertEqual((error as? CommandError)?.message, "找不到目录 \(folder)/nowhere，无法写入 \(folder)/nowhere/x.pdf (no such folder)")
        }
        XCTAssertThrowsError(try OutputFile.write([1], to: folder)) { error in
            XCTAssertEqual((error as? CommandError)?.code, .failure)
            XCTAssertEqual((error as? CommandError)?.message, "\(folder) 是目录，请给出文件名 (a folder; name a file)")
        }
    }
}

/// A value guarded by a lock, for the reader thread.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock(_ body: (inout Value) -> Void) { lock.lock(); body(&value); lock.unlock() }
    var current: Value { lock.lock(); defer { lock.unlock() }; return value }
}
