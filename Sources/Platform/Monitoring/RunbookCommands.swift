import KustomizeTree

/// The commands a runbook gives for each environment, built from the model like the deploy
/// workflows' (`Kubectl`): the real Deployment names (per colour in a blue/green environment), the
/// real overlays, the recorded deploy state. A runbook page that needs them says so with
/// `Runbooks.seeCommands`; the rehearsal runs every one against the emulated cluster.
public enum RunbookCommands {
    /// The heading of the section, and the one place its title is written.
    public static let heading = "Commands in each environment"

    /// The section's Markdown: a subsection per environment that has a namespace.
    public static func markdown(_ environments: [Environment]) throws -> String {
        var out = "## \(heading)\n"
        for env in environments where env.namespace != nil {
            out += "\n" + (try section(env))
        }
        return out
    }

    /// `### <env>` and the environment's commands.
    static func section(_ env: Environment) throws -> String {
        let kubectl = try Kubectl(env)
        let services = env.product.services.map { ProductStack.workload($0, env) }
        guard let state = env.deployState else {
            var out = "### \(env.name)\n\nNamespace `\(kubectl.namespace)`, rolling updates.\n\n"
            for service in services {
                let name = service.workloadName(nil)
                out += "- \(service.name): roll back to the previous revision with `\(kubectl.rolloutUndo(name))`, then "
                    + "`\(kubectl.rolloutStatus(name))`; restart its pods one by one with `\(kubectl.rolloutRestart(name))`.\n"
            }
            return out
        }
        let active = state.active, other = state.idle
        var out = "### \(env.name)\n\nNamespace `\(kubectl.namespace)`, blue/green: \(active.rawValue) serves release "
            + "\(env.release(of: active)), \(other.rawValue) holds \(env.release(of: other)) (`\(DeployState.path(environment: env.name))`).\n\n"
        for service in services {
            out += "- \(service.name): restart the serving pods one by one with `\(kubectl.rolloutRestart(service.workloadName(active.variant)))`.\n"
        }
        let overlay = KustomizeTree.variantDirectory(environment: env.name, variant: other.rawValue)
        out += "- Roll back a bad release of \(active.rawValue) by switching to \(other.rawValue), which kept the release it "
            + "served before the switch, at one replica: bring it to full size on that release with `\(Kubectl.apply(overlay))`, wait for "
            + services.map { "`\(kubectl.rolloutStatus($0.workloadName(other.variant)))`" }.joined(separator: " and ")
            + ", move the traffic (and the workers and scheduled jobs, as the deploy's switch does) with "
            + DeployProduction.switchTraffic(to: other, env, kubectl).map { "`\($0)`" }.joined(separator: ", ")
            + ", then record it: `\(env.product.regenerateCommand()) state \(env.name) --active \(other.rawValue)`, commit and merge (the next deploy "
            + "refuses to start while git and the cluster disagree).\n"
        return out
    }
}
