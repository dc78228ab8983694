/// What the first pass of a streamed `gen lint` keeps of its input: each object's projection
/// (`IndexProjection`), which the context of the second pass indexes, and the schema with the
/// CustomResourceDefinitions seen. Never a whole object: memory grows by the projections only.
public struct InputIndex: Sendable {
    /// The projections, in input order.
    public private(set) var entries: [PolicyObject] = []
    /// The built-in schema and that of every CRD added.
    public private(set) var schema = KubernetesSchema.builtIn

    public init() {}

    /// Keeps what cross-object checks need of `object`, and its schema when it is a CRD.
    public mutating func add(_ object: PolicyObject) {
        if object.kind == "CustomResourceDefinition" { schema = schema.adding(definitionsIn: [object]) }
        entries.append(IndexProjection.entry(of: object))
    }

    /// Adds the CRDs among `objects` (the builds, held whole) to the schema.
    public mutating func addDefinitions(in objects: [PolicyObject]) {
        schema = schema.adding(definitionsIn: objects)
    }
}
