// `anwei overview`: what is waiting for the acting user (待办), oldest first — the same list as
// GET /api/v1/overview, from every module's sources.
import CLI
import Kernel

enum OverviewCommand {
    static func command(_ session: Session) -> Command {
        Command("overview", summary: "what is waiting for you (待办): assignments to designate, re-drawn rounds, open requests …, oldest first",
                examples: ["anwei overview", "anwei overview --as anweiban --json", "anwei overview --csv > 待办.csv"]) { invocation in
            try session.environment.run(invocation) { core, actor in
                let sources = allDomains.flatMap(\.overview)
                let items = try core.read { try Overview.items(sources, $0, actor, core.today, settings: core.settings) }
                Render.list(items, columns: ["age_days", "module", "title", "detail", "link"], invocation)
            }
        }
    }
}
