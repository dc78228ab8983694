import Components
import DocumentTree
import KubeModel
import Policy
import Render
import Platform

/// `scripts/test-high-availability-<env>.sh`, the seed's high-availability test (§6.3.3) made
/// safe and checkable: while every public host is polled on its readiness path once a second, the
/// pods of each Deployment that has a PodDisruptionBudget are deleted one at a time, each only when
/// its budget allows a disruption, and the next only once the Deployment is back at full size. Any
/// failed poll fails the script. The seed's `kubectl delete pod -l component=backend --force`
/// deletes every pod at once, which is the outage it meant to rule out.
///
/// Everything comes from the environment's stack: the Deployments and budgets of every colour
/// (or the rolling workloads), the hosts of the Ingress and the readiness path of the Deployment
/// behind each host's Service.
enum HighAvailabilityTest {
    static func path(_ env: Environment) -> String { "scripts/test-high-availability-\(env.name).sh" }

    /// A Deployment to disrupt: its name, its budget and its pods' selector (`-l`).
    struct Target {
        var deployment: String
        var budget: String
        var selector: String
    }

    static func script(_ stack: Stack) throws -> String {
        let env = stack.environment
        guard let namespace = env.namespace else {
            throw ModelError(environment: env.name, problem: InvalidValue("an environment needs a namespace", at: FieldPath()))
        }
        // Every colour: the idle one (one replica after a deploy) is disrupted within its budget
        // too, and the script stays the same whichever colour serves.
        let workloads = stack.colours.isEmpty ? stack.workloads : stack.colours.flatMap(\.1)
        let deployments = Deployments(workloads.compactMap { $0.object as? Deployment })
        let targets = workloads.compactMap { $0.object as? PodDisruptionBudget }.compactMap { budget -> Target? in
            let selector = budget.spec.selector.matchLabels ?? [:]
            guard let deployment = deployments.first(selectedBy: selector) else { return nil }
            return Target(deployment: deployment.metadata.name, budget: budget.metadata.name,
                          selector: selector.pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        }
        let urls = urls(stack, deployments: deployments)
        guard !targets.isEmpty, !urls.isEmpty else {
            throw ModelError(environment: env.name, problem: InvalidValue(
                "no Deployment with a PodDisruptionBudget behind the Ingress: the high-availability test would test nothing", at: FieldPath()))
        }
        let body = [library]
            + urls.map { ShellCommand(["poll", ShellWord($0)]).rendered + " &" + "\npollers+=($!)" }
            + targets.map { ShellCommand(["disrupt", ShellWord($0.deployment), ShellWord($0.budget), ShellWord($0.selector)]).rendered }
            + [finish]
        return ShellScript(
            name: String(path(env).split(separator: "/").last!),
            summary: [
                "The seed's high-availability test (6.3.3) for \(env.name): polls \(urls.joined(separator: ", ")) every second",
                "while deleting the pods of \(targets.map(\.deployment).joined(separator: ", ")) one at a time, each only when its",
                "PodDisruptionBudget allows it and once the previous one is replaced and ready. Fails on any failed poll.",
                "Needs kubectl with access to the namespace (get, delete pods) and curl reaching the public hosts.",
            ],
            constants: [.init("NAMESPACE", namespace)],
            inputs: [.init("READY_TIMEOUT", "seconds to wait for a Deployment to be back at full size", default: "300")],
            body: body.joined(separator: "\n\n"))
            .render(header: FileHeader.lines(command: env.product.regenerateCommand(env.name)))
    }

    /// `https://<host><readiness path>` of every Ingress rule, the path taken from the readiness
    /// probe of the Deployment whose pods the rule's Service selects.
    static func urls(_ stack: Stack, deployments: Deployments) -> [String] {
        let services = Dictionary(stack.shared.compactMap { $0.object as? Service }.map { ($0.metadata.name, $0) },
                                  uniquingKeysWith: { first, _ in first })
        var out: [String] = []
        var seen = Set<String>()
        for ingress in stack.shared.compactMap({ $0.object as? Ingress }) {
            for rule in ingress.spec.rules {
                for path in rule.http.paths {
                    guard let service = services[path.backend.service.name],
                          let deployment = deployments.first(selectedBy: service.spec.selector),
                          let probe = deployment.spec.template.spec.containers.compactMap({ $0.readinessProbe?.httpGet }).first
                    else { continue }
                    let url = "https://\(rule.host)\(probe.path)"
                    if seen.insert(url).inserted { out.append(url) }
                }
            }
        }
        return out
    }

    /// Deployments found by the labels of their pods through an index, not a scan per budget
    /// and per route: the script's cost stays linear in the number of services.
    struct Deployments {
        private let all: [Deployment]
        private var index = LabelIndex<Int>()

        init(_ deployments: [Deployment]) {
            all = deployments
            for (position, deployment) in deployments.enumerated() {
                index.insert(position, labels: PodLabels(exactly: Self.dictionary(deployment.spec.template.metadata.labels ?? [:])))
            }
        }

        /// The first Deployment whose pods carry every label of `selector`.
        func first(selectedBy selector: Labels) -> Deployment? {
            index.lookup(LabelSelectorView(labels: Self.dictionary(selector))).items.first.map { all[$0] }
        }

        private static func dictionary(_ labels: Labels) -> [String: String] {
            Dictionary(labels.pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The functions the body calls; static bash over the constants and arguments.
    static let library = """
        stop="$(mktemp -u)"
        pollers=()
        trap 'touch "$stop"' EXIT

        # Polls $1 once a second until the run ends; prints the count, fails if any poll failed.
        poll() {
            local url="$1" polls=0 failures=0
            while [[ ! -e "$stop" ]]; do
                polls=$((polls + 1))
                if ! curl -fsS --max-time 5 -o /dev/null "$url"; then
                    failures=$((failures + 1))
                    echo "DOWN: $url" >&2
                fi
                sleep 1
            done
            echo "$url: $polls polls, $failures failed"
            ((failures == 0))
        }

        # Waits until Deployment $1 has as many ready replicas as it wants.
        wait_full() {
            local deployment="$1" waited=0 ready wanted
            while ((waited < READY_TIMEOUT)); do
                ready="$(kubectl -n "$NAMESPACE" get deployment "$deployment" -o 'jsonpath={.status.readyReplicas}')"
                wanted="$(kubectl -n "$NAMESPACE" get deployment "$deployment" -o 'jsonpath={.spec.replicas}')"
                [[ "$ready" == "$wanted" ]] && return 0
                sleep 1
                waited=$((waited + 1))
            done
            echo "Deployment $deployment is not back at full size after $READY_TIMEOUT s" >&2
            return 1
        }

        # Deletes the pods of Deployment $1 (selected by $3) one at a time, within budget $2.
        disrupt() {
            local deployment="$1" budget="$2" selector="$3" pod allowed waited
            wait_full "$deployment"
            mapfile -t pods < <(kubectl -n "$NAMESPACE" get pods -l "$selector" -o name)
            for pod in "${pods[@]}"; do
                waited=0
                allowed="$(kubectl -n "$NAMESPACE" get pdb "$budget" -o 'jsonpath={.status.disruptionsAllowed}')"
                while ((allowed < 1)); do
                    ((waited < READY_TIMEOUT)) || { echo "PodDisruptionBudget $budget allows no disruption" >&2; return 1; }
                    sleep 1
                    waited=$((waited + 1))
                    allowed="$(kubectl -n "$NAMESPACE" get pdb "$budget" -o 'jsonpath={.status.disruptionsAllowed}')"
                done
                echo "deleting $pod ($budget allows $allowed)"
                kubectl -n "$NAMESPACE" delete "$pod"
                sleep 2
                wait_full "$deployment"
            done
        }
        """

    static let finish = """
        touch "$stop"
        status=0
        for poller in "${pollers[@]}"; do
            wait "$poller" || status=1
        done
        if ((status != 0)); then
            echo "high-availability test: FAILED (a poll failed while pods were replaced)" >&2
            exit 1
        fi
        echo "high-availability test: passed"
        """
}
