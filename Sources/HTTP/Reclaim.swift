// Making room at a connection limit, as nginx does with its reusable connections: a connection
// that waits for its first request, or idles between requests, holds a socket and a slot but no
// work in progress, so when a new connection needs its slot the longest-waiting of them are closed
// (silently, as an idle timeout closes them). A client that opens hundreds of connections and
// sends nothing then only pushes its own oldest ones out, instead of locking everyone else out
// until the read timeout.
#if canImport(Glibc)
import Glibc
#endif

extension HTTPServer {
    /// Closes a batch of the connections that have waited longest for a request (those from
    /// `address` only, when given) and returns how many it closed: none when every connection is
    /// busy with a request. `remote` (the address as text) is for the log.
    func reclaim(among address: ClientAddress?, remote: String = "", reactor: Reactor) -> Int {
        let (oldest, wanted) = oldestReusable(among: address)
        var closed = 0
        // In order, until enough are closed: one that a worker has just taken (its request arrived
        // meanwhile) is passed over for the next.
        for (connection, token) in oldest where closed < wanted && connection.claim(token: token) {
            // Claimed: it was waiting in the reactor, and nothing can change it until released.
            if connection.isReusable {
                finish(connection)
                closed += 1
            } else if !connection.release(to: reactor) {
                finish(connection)
            }
        }
        if closed > 0 {
            metrics?.connectionsReclaimed(closed)
            let scope = address == nil ? ConnectionLimit.maxConnections : .maxConnectionsPerClient
            let client = address == nil ? "" : " remote=\(remote)"
            log("time=\(HTTPDate.nowRFC3339()) level=warn msg=\"waiting connections closed to make room\" count=\(closed) limit=\(scope.rawValue)\(client)")
        }
        return closed
    }

    /// The connections (with the token of the socket each had) that have waited longest for a
    /// request, oldest first, picked in one pass over every connection: `wanted` to close
    /// (`ConnectionLimits.batch`), and a few more in case some are taken meanwhile.
    private func oldestReusable(among address: ClientAddress?) -> (oldest: [(Connection, UInt64)], wanted: Int) {
        slots.withLock { slots in
            var waiting: [(since: Double, index: Int)] = []
            for (index, connection) in slots.all.enumerated() where connection.fd >= 0 {
                let since = connection.reusableSince
                guard since < .infinity else { continue }
                if let address, connection.address != address { continue }
                waiting.append((since, index))
            }
            let wanted = ConnectionLimits.batch(reusable: waiting.count)
            let kept = wanted + 8
            // The `kept` smallest, in order: most connections compare once, with the last kept.
            var chosen: [(since: Double, index: Int)] = []
            chosen.reserveCapacity(kept + 1)
            for candidate in waiting where chosen.count < kept || candidate.since < chosen[chosen.count - 1].since {
                let at = chosen.firstIndex { $0.since > candidate.since } ?? chosen.count
                chosen.insert(candidate, at: at)
                if chosen.count > kept { chosen.removeLast() }
            }
            return (chosen.map { (slots.all[$0.index], slots.all[$0.index].token) }, wanted)
        }
    }
}
