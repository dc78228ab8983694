import DocumentTree

extension KubernetesSchema {
    /// This schema plus the kinds that the CustomResourceDefinitions among `objects` define, with
    /// the fields and types of each served version's `openAPIV3Schema`: a custom resource whose
    /// CRD is in the input is checked like a built-in object; without its CRD it is skipped.
    public func adding(definitionsIn objects: [PolicyObject]) -> KubernetesSchema {
        var kinds = self.kinds
        var types = self.types
        for crd in objects where crd.kind == "CustomResourceDefinition" && crd.apiVersion == "apiextensions.k8s.io/v1" {
            let spec = crd.document["spec"]
            guard let group = spec?["group"]?.stringValue, let kind = spec?["names"]?["kind"]?.stringValue else { continue }
            for version in spec?["versions"]?.items ?? [] {
                guard let name = version["name"]?.stringValue, version["served"]?.boolValue != false,
                      let schema = version["schema"]?["openAPIV3Schema"]
                else { continue }
                let apiVersion = "\(group)/\(name)"
                let root = "\(apiVersion).\(kind)"
                guard case .object(let typeName) = Self.structural(schema, named: root, into: &types) else { continue }
                // Every object has the API's metadata, whatever the CRD's schema says of it.
                types[typeName, default: [:]]["metadata"] = .object("apimachinery.pkg.apis.meta.v1.ObjectMeta")
                for field in ["apiVersion", "kind"] { types[typeName, default: [:]][field] = .string }
                kinds[apiVersion, default: [:]][kind] = typeName
            }
        }
        return KubernetesSchema(kinds: kinds, types: types)
    }

    /// The type a structural schema describes (apiextensions' structural schema rules: a type on
    /// every node, the x-kubernetes extensions for what JSON Schema cannot say), registering its
    /// object types under `name` and their field paths.
    private static func structural(_ schema: DocNode, named name: String, into types: inout [String: [String: FieldType]])
        -> FieldType
    {
        if schema["x-kubernetes-int-or-string"]?.boolValue == true { return .intOrString }
        if schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true { return .any }
        switch schema["type"]?.stringValue {
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "array": return .list(schema["items"].map { structural($0, named: name + "[]", into: &types) } ?? .any)
        case "object":
            if let properties = schema["properties"]?.fields, !properties.isEmpty {
                var fields: [String: FieldType] = [:]
                for property in properties {
                    fields[property.key] = structural(property.value, named: "\(name).\(property.key)", into: &types)
                }
                types[name] = fields
                return .object(name)
            }
            if let values = schema["additionalProperties"], case .mapping = values {
                return .map(structural(values, named: name + "{}", into: &types))
            }
            return .any
        default:
            return .any
        }
    }
}
