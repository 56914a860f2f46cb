// Published by Training (培训).

/// A certificate's review or expiry is near (at 90/60/30/7 days, once each) or has passed.
public struct CertificateExpiring: EventContract {
    public static let type = "training.certificate.expiring"
    public var certificateId: Int64
    public var personId: Int64
    public var enterpriseId: Int64?
    public var kind: String
    public var date: CalendarDate
    public var daysLeft: Int
    public init(certificateId: Int64, personId: Int64, enterpriseId: Int64?, kind: String, date: CalendarDate, daysLeft: Int) {
        self.certificateId = certificateId
        self.personId = personId
        self.enterpriseId = enterpriseId
        self.kind = kind
        self.date = date
        self.daysLeft = daysLeft
    }
}

public struct CertificateExpired: EventContract {
    public static let type = "training.certificate.expired"
    public var certificateId: Int64
    public var personId: Int64
    public var enterpriseId: Int64?
    public var date: CalendarDate
    public var status: String
    public init(certificateId: Int64, personId: Int64, enterpriseId: Int64?, date: CalendarDate, status: String) {
        self.certificateId = certificateId
        self.personId = personId
        self.enterpriseId = enterpriseId
        self.date = date
        self.status = status
    }
}

/// An enterprise's training turned red (principal person or safety manager untrained, operators uncertified).
public struct TrainingComplianceRed: EventContract {
    public static let type = "training.compliance.red"
    public var enterpriseId: Int64
    public var year: Int
    public var reasons: [String]
    public init(enterpriseId: Int64, year: Int, reasons: [String]) {
        self.enterpriseId = enterpriseId
        self.year = year
        self.reasons = reasons
    }
}
