import Output
import SecureMessenger

/// Files beyond the Kustomize tree: workflows, Dockerfiles, monitoring rules, scripts and docs.
///
/// Each concern contributes through one line below, calling a function in its own file of this
/// module (e.g. `WorkflowFiles.swift`) that returns plan files with a header in the file's own
/// comment syntax. Shared files (scope `shared`) are written by every run, so they are made from
/// `all` environments; per-environment files are made for the selected `environments` and take the
/// environment's name as scope, so `gen staging` leaves production's files alone.
extension Generator {
    static func artefacts(for environments: [Environment], all: [Environment]) throws -> [FilePlan.File] {
        var files: [FilePlan.File] = []
        files += try WorkflowFiles.files(all)
        return files
    }
}
