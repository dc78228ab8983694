import WorkflowModel

/// The deploy workflow of an environment, shaped by how it rolls out (CI is `CI.workflow()`).
public enum Pipelines {
    public static func deploy(_ env: Environment) throws -> Workflow {
        switch env.rollout {
        case .rolling: try DeployStaging.workflow(env)
        case .blueGreen: try DeployProduction.workflow(env)
        }
    }
}
