import DockerfileModel
import Output
import Render
import SecureMessenger
import WorkflowModel

/// The GitHub Actions workflows (`.github/workflows/`) and the images' Dockerfiles with their
/// ignore files (`docker/<service>/`). CI and the images are shared files; each environment's
/// deploy workflow belongs to that environment, so `gen staging` leaves production's alone.
enum WorkflowFiles {
    static let header = FileHeader.lines(command: "swift run gen")

    static func files(_ environments: [Environment], product: Product) throws -> [FilePlan.File] {
        var files = [try workflowFile(CI.workflow(product), scope: "shared")]
        for env in environments {
            files.append(try workflowFile(Pipelines.deploy(env), scope: env.name))
        }
        for image in Dockerfiles.images(product) {
            let path = Dockerfiles.path(image.service)
            files.append(FilePlan.File(path: path, contents: try image.dockerfile.render(header: header), scope: "shared"))
            // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile (the context is the repository root).
            files.append(FilePlan.File(path: "\(path).dockerignore", contents: image.ignore.render(header: header),
                                       scope: "shared"))
        }
        return files
    }

    static func workflowFile(_ workflow: Workflow, scope: String) throws -> FilePlan.File {
        let command = scope == "shared" ? "swift run gen" : "swift run gen \(scope)"
        let yaml = try YAMLRenderer.render(workflow.document(), header: FileHeader.lines(command: command))
        return FilePlan.File(path: ".github/workflows/\(workflow.file)", contents: PinnedActions.annotatingVersions(yaml),
                             scope: scope)
    }
}
