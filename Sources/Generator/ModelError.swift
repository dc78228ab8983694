import DocumentTree
import KubeModel

/// An invalid model, located by its model path: environment › component › object › field.
///
/// `production › backend › Deployment/backend › spec.template.spec.containers[0].resources.limits.memory:
/// "512MB" is not a Kubernetes quantity (did you mean "512Mi"?)`, followed by the Swift line that
/// declared the object.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    public var environment: String
    public var component: String?
    public var object: ObjectID?
    public var source: SourceLocation?
    /// The environment-file line that sized the component, when the environment did.
    public var setAt: SourceLocation?
    public var problem: InvalidValue

    public init(environment: String, component: String? = nil, object: ObjectID? = nil, source: SourceLocation? = nil,
                setAt: SourceLocation? = nil, problem: InvalidValue) {
        self.environment = environment
        self.component = component
        self.object = object
        self.source = source
        self.setAt = setAt
        self.problem = problem
    }

    public var description: String {
        var parts = [environment]
        if let component { parts.append(component) }
        if let object { parts.append(object.description) }
        if !problem.path.components.isEmpty { parts.append(problem.path.description) }
        var text = parts.joined(separator: " › ") + ": " + problem.message
        if let setAt { text += "\n  set at \(setAt)" }
        if let source { text += "\n  declared at \(source)" }
        return text
    }
}
