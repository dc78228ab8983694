import DocumentTree

/// A GitHub Actions workflow file.
public struct Workflow: Sendable {
    /// The file name under `.github/workflows/`, e.g. `ci.yml`.
    public var file: String
    public var name: String
    public var triggers: [Trigger]
    /// The default for every job: keep it `.none` or `.readContents` and widen per job.
    public var permissions: Permissions
    public var concurrency: Concurrency?
    public var env: [(String, Value)] = []
    public var jobs: [Job]

    public init(file: String, name: String, on triggers: [Trigger], permissions: Permissions,
                concurrency: Concurrency?, jobs: [Job]) {
        self.file = file
        self.name = name
        self.triggers = triggers
        self.permissions = permissions
        self.concurrency = concurrency
        self.jobs = jobs
    }

    /// The workflow as a document, after checking what the YAML schema cannot: every needed job is
    /// in the workflow, every expression points at something declared where it is used, and no
    /// script interpolates an expression.
    public func document() throws -> DocNode {
        try check()
        var fields: [(String, DocNode)] = [
            ("name", .string(name)),
            ("on", .mapping(triggers.map { .init($0.key, $0.document) })),
            ("permissions", permissions.document),
        ]
        if let concurrency { fields.append(("concurrency", concurrency.document)) }
        if !env.isEmpty { fields.append(("env", .mapping(env.map { .init($0.0, .string($0.1.text)) }))) }
        fields.append(("jobs", .mapping(jobs.map { .init($0.id, document(of: $0)) })))
        return .map(fields)
    }

    private func document(of job: Job) -> DocNode {
        var fields: [(String, DocNode)] = [("name", .string(job.name))]
        if !job.needs.isEmpty { fields.append(("needs", .sequence(job.needs.map { .string($0.id) }))) }
        if let condition = job.condition { fields.append(("if", .string(condition.text))) }
        fields.append(("runs-on", .string(job.runsOn)))
        fields.append(("permissions", job.permissions.document))
        if let environment = job.environment {
            var env: [(String, DocNode)] = [("name", .string(environment.name))]
            if let url = environment.url { env.append(("url", .string(url))) }
            fields.append(("environment", .map(env)))
        }
        if let concurrency = job.concurrency { fields.append(("concurrency", concurrency.document)) }
        fields.append(("timeout-minutes", .int(job.timeoutMinutes)))
        if let matrix = job.matrix {
            fields.append(("strategy", .map([
                ("fail-fast", .bool(matrix.failFast)),
                ("matrix", .mapping(matrix.axes.map { .init($0.name, .sequence($0.values.map(DocNode.string))) })),
            ])))
        }
        if let container = job.container { fields.append(("container", .string(container))) }
        if !job.services.isEmpty {
            fields.append(("services", .mapping(job.services.map { .init($0.name, $0.document) })))
        }
        if !job.env.isEmpty { fields.append(("env", .mapping(job.env.map { .init($0.0, .string($0.1.text)) }))) }
        if !job.outputs.isEmpty {
            fields.append(("outputs", .mapping(job.outputs.map { .init($0.0, .string($0.1.description)) })))
        }
        fields.append(("steps", .sequence(job.steps.map(\.document))))
        return .map(fields)
    }

    /// Throws the first problem found, naming the job and step.
    public func check() throws {
        var seen: [String: Job] = [:]
        let inputs: Set<String> = Set(triggers.flatMap { trigger -> [String] in
            if case .workflowDispatch(let inputs) = trigger { return inputs.map(\.name) }
            return []
        })
        let workflowRefs = env.reduce(into: Set<Reference>()) { $0.formUnion($1.1.references) }
            .union(concurrency?.group.references ?? [])
        for ref in workflowRefs {
            guard case .input(let name) = ref, inputs.contains(name) else {
                throw WorkflowError(file, "workflow-level values may only read declared inputs, not \(ref)")
            }
        }
        for job in jobs {
            func fail(_ message: String) -> WorkflowError { WorkflowError(file, "job \(job.id): \(message)") }
            guard Self.isValidID(job.id) else { throw fail("a job id must match [A-Za-z_][A-Za-z0-9_-]*") }
            guard seen[job.id] == nil else { throw fail("declared twice") }
            guard job.timeoutMinutes > 0 else { throw fail("timeout-minutes must be positive") }
            for needed in job.needs where seen[needed.id] == nil {
                throw fail("needs \(needed.id), which is not an earlier job of this workflow")
            }
            let needed = Dictionary(job.needs.map { ($0.id, seen[$0.id]!) }, uniquingKeysWith: { a, _ in a })
            let axes = Set(job.matrix?.axes.map(\.name) ?? [])
            // References valid anywhere in the job; step ids become valid once their step has run.
            func checkReferences(_ refs: Set<Reference>, steps: Set<String>, where place: String) throws {
                for ref in refs {
                    switch ref {
                    case .input(let name) where !inputs.contains(name):
                        throw fail("\(place) reads input \(name), which workflow_dispatch does not declare")
                    case .job(let id) where needed[id] == nil:
                        throw fail("\(place) reads the result of \(id), which is not in needs")
                    case .jobOutput(let id, let name):
                        guard let producer = needed[id] else {
                            throw fail("\(place) reads an output of \(id), which is not in needs")
                        }
                        guard producer.outputs.contains(where: { $0.0 == name }) else {
                            throw fail("\(place) reads output \(name) of \(id), which \(id) does not declare")
                        }
                    case .step(let id) where !steps.contains(id):
                        throw fail("\(place) reads step \(id), which does not run before it in this job")
                    case .matrixAxis(let axis) where !axes.contains(axis):
                        throw fail("\(place) reads matrix.\(axis), which the job's matrix does not declare")
                    default: break
                    }
                }
            }
            var jobRefs = job.condition?.references ?? []
            jobRefs.formUnion(job.concurrency?.group.references ?? [])
            for (_, value) in job.env { jobRefs.formUnion(value.references) }
            try checkReferences(jobRefs, steps: [], where: "the job")
            var stepIDs = Set<String>()
            for (index, step) in job.steps.enumerated() {
                let place = "step \(index + 1) (\(step.name))"
                try checkReferences(step.references, steps: stepIDs, where: place)
                if case .run(let script) = step.body, Self.interpolates(script) {
                    throw fail("\(place): the script interpolates an expression; pass it through env: instead")
                }
                if let id = step.id {
                    guard stepIDs.insert(id.name).inserted else { throw fail("\(place): step id \(id.name) used twice") }
                }
            }
            try checkReferences(job.outputs.reduce(into: []) { $0.formUnion($1.1.references) }, steps: stepIDs,
                                where: "outputs")
            seen[job.id] = job
        }
    }

    /// Whether `text` holds `${{` (`ByteSearch`).
    static func interpolates(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0[...].firstIndex(of: Array("${{".utf8)) != nil }
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }
}

/// A workflow that cannot be written as it is.
public struct WorkflowError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    init(_ file: String, _ message: String) { description = "\(file): \(message)" }
}
