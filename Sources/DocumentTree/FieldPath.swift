/// A path into a document, printed the way Kubernetes documentation writes it:
/// `spec.template.spec.containers[0].resources.limits.memory`.
public struct FieldPath: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public func appending(_ component: Component) -> FieldPath {
        // Appended to a copy: `components + [component]` built a one-element array first, and
        // checks extend paths for every container of every object (callgrind).
        var path = self
        path.components.reserveCapacity(components.count + 1)
        path.components.append(component)
        return path
    }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let k):
                if !out.isEmpty { out += "." }
                out += k
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}

/// A value that a model refuses, with the field that holds it.
///
/// Thrown while a model builds its document (which is when it is checked), so that the message can
/// say exactly which field of which object is wrong; `Generator` adds the environment, component
/// and object in front.
public struct InvalidValue: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: FieldPath
    public var message: String

    public init(_ message: String, at path: FieldPath) {
        self.message = message
        self.path = path
    }

    public var description: String {
        path.components.isEmpty ? message : "\(path): \(message)"
    }
}
