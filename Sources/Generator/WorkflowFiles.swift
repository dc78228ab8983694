import DocumentTree
import DockerfileModel
import Output
import Render
import Platform
import WorkflowModel

/// The GitHub Actions workflows (`.github/workflows/`) and the images' Dockerfiles with their
/// ignore files (`docker/<service>/`). CI and the images are shared files; each environment's
/// deploy workflow belongs to that environment, so `gen staging` leaves production's alone.
enum WorkflowFiles {
    /// `all`: every environment's stack (CI's kind job deploys each; zizmor's configuration covers
    /// each deploy workflow).
    static func files(_ environments: [Environment], all: [Stack], product: Product) throws -> [FilePlan.File] {
        let header = FileHeader.lines(command: product.regenerateCommand())
        var files = [try workflowFile(CI.workflow(product, stacks: all), command: product.regenerateCommand(), scope: "shared")]
        for env in environments {
            files.append(try workflowFile(Pipelines.deploy(env), command: product.regenerateCommand(env.name), scope: env.name))
        }
        files.append(try zizmorConfig(header: header, all.map(\.environment).filter { $0.namespace != nil }.map(Pipelines.deploy)))
        for image in Dockerfiles.images(product) {
            let path = Dockerfiles.path(image.service)
            files.append(FilePlan.File(path: path, contents: try image.dockerfile.render(header: header), scope: "shared"))
            // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile (the context is the repository root).
            files.append(FilePlan.File(path: "\(path).dockerignore", contents: image.ignore.render(header: header),
                                       scope: "shared"))
        }
        return files
    }

    /// `.github/zizmor.yml`: the deploy workflows that CI's success starts (`workflow_run`, which
    /// zizmor's dangerous-triggers audit flags in general) are accepted, with the reason in the file.
    static func zizmorConfig(header: [String], _ workflows: [Workflow]) throws -> FilePlan.File {
        let started = workflows.filter { $0.triggers.contains { if case .workflowRunCompleted = $0 { true } else { false } } }
        let document = DocNode.map([("rules", .map([
            ("dangerous-triggers", .map([("ignore", .sequence(started.map { .string($0.file) }))])),
        ]))])
        let reason = [
            "zizmor's configuration. dangerous-triggers: these workflows start when CI completes (workflow_run)",
            "and run only for CI's successful runs of pushes (github.event.workflow_run.event == 'push'),",
            "checking out that commit and deploying the images CI pushed for it; nothing else of the",
            "triggering run (artifacts, branch names, titles) is read.",
        ]
        return FilePlan.File(path: ".github/zizmor.yml", contents: try YAMLRenderer.render(document, header: header + reason),
                             scope: "shared")
    }

    static func workflowFile(_ workflow: Workflow, command: String, scope: String) throws -> FilePlan.File {
        let yaml = try YAMLRenderer.render(workflow.document(), header: FileHeader.lines(command: command))
        return FilePlan.File(path: ".github/workflows/\(workflow.file)", contents: PinnedActions.annotatingVersions(yaml),
                             scope: scope)
    }
}
