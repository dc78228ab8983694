import DocumentTree

/// An event that starts a workflow (the `on:` mapping).
public enum Trigger: Sendable {
    /// Pushes to these branches (all when both lists are empty) and of these tags.
    case push(branches: [String], tags: [String] = [])
    /// Pull requests targeting these branches (all when empty).
    case pullRequest(branches: [String])
    /// Started by hand (UI, `gh workflow run`), with typed inputs.
    case workflowDispatch(inputs: [WorkflowInput])
    /// Cron schedules, in UTC.
    case schedule(crons: [String])
    /// Another workflow of the repository (by its `name:`) completed, for runs on these branches;
    /// `github.event.workflow_run` describes that run.
    case workflowRunCompleted(workflows: [String], branches: [String])

    var key: String {
        switch self {
        case .push: "push"
        case .pullRequest: "pull_request"
        case .workflowDispatch: "workflow_dispatch"
        case .schedule: "schedule"
        case .workflowRunCompleted: "workflow_run"
        }
    }

    var document: DocNode {
        switch self {
        case .push(let branches, let tags):
            .map([("branches", branches), ("tags", tags)].filter { !$0.1.isEmpty }.map { ($0.0, .sequence($0.1.map(DocNode.string))) })
        case .pullRequest(let branches):
            branches.isEmpty ? .mapping([]) : .map([("branches", .sequence(branches.map(DocNode.string)))])
        case .workflowDispatch(let inputs):
            inputs.isEmpty ? .mapping([]) : .map([("inputs", .mapping(inputs.map { .init($0.name, $0.document) }))])
        case .schedule(let crons):
            .sequence(crons.map { .map([("cron", .string($0))]) })
        case .workflowRunCompleted(let workflows, let branches):
            .map([("workflows", .sequence(workflows.map(DocNode.string))), ("types", .sequence([.string("completed")])),
                  ("branches", .sequence(branches.map(DocNode.string)))])
        }
    }
}

/// An input of `workflow_dispatch`, referenced in expressions as `Expression.input(_:)`.
public struct WorkflowInput: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case string
        case boolean
        case choice([String])
    }

    public let name: String
    public var description: String
    public var kind: Kind
    public var required: Bool

    public init(_ name: String, description: String, kind: Kind = .string, required: Bool = true) {
        self.name = name
        self.description = description
        self.kind = kind
        self.required = required
    }

    var document: DocNode {
        var fields: [(String, DocNode)] = [("description", .string(description)), ("required", .bool(required))]
        switch kind {
        case .string: fields.append(("type", .string("string")))
        case .boolean: fields.append(("type", .string("boolean")))
        case .choice(let options):
            fields.append(("type", .string("choice")))
            fields.append(("options", .sequence(options.map(DocNode.string))))
        }
        return .map(fields)
    }
}
