/// A GitHub Actions expression (the text between `${{` and `}}`), built from typed contexts.
///
/// An expression remembers what it refers to (a workflow input, another job's output, a step's
/// output, a matrix axis), so that `Workflow.document()` can refuse one that points at nothing:
/// an input that `workflow_dispatch` does not declare, a job that is not in `needs`, a step that
/// does not run before it.
public struct Expression: Hashable, Sendable, CustomStringConvertible {
    /// The expression's source, without `${{ }}`.
    public let text: String
    /// The declarations this expression depends on.
    public let references: Set<Reference>

    init(_ text: String, _ references: Set<Reference> = []) {
        self.text = text
        self.references = references
    }

    /// `${{ text }}`.
    public var description: String { "${{ \(text) }}" }

    /// A repository or organisation secret (`secrets.NAME`).
    public static func secret(_ name: String) -> Expression { Expression("secrets.\(name)") }
    /// A configuration variable (`vars.NAME`): settings that are not secret, such as URLs.
    public static func variable(_ name: String) -> Expression { Expression("vars.\(name)") }
    /// A value of the `github` context (`github.sha`, `github.ref_name`, …).
    public static func github(_ field: GitHubField) -> Expression { Expression("github.\(field.rawValue)") }
    /// A workflow_dispatch input.
    public static func input(_ input: WorkflowInput) -> Expression {
        Expression("inputs.\(input.name)", [.input(input.name)])
    }
    /// An output of another job; the reading job must list `output.job` in its `needs`.
    public static func output(_ output: JobOutput) -> Expression {
        Expression("needs.\(output.job).outputs.\(output.name)", [.jobOutput(job: output.job, name: output.name)])
    }
    /// An output of an earlier step of the same job (a step with `id`).
    public static func stepOutput(_ step: StepID, _ name: String) -> Expression {
        Expression("steps.\(step.name).outputs.\(name)", [.step(step.name)])
    }
    /// The outcome of an earlier step (`success`, `failure`, `cancelled`, `skipped`), before
    /// `continue-on-error` is applied.
    public static func stepOutcome(_ step: StepID) -> Expression {
        Expression("steps.\(step.name).outcome", [.step(step.name)])
    }
    /// The current value of a matrix axis.
    public static func matrix(_ axis: MatrixAxis) -> Expression {
        Expression("matrix.\(axis.name)", [.matrixAxis(axis.name)])
    }
    /// The result (`success`, `failure`, `cancelled`, `skipped`) of a job this one needs.
    public static func result(of job: Job) -> Expression {
        Expression("needs.\(job.id).result", [.job(job.id)])
    }

    /// Status functions for `if:` conditions.
    public static let always = Expression("always()")
    public static let failure = Expression("failure()")
    public static let cancelled = Expression("cancelled()")

    /// A string literal inside an expression (single quotes doubled).
    public static func literal(_ s: String) -> Expression {
        Expression("'\(s.replacing("'", with: "''"))'")
    }

    public static func == (lhs: Expression, rhs: Expression) -> Expression {
        Expression("\(lhs.text) == \(rhs.text)", lhs.references.union(rhs.references))
    }
    public static func != (lhs: Expression, rhs: Expression) -> Expression {
        Expression("\(lhs.text) != \(rhs.text)", lhs.references.union(rhs.references))
    }
    public static func && (lhs: Expression, rhs: Expression) -> Expression {
        Expression("(\(lhs.text)) && (\(rhs.text))", lhs.references.union(rhs.references))
    }
    public static func || (lhs: Expression, rhs: Expression) -> Expression {
        Expression("(\(lhs.text)) || (\(rhs.text))", lhs.references.union(rhs.references))
    }
    public static prefix func ! (operand: Expression) -> Expression {
        Expression("!(\(operand.text))", operand.references)
    }
}

/// Something an expression depends on, checked when the workflow is rendered.
public enum Reference: Hashable, Sendable {
    case input(String)
    case job(String)
    case jobOutput(job: String, name: String)
    case step(String)
    case matrixAxis(String)
}

/// The fields of the `github` context that our workflows read.
public enum GitHubField: String, Sendable {
    case sha, ref, repository, actor, eventName = "event_name"
    case runID = "run_id", runAttempt = "run_attempt", serverURL = "server_url"
    /// The run that started a `workflow_run` workflow: its conclusion, commit and event.
    case workflowRunConclusion = "event.workflow_run.conclusion", workflowRunHeadSHA = "event.workflow_run.head_sha"
    case workflowRunEvent = "event.workflow_run.event"
}

/// The `id` of a step, so that later steps can read its outputs by value.
public struct StepID: Hashable, Sendable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// Text with expressions inside (`ghcr.io/x:${{ inputs.version }}`), written with Swift string
/// interpolation: `"ghcr.io/x:\(Expression.input(version))"`. Keeps the references of every
/// expression it contains.
public struct Value: Hashable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String
    public private(set) var references: Set<Reference>

    public init(stringLiteral value: String) {
        text = value
        references = []
    }

    public init(stringInterpolation: Interpolation) {
        text = stringInterpolation.text
        references = stringInterpolation.references
    }

    /// The whole value is one expression.
    public init(_ expression: Expression) {
        text = expression.description
        references = expression.references
    }

    public var description: String { text }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        var references: Set<Reference> = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ expression: Expression) {
            text += expression.description
            references.formUnion(expression.references)
        }
        /// Plain text computed in Swift (a name or a path from the model).
        public mutating func appendInterpolation(_ plain: String) { text += plain }
        public mutating func appendInterpolation(_ number: Int) { text += String(number) }
        public mutating func appendInterpolation(_ value: Value) {
            text += value.text
            references.formUnion(value.references)
        }
    }
}
