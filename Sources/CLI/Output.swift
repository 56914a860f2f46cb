// Where a command writes: standard output for results, standard error for errors and progress.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The two streams of a command, replaceable in tests.
public struct Output: Sendable {
    public var writeOut: @Sendable (String) -> Void
    public var writeErr: @Sendable (String) -> Void
    /// Whether stderr is a terminal (progress is shown only then).
    public var stderrIsTerminal: Bool

    public init(writeOut: @escaping @Sendable (String) -> Void, writeErr: @escaping @Sendable (String) -> Void,
                stderrIsTerminal: Bool = false) {
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The process's own stdout and stderr, written unbuffered with write(2).
    public static var standard: Output {
        Output(writeOut: { writeAll(1, $0) }, writeErr: { writeAll(2, $0) }, stderrIsTerminal: isatty(2) == 1)
    }

    /// Writes `text` and a newline to stdout.
    public func line(_ text: String = "") { writeOut(text + "\n") }
    /// Writes one line to stderr.
    public func error(_ text: String) { writeErr(text + "\n") }
}

private func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 { if errno == EINTR { continue }; return }
        offset += n
    }
}
