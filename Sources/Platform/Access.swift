import Components
import KubeModel

/// The namespace and the least-privilege identity that CI deploys with.
///
/// Applied once per environment by a cluster administrator (`kubectl apply -f
/// rendered/bootstrap/<env>.yaml`, the build of `kubernetes/bootstrap/<env>`), never by the deploy workflow: a deployer that could edit its own
/// Role could grant itself anything.
enum Access {
    static let deployer = "deployer"

    static func bootstrap(namespace: String, app: String) -> [Manifest] {
        let labels: Labels = [StandardLabels.partOf: app, StandardLabels.managedBy: "gen"]
        let account = ServiceAccount(metadata: ObjectMeta(name: deployer, namespace: namespace, labels: labels),
                                     automountServiceAccountToken: false)
        let role = Role(metadata: ObjectMeta(name: deployer, namespace: namespace, labels: labels), rules: [
            // `kubectl apply` of the rendered overlays: get to diff, create and patch to apply.
            PolicyRule(apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "list", "watch", "create", "patch"]),
            // `kubectl rollout status` follows ReplicaSets and pods.
            PolicyRule(apiGroups: ["apps"], resources: ["replicasets"], verbs: ["get", "list", "watch"]),
            PolicyRule(apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"]),
            // The smoke tests' output (`kubectl logs job/…`).
            PolicyRule(apiGroups: [""], resources: ["pods/log"], verbs: ["get"]),
            PolicyRule(apiGroups: [""], resources: ["services", "serviceaccounts", "configmaps"],
                       verbs: ["get", "list", "create", "patch"]),
            // Deploy workflows create the app's Secret from CI secrets; they never list or read others.
            PolicyRule(apiGroups: [""], resources: ["secrets"], verbs: ["create", "patch"]),
            PolicyRule(apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"],
                       verbs: ["get", "list", "create", "patch"]),
            PolicyRule(apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["get", "list", "create", "patch"]),
            PolicyRule(apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"],
                       verbs: ["get", "list", "create", "patch"]),
            // Deploys run Jobs from CronJobs (smoke tests, the roles job, production's pre-deploy
            // backup) and wait for them (watch).
            PolicyRule(apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: ["get", "list", "watch", "create", "patch"]),
            PolicyRule(apiGroups: ["monitoring.coreos.com"], resources: ["podmonitors", "prometheusrules"], verbs: ["get", "list", "create", "patch"]),
        ])
        let binding = RoleBinding(metadata: ObjectMeta(name: deployer, namespace: namespace, labels: labels),
                                  roleRef: RoleRef(role), subjects: [Subject(account)])
        let namespaceObject = Namespace(metadata: ObjectMeta(name: namespace, labels: labels.merging(PodSecurity.namespaceLabels())))
        let objects: [any KubernetesObject] = [namespaceObject, account, role, binding]
        return objects.map {
            Manifest($0, component: "access", source: SourceLocation())
        }
    }
}
