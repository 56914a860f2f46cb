// A read transaction held open by a statement left running, instead of BEGIN … COMMIT.
//
// Outside BEGIN, SQLite keeps a connection's read transaction open while any statement on it is
// still running: every statement run meanwhile reads the same snapshot, as inside BEGIN DEFERRED …
// COMMIT. `Database.read` opens its reads so, with `PRAGMA data_version` stepped to its row and
// left there; resetting it ends the read. That spares the two statements BEGIN and COMMIT on
// every read, and the data version it reads is the one the memo checks its values against.
import CSQLite

extension Connection {
    /// Begins a read: the snapshot every statement until `endRead()` sees.
    func beginRead() throws {
        let statement = try prepared(Self.dataVersionSQL)
        let rc = sqlite3_step(statement)
        guard rc == SQLITE_ROW else {
            sqlite3_reset(statement)
            throw error(rc, Self.dataVersionSQL)
        }
        heldRead = (statement, sqlite3_column_int64(statement, 0))
    }

    /// Ends the read `beginRead()` began. (A transaction the body began itself, which no reader
    /// does, is rolled back rather than left open on a pooled connection.)
    func endRead() {
        if let heldRead {
            sqlite3_reset(heldRead.statement)
            self.heldRead = nil
        }
        if isInTransaction { _ = try? executeScript("ROLLBACK") }
    }
}
