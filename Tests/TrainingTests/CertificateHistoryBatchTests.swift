// Issue 23: compliance reads the histories of many certificates in one query
// (`TrainingHistory.certificates`) instead of one query per certificate; each certificate on each
// day must be the one read alone (`TrainingHistory.certificate`), reviews and revocations included.
import Kernel
import TestSupport
import XCTest
@testable import Training

final class CertificateHistoryBatchTests: TrainingTestCase {
    func testCertificatesReadTogetherAreEachAsReadAlone() throws {
        // A revocation recorded today, so that earlier days differ from the row.
        let certificates = try test.core.read { try $0.query("SELECT id FROM training_certificates WHERE type = 'specialOperation' ORDER BY id") }
        XCTAssertGreaterThan(certificates.count, 2)
        let revoked = test.cli(["training", "certificates", "revoke", String(certificates[1].requiredInt("id")), "--reason", "伪造证件"])
        XCTAssertEqual(revoked.code, 0, revoked.err)
        var compared = 0, differing = 0
        for day in ["2015-01-01", "2020-06-30", "2023-12-31", "2024-03-01", "2024-06-19", "2024-06-20", "2025-01-01"] {
            let on = try XCTUnwrap(CalendarDate(iso: day))
            try test.core.read { db in
                let rows = try db.query("SELECT * FROM training_certificates WHERE type = 'specialOperation' ORDER BY person_id, id")
                let together = try TrainingHistory.certificates(rows, on: on, db)
                let alone = try rows.compactMap { try TrainingHistory.certificate($0, on: on, db) }
                XCTAssertEqual(together.count, alone.count, day)
                for (a, b) in zip(together, alone) {
                    XCTAssertEqual(a.columns, b.columns)
                    XCTAssertEqual(a.values, b.values, "certificate \(a.requiredInt("id")) on \(day)")
                    compared += 1
                    if a.values != rows.first(where: { $0.requiredInt("id") == a.requiredInt("id") })?.values { differing += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, 10)
        XCTAssertGreaterThan(differing, 0, "some certificate stood otherwise on an earlier day than its row says")
    }
}
