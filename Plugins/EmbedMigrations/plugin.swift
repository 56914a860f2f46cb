// Build-tool plugin: embeds a module's SQL migrations (Migrations/NNN_name.sql) into the binary
// as generated Swift, so that `anwei` is one self-contained file.
import Foundation
import PackagePlugin

@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let sqlFiles = module.sourceFiles
            .map(\.url)
            .filter { $0.pathExtension == "sql" && $0.deletingLastPathComponent().lastPathComponent == "Migrations" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [.buildCommand(
            displayName: "Embedding \(sqlFiles.count) SQL migration(s) of \(target.name)",
            executable: try context.tool(named: "EmbedFiles").url,
            arguments: [output.path] + sqlFiles.map(\.path),
            inputFiles: sqlFiles,
            outputFiles: [output])]
    }
}
