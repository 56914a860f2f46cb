// List filters from the values the declared filters read (HTTP query and CLI options alike):
// names are already ids, choices already codes.
import Kernel

extension HazardService {
    func filters(_ values: Values) -> HazardStore.Filters {
        var filters = HazardStore.Filters()
        filters.territoryID = values.id("territory_id")
        filters.supervisingUnitID = values.id("supervising_unit_id")
        filters.enterpriseID = values.id("enterprise_id")
        filters.sector = values.text("sector")
        filters.status = values.text("status")
        filters.grade = values.text("grade")
        filters.source = values.text("source")
        filters.overdue = values.bool("overdue")
        filters.stock = values.bool("stock")
        filters.publicFacing = values.bool("public_facing")
        filters.listed = values.bool("listed")
        filters.text = values.text("q")
        return filters
    }
}
