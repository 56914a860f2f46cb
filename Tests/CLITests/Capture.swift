import Foundation
import CLI

/// Collects what a command writes to stdout and stderr.
final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""
    let isTerminal: Bool

    init(terminal: Bool = false) { isTerminal = terminal }

    var stdout: String { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }

    var output: Output {
        Output(writeOut: { text in self.lock.withLock { self.out += text } },
               writeErr: { text in self.lock.withLock { self.err += text } },
               stderrIsTerminal: isTerminal)
    }
}
