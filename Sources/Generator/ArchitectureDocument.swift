import Components
import KubeModel
import Render
import Platform

/// `docs/architecture.md`: for each environment, a Mermaid diagram of its workloads, data stores,
/// Ingress hosts and allowed connections, and the same connections as a table. Both come from
/// the stack's `Topology`, the list the NetworkPolicies are made from, so the picture shows what
/// the cluster will let through, not what someone remembered to draw.
enum ArchitectureDocument {
    static func markdown(_ stacks: [Stack], product: Product) -> String {
        var out = Markdown.header(title: "Architecture", product: product)
        out += """
            Every arrow is a declared connection (routes, scrapes, backups and the product's wiring): the
            NetworkPolicies allow exactly these, after a default deny of all ingress and egress in
            the namespace. Dotted arrows are DNS lookups, which every pod may make.


            """
        for stack in stacks { out += section(stack) }
        return out
    }

    static func section(_ stack: Stack) -> String {
        let env = stack.environment
        let connections = stack.topology.connections
        var lines = ["flowchart LR", "    internet((Internet))"]
        lines.append("    subgraph ns_\(id(env.namespace ?? env.name))[\"namespace \(env.namespace ?? env.name)\"]")
        // Read once, not per node: one scan of every shared object per peer made the document
        // quadratic in the number of services (a third of a 2,500-service run, under perf).
        let cronJobs = Set(stack.shared.map(\.id.description).filter { $0.hasPrefix("CronJob/") })
        for peer in stack.topology.localPeers { lines.append("        \(node(peer, stack, cronJobs: cronJobs))") }
        lines.append("    end")
        var outside: [Peer] = []
        for c in connections {
            for p in [c.from, c.to] where !p.isLocal && !outside.contains(p) { outside.append(p) }
        }
        for peer in outside { lines.append("    \(node(peer, stack, cronJobs: cronJobs))") }
        let hosts = env.product.services.compactMap { $0.host(env) }
        if !hosts.isEmpty {
            lines.append("    internet -->|\"HTTPS \(hosts.joined(separator: ", "))\"| \(id(env.cluster.ingressController.name))")
        }
        for c in connections {
            let ports = c.ports.map { "\($0.name) \($0.containerPort)" }.joined(separator: ", ")
            let arrow = c.to == env.cluster.dns ? "-.->" : "-->"
            let label = c.to == env.cluster.dns ? "" : "|\"\(ports): \(c.purpose)\"|"
            lines.append("    \(id(c.from.name)) \(arrow)\(label) \(id(c.to.name))")
        }
        var out = "## \(env.name)\n\n```mermaid\n" + lines.joined(separator: "\n") + "\n```\n\n"
        out += "| from | to | ports | why |\n|---|---|---|---|\n"
        for c in connections {
            let ports = c.ports.map { "\($0.name) \($0.containerPort)/\($0.protocol.rawValue)" }.joined(separator: ", ")
            out += "| \(describe(c.from)) | \(describe(c.to)) | \(ports) | \(c.purpose) |\n"
        }
        return out + "\n"
    }

    /// A node: workloads as boxes, data stores as cylinders, other namespaces' pods and external
    /// ranges as rounded boxes naming where they are. `cronJobs` holds the stack's CronJobs' ids.
    static func node(_ peer: Peer, _ stack: Stack, cronJobs: Set<String>) -> String {
        switch peer.location {
        case .pods:
            if let store = stack.dataStores.first(where: { $0.peer == peer }), let server = store.server {
                return "\(id(peer.name))[(\"\(peer.name)<br/>StatefulSet, \(server.storage)\")]"
            }
            // Scheduled jobs (backups, the product's `AppJob`s) are CronJobs, never coloured.
            let scheduled = cronJobs.contains("CronJob/\(peer.name)")
            let kind = scheduled ? "CronJob" : stack.colours.isEmpty ? "Deployment" : "Deployment ×2 colours"
            return "\(id(peer.name))[\"\(peer.name)<br/>\(kind)\"]"
        case .podsIn(let namespace, _):
            return "\(id(peer.name))(\"\(peer.name)<br/>namespace \(namespace)\")"
        case .addresses(let cidrs, _):
            return "\(id(peer.name))[(\"\(peer.name)<br/>\(cidrs.joined(separator: ", "))\")]"
        }
    }

    static func describe(_ peer: Peer) -> String {
        switch peer.location {
        case .pods: "`\(peer.name)`"
        case .podsIn(let namespace, _): "`\(peer.name)` (namespace `\(namespace)`)"
        case .addresses(let cidrs, let except):
            "`\(peer.name)` (\(cidrs.joined(separator: ", "))\(except.isEmpty ? "" : " except " + except.joined(separator: ", ")))"
        }
    }

    /// Mermaid node ids: letters, digits and underscores.
    static func id(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
