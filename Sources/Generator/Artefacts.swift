import Output
import Render
import Platform

/// Files beyond the Kustomize tree: workflows, Dockerfiles, monitoring rules, scripts and docs.
///
/// Each concern contributes through one line below, calling a function in its own file of this
/// module (e.g. `WorkflowFiles.swift`) that returns plan files with a header in the file's own
/// comment syntax. Shared files (scope `shared`) are written by every run; per-environment files
/// take the environment's name as scope, so `gen staging` leaves production's files alone.
extension Generator {
    static func artefacts(for environments: [Environment], all stacks: [Stack], product: Product) throws -> [FilePlan.File] {
        var files: [FilePlan.File] = []
        files += try backupFiles(product)
        // Documents that describe every environment, whichever ones this run generates.
        files.append(FilePlan.File(path: "docs/architecture.md", contents: ArchitectureDocument.markdown(stacks, product: product), scope: "shared"))
        files.append(FilePlan.File(path: "docs/secrets.md", contents: SecretsDocument.markdown(stacks, product: product), scope: "shared"))
        files.append(FilePlan.File(path: DisasterRecoveryDocument.path,
                                   contents: try DisasterRecoveryDocument.markdown(stacks.map(\.environment), product: product), scope: "shared"))
        files.append(FilePlan.File(path: KeyRotation.documentPath,
                                   contents: Markdown.header(title: "Backup key rotation", product: product)
                                       + (try KeyRotation.markdown(product, stacks.map(\.environment))),
                                   scope: "shared"))
        files.append(FilePlan.File(path: ClusterPrerequisites.ingressValuesFile, contents: try IngressControllerValues.yaml(product), scope: "shared"))
        files.append(FilePlan.File(path: ProductRepository.clusterSecretsScript, contents: SecretsDocument.clusterScript(product), scope: "shared"))
        files.append(FilePlan.File(path: ClusterPrerequisites.monitoringValuesFile, contents: try MonitoringStackValues.yaml(product),
                                   scope: "shared"))
        files.append(FilePlan.File(path: ImageChecks.ignoreFile,
                                   contents: try ImageChecks.ignoreFileContents(product.acceptedVulnerabilities,
                                                                                header: FileHeader.lines(command: product.regenerateCommand())),
                                   scope: "shared"))
        for stack in stacks where environments.contains(where: { $0.name == stack.environment.name }) {
            files.append(FilePlan.File(path: ProductRepository.secretsScript(stack.environment),
                                       contents: SecretsDocument.script(stack), scope: stack.environment.name))
            files.append(FilePlan.File(path: HighAvailabilityTest.path(stack.environment),
                                       contents: try HighAvailabilityTest.script(stack), scope: stack.environment.name))
        }
        files += try WorkflowFiles.files(environments, all: stacks, product: product)
        files += try MonitoringFiles.files(for: environments, all: stacks.map(\.environment), product: product)
        return files
    }
}
