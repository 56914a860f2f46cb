// The server's connection objects and who holds them: all made so far, those free for the next
// socket, and how many are open per client address. Used only under `HTTPServer.slots`' lock.

struct Slots {
    var all: [Connection] = []
    var free: [Connection] = []
    private var perClient: [ClientAddress: Int] = [:]

    /// Connections open now.
    var inUse: Int { all.count - free.count }

    /// Connections open now from `address`.
    func count(of address: ClientAddress) -> Int { perClient[address] ?? 0 }

    /// A connection object (a free one, or a new one) holding the just-accepted socket `fd`.
    mutating func take(fd: Int32, remote: String, address: ClientAddress, server: HTTPServer) -> Connection {
        let connection: Connection
        if let reused = free.popLast() {
            connection = reused
        } else {
            connection = Connection(server: server)
            all.append(connection)
        }
        connection.open(fd: fd, remote: remote, address: address)
        perClient[address, default: 0] += 1
        return connection
    }

    /// A connection from `address` has closed.
    mutating func left(_ address: ClientAddress) {
        guard let count = perClient[address] else { return }
        perClient[address] = count > 1 ? count - 1 : nil
    }
}

/// What became of a just-accepted socket.
enum Admission {
    case admitted(Connection)
    /// `maxConnections` are open.
    case full
    /// `maxConnectionsPerClient` are open from its address.
    case clientFull
    case stopping
}

/// The limit that refused a connection, as logged and counted.
public enum ConnectionLimit: String, Sendable, CaseIterable {
    case maxConnections = "max_connections"
    case maxConnectionsPerClient = "max_connections_per_client"
}
