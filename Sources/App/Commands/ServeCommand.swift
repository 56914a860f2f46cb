// `anwei serve`: the HTTP API on one database (or `--demo`, on the embedded demo database).
import CLI
import Foundation
import HTTP
import Kernel

enum ServeCommand {
    static func command(_ session: Session) -> Command {
        Command("serve", summary: "serve the HTTP API (GET /api/v1/openapi.json describes it)",
                discussion: "Applies pending migrations and makes the registry records' missing JSON forms, then serves until SIGTERM or SIGINT, then stops accepting, finishes requests in flight, closes the database cleanly and exits 0. One access-log line per request goes to stderr.",
                examples: ["anwei serve --db /var/lib/anwei/anwei.db --listen 127.0.0.1:8080", "anwei serve --demo"],
                options: [.value("listen", "HOST:PORT", help: "address to listen on", environment: "ANWEI_LISTEN", defaultValue: "127.0.0.1:8080"),
                          .flag("demo", help: "serve the demo database (built at --db, default ./anwei-demo.db, when missing)"),
                          .flag("metrics-public", help: "answer /metrics to any address (default: loopback only)"),
                          .value("today", "DATE", help: "run as if today were DATE (time still passes); --demo defaults to 2024-06-15"),
                          .value("max-body", "BYTES", help: "largest request body (default 10 MiB)"),
                          .value("tick-interval", "SECONDS", help: "run the scheduled checks at start and then every SECONDS (0: never, e.g. when cron runs 'anwei tick')",
                                 environment: "ANWEI_TICK_INTERVAL", defaultValue: "300"),
                          .value("max-connections", "N", help: "most connections open at once; at the limit the longest-waiting idle ones make room (default: the open-file limit less \(ConnectionLimits.reservedDescriptors))"),
                          .value("max-connections-per-client", "N", help: "most connections open at once from one client address; 0: no cap (default \(ConnectionLimits.defaultPerClient); behind a proxy every client is the proxy)",
                                 environment: "ANWEI_MAX_CONNECTIONS_PER_CLIENT"),
                          .value("workers", "N", help: "worker threads always ready (default: one per processor, at least 2); more start only while slow requests hold them all",
                                 environment: "ANWEI_WORKERS"),
                          .value("trusted-proxy", "ADDRESSES", help: "reverse proxies (addresses or CIDR blocks, comma-separated, e.g. 127.0.0.1) whose X-Forwarded-For names the client; without it the socket's peer is the client (the tip-off limits count per client)",
                                 environment: "ANWEI_TRUSTED_PROXIES"),
                          .value("read-timeout", "SECONDS", help: "a request must arrive within this (default 10; slower clients get 408)"),
                          .value("idle-timeout", "SECONDS", help: "keep-alive connections idle this long are closed (default 60)")]
                         + MemoryOptions.options) { invocation in
            TerminationSignals.blockInCurrentThread()
            try withDomainErrors {
                let listen = invocation.value("listen") ?? "127.0.0.1:8080"
                guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
                    throw CommandError.usage("选项 --listen 须写作 HOST:PORT（端口 0 到 65535），例如 127.0.0.1:8080，收到 '\(listen.prefix(80))' (--listen expects HOST:PORT)")
                }
                var configuration = ServerConfiguration()
                configuration.host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                configuration.port = port
                if let maxBody = try invocation.int("max-body") {
                    guard maxBody > 0 else { throw CommandError.usage("选项 --max-body 须为正整数，收到 \(maxBody) (--max-body must be positive)") }
                    configuration.maxBodyBytes = maxBody
                }
                if let workers = try invocation.int("workers") {
                    guard (1...256).contains(workers) else { throw CommandError.usage("选项 --workers 须为 1 到 256 之间的整数，收到 \(workers) (--workers expects 1 to 256)") }
                    configuration.workerThreads = workers
                }
                try MemoryOptions.workers(invocation, &configuration)
                let memory = try MemoryOptions.database(invocation)
                if let connections = try invocation.int("max-connections") {
                    guard connections > 0 else { throw CommandError.usage("选项 --max-connections 须为正整数，收到 \(connections) (--max-connections must be positive)") }
                    configuration.maxConnections = connections
                }
                if let perClient = try invocation.int("max-connections-per-client") {
                    guard perClient >= 0 else { throw CommandError.usage("选项 --max-connections-per-client 须为 0（不设上限）或更大的整数，收到 \(perClient) (--max-connections-per-client expects 0 or more)") }
                    configuration.maxConnectionsPerClient = perClient
                }
                if let proxies = invocation.value("trusted-proxy") {
                    do {
                        configuration.trustedProxies = try TrustedProxies(parsing: proxies.split(separator: ",").map(String.init))
                    } catch let error as TrustedProxyError {
                        throw CommandError.usage("选项 --trusted-proxy 须为以逗号分隔的地址或 CIDR 网段（例如 127.0.0.1,::1），收到 '\(error.entry.prefix(80))' (--trusted-proxy expects addresses or CIDR blocks separated by commas)")
                    }
                }
                for (name, apply) in [("read-timeout", { (v: Double) in configuration.readTimeout = v }), ("idle-timeout", { (v: Double) in configuration.idleTimeout = v })] as [(String, (Double) -> Void)] {
                    if let text = invocation.value(name) {
                        guard let seconds = Double(text), seconds > 0, seconds < 86_400 else { throw CommandError.usage("选项 --\(name) 须为秒数（大于 0、小于 86400，例如 10），收到 '\(text.prefix(40))' (--\(name) expects seconds)") }
                        apply(seconds)
                    }
                }
                var path = invocation.value("db") ?? "./anwei.db"
                let demo = invocation.flag("demo")
                if demo {
                    if invocation.options["db"] == nil || path == "./anwei.db" { path = "./anwei-demo.db" }
                    if !FileManager.default.fileExists(atPath: path) {
                        invocation.output.error("building the demo database at \(path)…")
                        invocation.output.error(try DemoCommand.build(path: path, output: invocation.output))
                    }
                }
                var clock: any Clock = SystemClock()
                if let text = invocation.value("today") ?? (demo ? DemoData.today.iso : nil) {
                    guard let today = CalendarDate(iso: text) else { throw CommandError.usage("选项 --today 须为日期 YYYY-MM-DD，收到 '\(text.prefix(40))' (--today expects YYYY-MM-DD)") }
                    clock = OffsetClock(today: today)
                }
                MemoryOptions.limitArenas()
                let app = try Application.open(path: path, clock: clock, memory: memory)
                RegistryForms.keep(app.records, app.core.database, invocation.output)
                let tickText = invocation.value("tick-interval") ?? "300"
                guard let tickInterval = Double(tickText), tickInterval >= 0 else { throw CommandError.usage("选项 --tick-interval 须为秒数（0 表示关闭），收到 '\(tickText.prefix(40))' (--tick-interval expects seconds, 0 turns it off)") }
                // The access log and server events go to stderr in batches (at most 0.2 s late), not a write per request.
                let log = BufferedLines(fd: 2, flushInterval: 0.2)
                let server = try APIServer(application: app, configuration: configuration, metricsFromAnywhere: invocation.flag("metrics-public"),
                                           tickInterval: tickInterval, log: log.sink)
                let url = "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(server.port)"
                invocation.output.line("Anwei \(Version.current) serving \(path) at \(url)  (API: \(url)/api/v1/openapi.json); today is \(app.core.today.iso)")
                invocation.output.line("安委工作台 (the web pages): open \(url)/ in a browser and sign in; 群众举报 (tip-offs, no account): \(url)/tipoff")
                if demo {
                    let token = try app.core.write(.localAdministrator) { tx -> String in
                        let admin = try Accounts(core: app.core).findUser("admin", tx.db)
                        return try Accounts(core: app.core).createToken(for: admin.requiredInt("id"), label: "serve --demo", lifetime: 86_400, tx).token
                    }
                    invocation.output.line("Demo users: \(DemoData.users.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")) — password \(DemoData.password)")
                    invocation.output.line("Token for admin (24 h): \(token)")
                    invocation.output.line("Try: curl -H 'Authorization: Bearer \(token)' \(url)/api/v1/org/units?limit=5")
                }
                let signal = TerminationSignals.wait()
                log.flush()
                invocation.output.error("received signal \(signal); stopping: finishing requests in flight…")
                server.stop()
                log.flush()
                invocation.output.error("stopped cleanly")
            }
        }
    }
}
