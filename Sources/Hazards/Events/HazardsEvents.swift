// What Hazards handles: a supervision finding flagged as a hazard becomes a hazard (source = that
// finding), once — the origin key `finding:<id>` is unique, so a redelivered event changes nothing.
import Kernel

enum HazardsEvents {
    static func subscriptions(_ service: HazardService) -> [Subscription] {
        [
            Subscription.on(FindingRecorded.self, id: "hazards.create-from-finding") { finding, event, tx in
                guard finding.isHazard else { return }
                let key = "finding:\(finding.findingId)"
                if try tx.db.queryOne("SELECT id FROM hazards_hazards WHERE origin_key = ?", [key]) != nil { return }
                var territory = finding.territoryId
                if territory == nil, let enterprise = finding.enterpriseId {
                    territory = try RegistryLookup.enterprise(enterprise, tx.db)?.int("territory_id")
                }
                // Without an enterprise or a territory there is nowhere to register it (domain rule: a hazard is located).
                guard finding.enterpriseId != nil || territory != nil else { return }
                var fields: [String: JSON] = [
                    "description": .string(finding.text),
                    "grade": .string(finding.hazardGrade == "major" ? "major" : "general"),
                    "found_on": .string(CalendarDate(Instant.parse(event.occurredAt) ?? tx.now).iso),
                ]
                if let enterprise = finding.enterpriseId { fields["enterprise_id"] = .int(enterprise) } else { fields["place"] = .string("督导检查发现（见检查记录 \(finding.inspectionId)）") }
                if let territory { fields["territory_id"] = .int(territory) }
                if let unit = finding.responsibleUnitId { fields["supervising_unit_id"] = .int(unit) }
                if let sector = finding.sector, Sector.isKnown(sector) { fields["sector"] = .string(sector) }
                else if finding.enterpriseId == nil { fields["sector"] = "other" }
                if let deadline = finding.deadline { fields["deadline"] = .string(deadline.iso) }
                _ = try service.register(Given(fields), origin: .init(key: key, source: .supervisionFinding), tx)
            },
        ]
    }
}
