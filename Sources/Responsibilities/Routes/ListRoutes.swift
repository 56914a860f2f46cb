// Routes of the responsibility lists (leaders' lists, unit lists, chains, internal groups).
import Kernel

enum ListRoutes {
    static func routes(_ core: Core) -> [APIRoute] { [] }
}
