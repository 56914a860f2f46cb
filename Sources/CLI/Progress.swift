// Progress of long work (imports, exports, backups): one redrawn line on stderr when stderr is a
// terminal, nothing at all otherwise, so scripts, logs and `--json` output stay clean.
import Foundation

/// Safe to share between threads: its one piece of changing state is behind a lock.
public final class Progress: @unchecked Sendable {
    public let output: Output
    public let label: String
    public let total: Int
    /// Seconds between redraws (a 100,000-row import calls `update` far more often than a person reads).
    let every: Double
    let now: @Sendable () -> Double
    private let lock = NSLock()
    private var state = State()

    struct State {
        var started: Double?
        var lastDrawn: Double?
        var lastDone = -1
    }

    /// - Parameters:
    ///   - total: how many items the work has; not positive when unknown.
    ///   - every: the least time between two redraws, in seconds (the last item is always drawn).
    ///   - now: the clock, in seconds (tests give their own).
    public init(output: Output, label: String, total: Int, every: Double = 0.1,
                now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.output = output
        self.label = label
        self.total = total
        self.every = every
        self.now = now
    }

    /// A progress that is shown only for people: on a terminal, and only when the output is a
    /// table (with `--json` or `--csv` a program reads the result, and nothing is drawn).
    public static func forPeople(_ output: Output, format: OutputFormat, label: String, total: Int) -> Progress? {
        guard output.stderrIsTerminal, format == .table else { return nil }
        return Progress(output: output, label: label, total: total)
    }

    /// Redraws "label done/total (rate/s)" ("label done" when the total is unknown, i.e. not
    /// positive); at most once every `every` seconds, except for the first and the last item.
    public func update(_ done: Int) { update(done, of: total) }

    /// `update(_:)` with the total given now (work that learns its total once it has begun, such
    /// as an import once its file is read).
    public func update(_ done: Int, of total: Int) {
        guard output.stderrIsTerminal else { return }
        let time = now()
        let line: String? = lock.withLock {
            if state.started == nil { state.started = time }
            let last = total > 0 && done >= total
            if done == state.lastDone { return nil }
            if let drawn = state.lastDrawn, !last, time - drawn < every { return nil }
            state.lastDrawn = time
            state.lastDone = done
            var text = total > 0 ? "\(done)/\(total)" : "\(done)"
            if let started = state.started, time - started >= 0.05, done > 0 {
                text += " (\(Int((Double(done) / (time - started)).rounded()))/s)"
            }
            return text
        }
        // CR returns to the line start; ESC[K clears what a longer previous line left behind.
        if let line { output.writeErr("\r\(label) \(line)\u{1B}[K") }
    }

    /// Runs `work`, then ends `progress`'s line (if any) whether it succeeded or threw, so that
    /// the result or the error printed next starts on a line of its own.
    public static func finishing<T>(_ progress: Progress?, _ work: () throws -> T) rethrows -> T {
        defer { progress?.finish() }
        return try work()
    }

    /// Ends the progress line so that what follows starts on a fresh line.
    public func finish() {
        guard output.stderrIsTerminal else { return }
        output.writeErr("\n")
    }
}
