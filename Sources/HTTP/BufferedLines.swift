// Log lines gathered in memory and written in large writes: one write(2) for many access-log
// lines instead of one per request. Written out when 64 KiB have gathered, at the latest
// `flushInterval` after a line was added (a background thread looks), and on `flush()`.
// Lines from different threads never interleave and keep their order. A crash loses at most the
// lines of the last `flushInterval`; a clean stop loses none (call `flush()` before exiting).
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public final class BufferedLines: Sendable {
    public let flushInterval: Double
    private let fd: Int32
    private let pending = ThreadLock<[UInt8]>([])
    /// Held while a batch is written, so that batches leave in the order they were taken.
    private let writing = ThreadMutex()
    private let limit = 65536

    /// Lines for file descriptor `fd` (2: stderr). Starts the thread that flushes every `flushInterval` seconds.
    public init(fd: Int32 = 2, flushInterval: Double = 0.2) {
        self.fd = fd
        self.flushInterval = flushInterval
        let thread = Thread { [weak self] in
            while let interval = self?.flushInterval {
                usleep(UInt32(interval * 1_000_000))
                guard let self else { return }
                self.flush()
            }
        }
        thread.start()
    }

    /// Adds `line` and a newline.
    public func write(_ line: String) {
        let full: Bool = pending.withLock { buffer in
            buffer.appendUTF8(of: line)
            buffer.append(10)
            return buffer.count >= limit
        }
        if full { flush() }
    }

    /// `write` as a log sink.
    public var sink: @Sendable (String) -> Void { { [self] line in write(line) } }

    /// Writes out every line added so far.
    public func flush() {
        writing.withLock {
            let batch: [UInt8] = pending.withLock { buffer in
                var taken: [UInt8] = []
                swap(&taken, &buffer)
                return taken
            }
            guard !batch.isEmpty else { return }
            StandardError.writeAll(batch, to: fd)
        }
    }
}
