// Human-readable, unique hazard codes: YH-<year found>-<six-digit serial within that year>.
import Kernel

enum HazardCodes {
    static func next(year: Int, _ tx: WriteTransaction) throws -> String {
        try tx.db.execute("INSERT INTO hazards_code_counters (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1", [year])
        let serial = try tx.db.scalarInt("SELECT last FROM hazards_code_counters WHERE year = ?", [year])
        let digits = String(serial)
        return "YH-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
