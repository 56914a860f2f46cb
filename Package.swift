// swift-tools-version: 6.1
// Anwei (安委): one package, one kernel, five domains, one executable.
// No third-party Swift packages: the toolchain and system C libraries only.
import PackageDescription

let domains = ["Responsibilities", "Supervision", "Hazards", "Training", "Consultations"]

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

var targets: [Target] = [
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // Linux's epoll and eventfd headers (Glibc's Swift module leaves them out); nothing to link.
    .systemLibrary(name: "CEpoll"),
    // HTTP and CLI are generic toolkits (they know nothing of the domain); the kernel builds the
    // API conventions and the registry on them; domains build on all three.
    .target(name: "HTTP", dependencies: ["CEpoll"], swiftSettings: strict),
    .target(name: "CLI", swiftSettings: strict),
    .target(name: "Kernel", dependencies: ["CSQLite", "CCrypto", "HTTP", "CLI"], swiftSettings: strict,
            plugins: ["EmbedMigrations"]),
]
for domain in domains {
    targets.append(.target(
        name: domain,
        dependencies: ["Kernel", "HTTP", "CLI"],
        swiftSettings: strict,
        plugins: ["EmbedMigrations"]))
    targets.append(.testTarget(
        name: "\(domain)Tests",
        dependencies: [.byName(name: domain), "Kernel", "TestSupport"],
        swiftSettings: strict))
}
targets += [
    .target(name: "App", dependencies: ["Kernel", "HTTP", "CLI", "CZlib", "Web"] + domains.map { .byName(name: $0) }, swiftSettings: strict),
    .executableTarget(name: "anwei", dependencies: ["App"], swiftSettings: strict),
    // The web pages (安委工作台): rendered from the API's own routes, so no domain import.
    .target(name: "Web", dependencies: ["Kernel", "HTTP", "CLI"], swiftSettings: strict, plugins: ["EmbedAssets"]),
    .plugin(name: "EmbedAssets", capability: .buildTool(), dependencies: ["EmbedFiles"]),
    .testTarget(name: "WebTests", dependencies: ["Web", "Kernel", "HTTP", "TestSupport"], swiftSettings: strict),
    .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["EmbedFiles"]),
    .executableTarget(name: "EmbedFiles", path: "Plugins/EmbedFiles"),
    .target(name: "BoundaryRules", path: "Plugins/BoundaryRules"),
    .executableTarget(name: "boundary-check", dependencies: ["BoundaryRules"], path: "Plugins/BoundaryCheckTool"),
    .plugin(
        name: "CheckBoundaries",
        capability: .command(
            intent: .custom(verb: "check-boundaries", description: "Fail when a domain imports another domain or the kernel imports a domain")),
        dependencies: ["boundary-check"],
        path: "Plugins/CheckBoundaries"),
    .target(name: "TestSupport", dependencies: ["Kernel", "App", "HTTP", "CLI"], path: "Tests/TestSupport", swiftSettings: strict),
    .testTarget(name: "KernelTests", dependencies: ["Kernel", "TestSupport"], swiftSettings: strict),
    .testTarget(name: "HTTPTests", dependencies: ["HTTP"], swiftSettings: strict),
    .testTarget(name: "CLITests", dependencies: ["CLI"], swiftSettings: strict),
    .testTarget(name: "AppTests", dependencies: ["App", "Kernel", "HTTP", "CLI", "TestSupport", "BoundaryRules"], swiftSettings: strict),
    .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Kernel"], swiftSettings: strict),
]

// Fuzzing (Docs/fuzzing.md, .ci/fuzz.sh): only with ANWEI_FUZZ=1 in the environment are the parsers'
// targets built with libFuzzer's coverage and AddressSanitizer, and the Fuzz* executables declared.
// The normal build never sees these unsafe flags.
if Context.environment["ANWEI_FUZZ"] == "1" {
    // Built with `-c release` for speed; `-enable-testing` lets the targets reach the parsers' internals.
    let sanitize: SwiftSetting = .unsafeFlags(["-sanitize=fuzzer,address"])
    let fuzzed = ["HTTP", "CLI", "Kernel", "Responsibilities"]
    for target in targets where fuzzed.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=fuzzer,address", "-enable-testing"])]
    }
    targets.append(.target(name: "FuzzSupport", swiftSettings: strict))
    let fuzzers: [(name: String, modules: [String])] = [
        ("FuzzHTTP", ["HTTP"]), ("FuzzJSON", ["Kernel"]), ("FuzzCSV", ["CLI"]), ("FuzzPlan", ["Responsibilities", "Kernel"]),
    ]
    for fuzzer in fuzzers {
        targets.append(.executableTarget(
            name: fuzzer.name,
            dependencies: fuzzer.modules.map { .byName(name: $0) } + ["FuzzSupport"],
            swiftSettings: strict + [sanitize],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])]))
    }
}

let package = Package(
    name: "Anwei",
    platforms: [.macOS(.v14)],
    products: [.executable(name: "anwei", targets: ["anwei"])],
    targets: targets
)
