// The contract values this process published, kept for the dispatcher (issue 23): a handler in the
// same process is given the value that was published instead of its payload decoded again (the
// decoding was ~56,000 instructions of a hazard create's ~400,000 of delivery, on the writer).
// A payload is its value encoded, and decoding it gives that value back (`ContractCodingTests`),
// so the handler sees the same value either way. A value is taken only with the exact payload it
// was published with: the id of a rolled-back event is used again by the next one.
final class PublishedValues: Sendable {
    /// At most this many are kept; past it they are all dropped (the dispatcher decodes those).
    static let capacity = 4096

    private struct Published: Sendable {
        var payload: String
        var value: any Sendable
    }

    private let values = Locked<[Int64: Published]>([:])

    /// Keeps `value`, published as event `id` with `payload`.
    func keep(_ id: Int64, payload: String, value: any Sendable) {
        values.withLock {
            if $0.count >= Self.capacity { $0.removeAll(keepingCapacity: true) }
            $0[id] = Published(payload: payload, value: value)
        }
    }

    /// The value published as event `id` with exactly `payload`, if this process kept it; once.
    func take(_ id: Int64, payload: String) -> (any Sendable)? {
        guard let kept = values.withLock({ $0.removeValue(forKey: id) }), kept.payload == payload else { return nil }
        return kept.value
    }

    var count: Int { values.current.count }
}
