// `anwei org <units|groups|territories|enterprises|people|posts> <add|list|show|update|import>`.
import CLI
import Kernel

enum OrgCommands {
    static func command(_ session: Session) -> Command {
        let store = RecordStore(RegistrySchemas.all)
        return Command("org", summary: "the organisation: member units, special groups, territories, enterprises, people, posts",
                       discussion: "The registry every module refers to (domain.md §2).",
                       examples: ["anwei org units list", "anwei org enterprises add --name 某化工有限公司 --credit-code 91320100MA1XXXXXXX --territory 东城镇 --industry hazardousChemicals --supervising-unit 区应急局",
                                  "anwei org enterprises import enterprises.csv --dry-run"],
                       subcommands: RegistrySchemas.all.map { RecordCommands.group($0, store: store, environment: session.environment, prefix: "anwei org") })
    }
}
