import DocumentTree
import Foundation
import Render
import Yams

/// Kubernetes objects as comparable values: what `kubectl kustomize` printed, or what the model
/// renders, parsed the same way so that key order (kustomize sorts keys) does not count.
enum BuiltObjects {
    /// Every document of a YAML stream, normalised.
    static func parse(_ yaml: String) throws -> [NSObject] {
        try Yams.load_all(yaml: yaml).map { normalise($0) }
    }

    /// A document of the model, rendered by gen's own YAML renderer and parsed back.
    static func rendered(_ document: DocNode) throws -> NSObject {
        normalise(try Yams.load(yaml: YAMLRenderer.render(document)))
    }

    /// `Kind/namespace/name`: what names an object in a build.
    static func identity(_ object: NSObject) -> String {
        let d = object as? NSDictionary
        let meta = d?["metadata"] as? NSDictionary
        return "\(d?["kind"] ?? "")/\(meta?["namespace"] ?? "")/\(meta?["name"] ?? "")"
    }

    static func sortedByIdentity(_ objects: [NSObject]) -> [NSObject] {
        objects.sorted { identity($0) < identity($1) }
    }

    /// Mappings become dictionaries (unordered), scalars keep their YAML type.
    private static func normalise(_ value: Any?) -> NSObject {
        switch value {
        case let map as [String: Any]:
            return NSDictionary(dictionary: map.mapValues { normalise($0) })
        case let list as [Any]:
            return NSArray(array: list.map { normalise($0) })
        case let s as String: return NSString(string: s)
        case let i as Int: return NSNumber(value: i)
        case let b as Bool: return NSNumber(value: b)
        case nil: return NSNull()
        default: return NSString(string: "\(value!)")
        }
    }
}
