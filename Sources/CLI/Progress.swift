// Progress of long work (imports, exports, backups): one redrawn line on stderr when stderr is a
// terminal, nothing at all otherwise, so scripts and logs stay clean.

public struct Progress: Sendable {
    public let output: Output
    public let label: String
    public let total: Int

    public init(output: Output, label: String, total: Int) {
        self.output = output
        self.label = label
        self.total = total
    }

    /// Redraws "label done/total" (or "label done" when the total is unknown, i.e. not positive).
    public func update(_ done: Int) {
        guard output.stderrIsTerminal else { return }
        let count = total > 0 ? "\(done)/\(total)" : "\(done)"
        // CR returns to the line start; ESC[K clears what a longer previous line left behind.
        output.writeErr("\r\(label) \(count)\u{1B}[K")
    }

    /// Ends the progress line so that what follows starts on a fresh line.
    public func finish() {
        guard output.stderrIsTerminal else { return }
        output.writeErr("\n")
    }
}
