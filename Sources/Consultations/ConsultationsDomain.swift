// 会商研判: quarterly risk consultation and the committee meetings, whose decisions become tasks.
import CLI
import Kernel

/// The Consultations module (domain.md §7).
public struct ConsultationsDomain: Domain {
    public init() {}
    public let name = "consultations"
    public let summary = "会商研判: risk consultation and committee meetings, decisions that become tasks"
    let service = ConsultationsService()

    public var migrations: [Migration] { Migration.embedded(module: name, embeddedMigrations) }
    public var subscriptions: [Subscription] { ConsultationsSubscriptions.all }
    public var overview: [OverviewSource] { [MeetingsDue.source] }
    public func routes(_ core: Core) -> [APIRoute] { ConsultationsRoutes.all(service) }

    public func command(_ environment: CommandEnvironment) -> Command {
        Command(name, summary: summary,
                discussion: "Meetings (会商研判, 第一议题, plenary, special groups): attendees, risks judged on the 红橙黄蓝 scale, decisions that become tracked tasks, quarterly compliance, the next consultation's agenda.",
                examples: ["anwei consultations meetings list --quarter 2024-Q1", "anwei consultations compliance --quarter 2024-Q1", "anwei consultations agenda --next"],
                subcommands: [KindCommands.kinds(environment, service), MeetingCommands.group(environment, service), OverviewCommands.decisions(environment),
                              OverviewCommands.compliance(environment), OverviewCommands.agenda(environment)])
    }

    public func scheduledChecks() -> [ScheduledCheck] {
        [ScheduledCheck(id: Compliance.checkID, summary: "a quarter ended without a required meeting: red, and consultations.meeting.missing once") { core in
            try Compliance.publishMissing(core)
        }]
    }

    public func loadDemo(_ core: Core) throws { try ConsultationsDemo.load(core) }
}
