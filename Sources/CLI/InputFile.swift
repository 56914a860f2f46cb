// Reading a file named on the command line, where "-" means standard input (`import -`).
import Foundation

public enum InputFile {
    /// The UTF-8 text of `path`, or of standard input when `path` is "-". A missing file is a
    /// not-found error and bytes that are not UTF-8 a validation error, both naming the file.
    public static func readText(_ path: String,
                                standardInput: @Sendable () -> Data = { FileHandle.standardInput.readDataToEndOfFile() })
        throws -> String {
        let name = path == "-" ? "标准输入" : path
        guard let text = String(data: try readData(path, standardInput: standardInput), encoding: .utf8) else {
            throw CommandError(.validation, "\(name) 不是 UTF-8 文本，请另存为 UTF-8 编码后重试（Excel：另存为“CSV UTF-8”） (not UTF-8 text; save it as UTF-8 and try again)")
        }
        return text
    }

    /// The bytes of `path`, or of standard input when `path` is "-" (a document in any encoding).
    /// A missing file is a not-found error, a folder or an unreadable file a failure, both naming it.
    public static func readBytes(_ path: String,
                                 standardInput: @Sendable () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws -> [UInt8] {
        Array(try readData(path, standardInput: standardInput))
    }

    private static func readData(_ path: String, standardInput: @Sendable () -> Data) throws -> Data {
        if path == "-" { return standardInput() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError(.notFound, "找不到文件 \(path) (no such file)")
        }
        guard !isDirectory.boolValue, let contents = FileManager.default.contents(atPath: path) else {
            throw CommandError(.failure, "无法读取 \(path) (cannot read it)")
        }
        return contents
    }
}
