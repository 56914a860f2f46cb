// List filters from HTTP query parameters or CLI options (same names, same errors).
import Kernel

extension HazardService {
    public static let filterNames = ["territory_id", "sector", "supervising_unit_id", "enterprise_id", "status", "grade", "source",
                                     "overdue", "stock", "public_facing", "listed", "q"]

    /// Reads the filters; ids may be given as names (东城镇, 区应急管理局).
    func filters(_ value: (String) -> String?, _ db: Connection) throws -> HazardStore.Filters {
        var given = Given([:])
        for name in Self.filterNames { if let v = value(name) { given.values[name] = .string(v) } }
        var filters = HazardStore.Filters()
        func id(_ field: String, _ table: String) throws -> Int64? {
            guard let text = given.text(field) else { return nil }
            guard let id = try RegistryLookup.resolve(table, text, db) else { given.fail(field, "unknown", "no \(field.replacingOccurrences(of: "_id", with: "")) \(text)"); return nil }
            return id
        }
        filters.territoryID = try id("territory_id", "registry_territories")
        filters.supervisingUnitID = try id("supervising_unit_id", "registry_units")
        filters.enterpriseID = try id("enterprise_id", "registry_enterprises")
        filters.sector = given.choice("sector", Sector.codes)
        filters.status = given.choice("status", ["open"] + HazardStatus.allCases.map(\.rawValue))
        filters.grade = given.choice("grade", HazardGrade.allCases.map(\.rawValue))
        filters.source = given.choice("source", HazardSource.allCases.map(\.rawValue))
        filters.overdue = given.bool("overdue")
        filters.stock = given.bool("stock")
        filters.publicFacing = given.bool("public_facing")
        filters.listed = given.bool("listed")
        filters.text = given.text("q", max: 100)
        try given.check()
        return filters
    }
}
