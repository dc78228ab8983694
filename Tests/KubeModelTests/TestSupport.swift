import DocumentTree
import KubeModel
import TestSupport
import XCTest

/// The `InvalidValue` that `body` throws; fails the test when it throws nothing or something else.
func invalidValue(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> InvalidValue? {
    expectError(InvalidValue.self, body, file: file, line: line)
}

func manifest(_ object: any KubernetesObject) -> Manifest {
    Manifest(object, component: "test", source: SourceLocation(file: "Tests/X.swift", line: 1))
}

func document(_ object: any KubernetesObject) throws -> DocNode {
    try manifest(object).document()
}

func keys(_ node: DocNode?) -> [String] {
    guard case .mapping(let fields)? = node else { return [] }
    return fields.map(\.key)
}

let httpPort = ContainerPort(name: "http", 3000)
let appLabels: Labels = ["app.kubernetes.io/name": "backend"]

func deployment(name: String = "backend", container: Container) -> Deployment {
    Deployment(
        metadata: ObjectMeta(name: name, namespace: "prod", labels: appLabels),
        spec: DeploymentSpec(
            replicas: 2,
            selector: LabelSelector(matchLabels: appLabels),
            template: PodTemplateSpec(metadata: TemplateMeta(labels: appLabels),
                                      spec: PodSpec(containers: [container]))))
}

func container(memoryLimit: Quantity = "512Mi", image: Image = Image("ghcr.io/acme/backend", tag: "1.4.2")) -> Container {
    var c = Container(name: "backend", image: image)
    c.ports = [httpPort]
    c.resources = ResourceRequirements(requests: ResourceList(cpu: "250m", memory: "256Mi"),
                                       limits: ResourceList(memory: memoryLimit))
    return c
}
