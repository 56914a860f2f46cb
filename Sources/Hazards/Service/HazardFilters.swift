// List filters from the values the declared filters read (HTTP query and CLI options alike):
// names are already ids, choices already codes.
import Kernel

extension HazardStore.Filters {
    init(_ values: Values) {
        self.init(territoryID: values.id("territory_id"), sector: values.text("sector"), supervisingUnitID: values.id("supervising_unit_id"),
                  enterpriseID: values.id("enterprise_id"), status: values.text("status"), grade: values.text("grade"), source: values.text("source"),
                  overdue: values.bool("overdue"), stock: values.bool("stock"), publicFacing: values.bool("public_facing"), listed: values.bool("listed"),
                  text: values.text("q"), reviewDueBy: values.date("review_due_by"))
    }
}
