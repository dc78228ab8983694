import Output
import SecureMessenger

/// Files beyond the Kustomize tree: workflows, Dockerfiles, monitoring rules, scripts and docs.
///
/// Each concern contributes through one line below, calling a function in its own file of this
/// module (e.g. `WorkflowFiles.swift`) that returns plan files with a header in the file's own
/// comment syntax. Shared files (scope `shared`) are written by every run; per-environment files
/// take the environment's name as scope, so `gen staging` leaves production's files alone.
extension Generator {
    static func artefacts(for environments: [Environment]) throws -> [FilePlan.File] {
        var files: [FilePlan.File] = []
        files += try MonitoringFiles.files(for: environments)
        return files
    }
}
