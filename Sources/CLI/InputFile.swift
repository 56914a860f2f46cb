// Reading a file named on the command line, where "-" means standard input (`import -`).
import Foundation

public enum InputFile {
    /// The UTF-8 text of `path`, or of standard input when `path` is "-". A missing file is a
    /// not-found error and bytes that are not UTF-8 a validation error, both naming the file.
    public static func readText(_ path: String,
                                standardInput: @Sendable () -> Data = { FileHandle.standardInput.readDataToEndOfFile() })
        throws -> String {
        let data: Data
        let name = path == "-" ? "standard input" : path
        if path == "-" {
            data = standardInput()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandError(.notFound, "no such file: \(path)")
            }
            guard !isDirectory.boolValue, let contents = FileManager.default.contents(atPath: path) else {
                throw CommandError(.failure, "cannot read \(path)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError(.validation, "\(name) is not UTF-8 text (save it as UTF-8 and try again)")
        }
        return text
    }
}
