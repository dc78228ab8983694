import DocumentTree

/// One step of a job: a pinned action with typed inputs, or a shell script.
///
/// Scripts never contain `${{ }}`: every value from outside (inputs, outputs, secrets, event
/// fields) reaches them through `env:`, where the shell sees it as data, not as code
/// (`Workflow.document()` refuses a script that interpolates).
public struct Step: Sendable {
    public enum Body: Sendable {
        case uses(PinnedAction, with: [ActionInput])
        case run(String)
    }

    public var name: String
    public var id: StepID?
    public var condition: Expression?
    public var env: [(String, Value)]
    public var body: Body

    /// A shell script step; `script` is written as a literal block, and runs under `bash -eo pipefail`.
    public init(_ name: String, id: StepID? = nil, if condition: Expression? = nil, env: [(String, Value)] = [],
                run script: String) {
        self.name = name
        self.id = id
        self.condition = condition
        self.env = env
        self.body = .run(script)
    }

    /// A step that runs a pinned action. Prefer the typed constructors in `ActionSteps.swift`.
    public init(_ name: String, id: StepID? = nil, if condition: Expression? = nil, env: [(String, Value)] = [],
                uses action: PinnedAction, with inputs: [ActionInput] = []) {
        self.name = name
        self.id = id
        self.condition = condition
        self.env = env
        self.body = .uses(action, with: inputs)
    }

    /// Every expression the step depends on.
    var references: Set<Reference> {
        var refs = condition?.references ?? []
        for (_, value) in env { refs.formUnion(value.references) }
        if case .uses(_, let inputs) = body { for input in inputs { refs.formUnion(input.references) } }
        return refs
    }

    var document: DocNode {
        var fields: [(String, DocNode)] = [("name", .string(name))]
        if let id { fields.append(("id", .string(id.name))) }
        if let condition { fields.append(("if", .string(condition.text))) }
        switch body {
        case .uses(let action, let inputs):
            fields.append(("uses", .string(action.reference)))
            if !inputs.isEmpty { fields.append(("with", .mapping(inputs.map { .init($0.name, $0.value) }))) }
        case .run:
            break
        }
        if !env.isEmpty { fields.append(("env", .mapping(env.map { .init($0.0, .string($0.1.text)) }))) }
        if case .run(let script) = body {
            // A final newline makes libyaml write `|` rather than `|-`, as people write scripts.
            fields.append(("run", .string(script.hasSuffix("\n") ? script : script + "\n")))
        }
        return .map(fields)
    }
}

/// One `with:` input of an action step, typed by the constructor that made it.
public struct ActionInput: Sendable {
    public let name: String
    let value: DocNode
    let references: Set<Reference>

    public static func text(_ name: String, _ value: Value) -> ActionInput {
        ActionInput(name: name, value: .string(value.text), references: value.references)
    }
    public static func flag(_ name: String, _ value: Bool) -> ActionInput {
        ActionInput(name: name, value: .bool(value), references: [])
    }
    public static func number(_ name: String, _ value: Int) -> ActionInput {
        ActionInput(name: name, value: .int(value), references: [])
    }
    /// One item a line (metadata-action's `tags`, build-push-action's `cache-to`…).
    public static func lines(_ name: String, _ values: [Value]) -> ActionInput {
        ActionInput(name: name, value: .string(values.map(\.text).joined(separator: "\n") + "\n"),
                    references: values.reduce(into: []) { $0.formUnion($1.references) })
    }
}
