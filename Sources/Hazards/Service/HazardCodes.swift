// Human-readable, unique hazard codes: YH-<year found>-<six-digit serial within that year>.
import Kernel

enum HazardCodes {
    static func next(year: Int, _ tx: WriteTransaction) throws -> String {
        // One statement: the counter's new value comes back from the upsert itself.
        let serial = try tx.db.scalarInt("INSERT INTO hazards_code_counters (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last", [year])
        let digits = String(serial)
        return "YH-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
