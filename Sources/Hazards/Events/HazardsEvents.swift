// What Hazards handles: a supervision finding flagged as a hazard becomes a hazard (source = that
// finding), once — the origin key `finding:<id>` is unique, so a redelivered event changes nothing;
// a 挂牌督办 instrument naming a hazard lists it (InstrumentListing), once per instrument.
import Kernel

enum HazardsEvents {
    static func subscriptions(_ service: HazardService) -> [Subscription] {
        [
            Subscription.on(FindingRecorded.self, id: "hazards.create-from-finding") { finding, event, tx in
                guard finding.isHazard else { return }
                let key = "finding:\(finding.findingId)"
                if try tx.db.queryOne("SELECT id FROM hazards_hazards WHERE origin_key = ?", [key]) != nil { return }
                // Without an enterprise or a territory there is nowhere to register it (domain rule: a
                // hazard is located). Without a territory, register takes the enterprise's.
                guard finding.enterpriseId != nil || finding.territoryId != nil else { return }
                var fields = Values([
                    "description": .text(finding.text),
                    "grade": .text(finding.hazardGrade == "major" ? "major" : "general"),
                    "found_on": .date(CalendarDate(Instant.parse(event.occurredAt) ?? tx.now)),
                ])
                if let enterprise = finding.enterpriseId { fields.set("enterprise_id", .integer(enterprise)) } else { fields.set("place", .text("督导检查发现（见检查记录 \(finding.inspectionId)）")) }
                if let territory = finding.territoryId { fields.set("territory_id", .integer(territory)) }
                if let unit = finding.responsibleUnitId { fields.set("supervising_unit_id", .integer(unit)) }
                if let sector = finding.sector, Sector.isKnown(sector) { fields.set("sector", .text(sector)) }
                else if finding.enterpriseId == nil { fields.set("sector", .text("other")) }
                if let deadline = finding.deadline { fields.set("deadline", .date(deadline)) }
                _ = try service.register(fields, origin: .init(key: key, source: .supervisionFinding), tx)
            },
            Subscription.on(InstrumentIssued.self, id: "hazards.list-from-instrument") { instrument, event, tx in
                try InstrumentListing.apply(instrument, event: event, service: service, tx)
            },
            FollowEnterprise.subscription(service),
        ]
    }
}
