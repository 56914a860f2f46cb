// What `serve` and `migrate` do when they start: make the registry's kept JSON forms that are
// missing (after the upgrade that added them, or an edit outside Anwei). Pages are right without
// them, only slower, so a failure here is said and does not stop the command.
import CLI
import Kernel

enum RegistryForms {
    static func keep(_ store: RecordStore, _ database: Database, _ output: Output) {
        do {
            let made = try store.keepStoredForms(database)
            if made > 0 { output.error("kept the JSON form of \(made) registry record(s) written without one") }
        } catch {
            output.error("warning: could not keep the registry's JSON forms (\(error)); lists are written from the columns until the next start")
        }
    }
}
