// Build-tool plugin: embeds a module's web assets (Assets/*.css, *.js, *.svg) into the binary as
// generated Swift, so that `anwei` serves its pages' styles, script and icons with nothing beside it.
import Foundation
import PackagePlugin

@main
struct EmbedAssets: BuildToolPlugin {
    static let kinds: Set<String> = ["css", "js", "svg"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let files = module.sourceFiles
            .map(\.url)
            .filter { Self.kinds.contains($0.pathExtension) && $0.deletingLastPathComponent().lastPathComponent == "Assets" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) web asset(s) of \(target.name)",
            executable: try context.tool(named: "EmbedFiles").url,
            arguments: ["--assets", output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output])]
    }
}
