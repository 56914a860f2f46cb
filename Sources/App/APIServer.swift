// The HTTP side of the composition root: every route (kernel and domains) behind one router,
// served by the HTTP module, with the event dispatcher running beside it.
import Foundation
import HTTP
import Kernel
import Web

/// A running Anwei server.
public final class APIServer: Sendable {
    public let application: Application
    public let http: HTTPServer
    public let port: Int
    public let metrics: ServerMetrics
    public let background: ServerBackground

    /// Every route of the API: the kernel's, then each domain's.
    public static func routes(_ app: Application, metrics: ServerMetrics, metricsFromAnywhere: Bool = false) -> [APIRoute] {
        let store = app.records
        // The document is made once the routes are all known, and only its bytes are kept: the
        // route that serves it holds no reference to the routes (no cycle through its closure).
        let document = Locked<[UInt8]>([])
        var routes = KernelRoutes.routes(
            store: store,
            ready: { Migrator.isCurrent(app.core.database, Application.allMigrations) },
            metricsText: { metricsText(app, metrics) },
            metricsFromAnywhere: metricsFromAnywhere,
            openAPI: { document.current })
        for domain in app.domains { routes += domain.routes(app.core) }
        routes.append(Overview.route(app.domains.flatMap(\.overview)))
        routes += WebhookRoutes.routes()
        routes.append(SystemCheckRoute.route(app))
        let made = openAPIText(routes)
        document.withLock { $0 = Array(made.utf8) }
        return routes
    }

    /// The OpenAPI document of `routes` as served, printed by `anwei docs openapi` and committed
    /// as Docs/openapi.json: the same bytes all three.
    public static func openAPIText(_ routes: [APIRoute]) -> String {
        OpenAPI.document(routes, version: Version.current).pretty + "\n"
    }

    static func metricsText(_ app: Application, _ metrics: ServerMetrics) -> String {
        var text = metrics.prometheusText()
        text += "# HELP anwei_db_pool_waits_total Times a request waited for a free database reader.\n# TYPE anwei_db_pool_waits_total counter\n"
        text += "anwei_db_pool_waits_total \(app.core.database.poolWaits)\n"
        text += "# HELP anwei_event_delivery_backlog Event deliveries pending.\n# TYPE anwei_event_delivery_backlog gauge\n"
        text += "anwei_event_delivery_backlog \(app.dispatcher.backlog())\n"
        text += DatabaseMetrics.text(app.core.database)
        return text
    }

    /// Starts serving `app` (port 0 picks a free port) and the event dispatcher.
    /// - Parameter tickInterval: seconds between runs of the scheduled checks (the first at start); 0 turns them off.
    public init(application app: Application, configuration: ServerConfiguration, metricsFromAnywhere: Bool = false,
                tickInterval: Double = 300, log: @escaping @Sendable (String) -> Void) throws {
        let metrics = ServerMetrics()
        let handler = APIHandler(core: app.core, routes: APIServer.routes(app, metrics: metrics, metricsFromAnywhere: metricsFromAnywhere), metrics: metrics)
        let router = handler.makeRouter(accessLog: log, errorLog: log)
        // The web pages (安委工作台) under `/`: they call the same routes in-process (no access-log
        // line or metric of their own for those calls; the page's request has both).
        let inProcess = APIHandler(core: app.core, routes: handler.routes, metrics: ServerMetrics()).makeRouter(accessLog: { _ in }, errorLog: log)
        WebSite(core: app.core, routes: handler.routes, api: inProcess.handler).mount(on: router)
        var configuration = configuration
        let database = app.core.database
        configuration.blockedHandlers = { database.blockedWrites }
        let http = HTTPServer(configuration: configuration, handler: router.handler, log: log, metrics: metrics)
        self.port = try http.start()
        self.http = http
        self.application = app
        self.metrics = metrics
        app.dispatcher.start()
        app.indexKeeper.start(log: log)
        var environment = ProcessInfo.processInfo.environment
        environment["ANWEI_TICK_INTERVAL"] = String(tickInterval)
        self.background = ServerBackground(core: app.core, tick: { try app.tick() }, environment: environment, log: log)
    }

    /// Graceful stop: no new connections, in-flight requests finish, events stop, the WAL is checkpointed.
    public func stop() {
        http.stop()
        background.stop()
        application.close()
    }
}

public enum Version {
    public static let current = "0.1.0"
}
