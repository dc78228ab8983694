import WorkflowModel

/// Every GitHub Actions workflow of the product: CI, and one deploy workflow per environment,
/// shaped by how the environment rolls out.
public enum Pipelines {
    public static func workflows(_ environments: [Environment]) throws -> [Workflow] {
        [CI.workflow()] + (try environments.map { env in
            switch env.rollout {
            case .rolling: try DeployStaging.workflow(env)
            case .blueGreen: try DeployProduction.workflow(env)
            }
        })
    }
}
