import DockerfileModel
import Output
import Render
import SecureMessenger
import WorkflowModel

/// The GitHub Actions workflows (`.github/workflows/`) and the images' Dockerfiles with their
/// ignore files (`docker/<service>/`). Shared files: the deploy workflows read every environment,
/// so they are made from all of them whichever environments a run selects.
enum WorkflowFiles {
    static let header = FileHeader.lines(command: "swift run gen")

    static func files(_ environments: [Environment]) throws -> [FilePlan.File] {
        var files = try Pipelines.workflows(environments).map { workflow in
            let yaml = try YAMLRenderer.render(workflow.document(), header: header)
            return FilePlan.File(path: ".github/workflows/\(workflow.file)",
                                 contents: PinnedActions.annotatingVersions(yaml), scope: "shared")
        }
        for image in Dockerfiles.images() {
            let path = Dockerfiles.path(image.service)
            files.append(FilePlan.File(path: path, contents: try image.dockerfile.render(header: header), scope: "shared"))
            // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile (the context is the repository root).
            files.append(FilePlan.File(path: "\(path).dockerignore", contents: image.ignore.render(header: header),
                                       scope: "shared"))
        }
        return files
    }
}
