import DocumentTree
import Foundation
import KubeModel
import Render
import TestSupport
import XCTest

/// Renders one object of every kind the model types, each field set, and has the real
/// `kubernetes-validate --strict` check it against the API's OpenAPI schema: a misspelt or
/// misplaced field name anywhere in the model fails here.
final class SchemaConformanceTests: XCTestCase {
    func testEveryKindMatchesTheKubernetesSchema() throws {
        guard let validator = which("kubernetes-validate") else {
            return XCTFail("kubernetes-validate not on PATH: run `make test`, which installs it under .tools/bin")
        }
        let yaml = try everyKind().map { try YAMLRenderer.render($0.document()) }.joined(separator: "---\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("every-kind-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        for version in ["1.36.0", "1.37.0"] {
            let process = Process()
            process.executableURL = validator
            process.arguments = ["--strict", "-k", version, file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, output)
            let problems = output.split(separator: "\n").filter { !$0.hasPrefix("INFO ") }
            XCTAssertEqual(problems, [], "Kubernetes \(version):\n\(output)")
            XCTAssertEqual(output.split(separator: "\n").count, 18, output)
        }
    }

    private func everyKind() -> [Manifest] {
        let http = ContainerPort(name: "http", 8080)
        let labels: Labels = ["app.kubernetes.io/name": "demo"]
        let meta = { (name: String) in ObjectMeta(name: name, namespace: "demo", labels: labels, annotations: ["note": "x"]) }
        var container = Container(name: "app", image: Image("registry.example/app", tag: "1.0",
                                                              digest: "sha256:" + String(repeating: "a", count: 64)))
        container.imagePullPolicy = .ifNotPresent
        container.command = ["/app"]
        container.args = ["--port", "8080"]
        container.workingDir = "/srv"
        container.ports = [http]
        container.env = [EnvVar("MODE", "production"), EnvVar("DB", from: .secret("db", key: "url")),
                         EnvVar("LEVEL", from: .configMap("cfg", key: "level")), EnvVar("POD", from: .field("metadata.name"))]
        container.envFrom = [.secret("app"), .configMap("cfg")]
        container.resources = ResourceRequirements(requests: ResourceList(cpu: "100m", memory: "64Mi", ephemeralStorage: "1Gi"),
                                                   limits: ResourceList(cpu: "1", memory: "128Mi"))
        container.volumeMounts = [VolumeMount(name: "tmp", mountPath: "/tmp"),
                                  VolumeMount(name: "cfg", mountPath: "/etc/app", subPath: "app.conf", readOnly: true)]
        container.livenessProbe = .http("/healthz", port: http, initialDelay: 5, period: 10, timeout: 2, failureThreshold: 3)
        container.readinessProbe = .command(["cat", "/tmp/ready"], period: 5)
        container.startupProbe = Probe(tcpSocket: TCPSocketAction(port: .string("http")), periodSeconds: 2, failureThreshold: 30)
        container.lifecycle = Lifecycle(preStop: .sleep(10))
        container.securityContext = SecurityContext(runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001,
                                                    readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
                                                    privileged: false, capabilities: Capabilities(add: ["NET_BIND_SERVICE"], drop: ["ALL"]),
                                                    seccompProfile: .runtimeDefault)
        var pod = PodSpec(containers: [container])
        pod.initContainers = [Container(name: "init", image: Image("busybox", tag: "1.36"))]
        pod.serviceAccountName = "app"
        pod.automountServiceAccountToken = false
        pod.priorityClassName = "high"
        pod.terminationGracePeriodSeconds = 30
        pod.enableServiceLinks = false
        pod.nodeSelector = ["kubernetes.io/os": "linux"]
        pod.tolerations = [Toleration(key: "dedicated", operator: "Equal", value: "app", effect: "NoSchedule")]
        pod.securityContext = PodSecurityContext(runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001,
                                                 fsGroupChangePolicy: "OnRootMismatch", seccompProfile: .runtimeDefault)
        let selector = LabelSelector(matchLabels: labels,
                                     matchExpressions: [LabelSelectorRequirement(key: "tier", operator: "In", values: ["web"])])
        pod.affinity = Affinity(podAntiAffinity: PodAntiAffinity(
            required: [PodAffinityTerm(labelSelector: selector, topologyKey: TopologyKey.zone)],
            preferred: [WeightedPodAffinityTerm(weight: 50, PodAffinityTerm(labelSelector: selector, topologyKey: TopologyKey.hostname))]))
        pod.topologySpreadConstraints = [TopologySpreadConstraint(maxSkew: 1, topologyKey: TopologyKey.zone,
                                                                  whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector)]
        pod.volumes = [
            Volume(name: "tmp", emptyDir: EmptyDirSource(medium: "Memory", sizeLimit: "64Mi")),
            Volume(name: "cfg", configMap: ConfigMapVolumeSource(name: "cfg", items: [KeyToPath(key: "a", path: "app.conf")], defaultMode: 0o444)),
            Volume(name: "key", secret: SecretVolumeSource(secretName: "key", items: nil, defaultMode: 0o400)),
            Volume(name: "data", persistentVolumeClaim: PVCVolumeSource(claimName: "data", readOnly: true)),
            Volume(name: "host", hostPath: HostPathSource(path: "/var/log", type: "Directory")),
        ]
        let template = PodTemplateSpec(metadata: TemplateMeta(labels: labels, annotations: ["a": "b"]), spec: pod)
        var deploymentSpec = DeploymentSpec(replicas: 2, selector: selector, strategy: .rollingUpdate(maxSurge: .percent(25), maxUnavailable: 0),
                                            template: template)
        deploymentSpec.revisionHistoryLimit = 3
        deploymentSpec.minReadySeconds = 5
        deploymentSpec.progressDeadlineSeconds = 600
        let deployment = Deployment(metadata: meta("app"), spec: deploymentSpec)
        var headless = ServiceSpec(type: nil, selector: labels, ports: [ServicePort(http, port: 80, appProtocol: "http")])
        headless.clusterIP = "None"
        headless.publishNotReadyAddresses = true
        var sticky = ServiceSpec(selector: labels, ports: [ServicePort(http)])
        sticky.sessionAffinity = "ClientIP"
        sticky.sessionAffinityConfig = SessionAffinityConfig(timeoutSeconds: .hours(1))
        var statefulSpec = StatefulSetSpec(serviceName: "db", replicas: 1, selector: selector, template: template,
                                           volumeClaimTemplates: [PersistentVolumeClaim(metadata: ObjectMeta(name: "data"),
                                                                                        spec: PersistentVolumeClaimSpec(storageClassName: "fast", storage: "10Gi"))])
        statefulSpec.podManagementPolicy = "OrderedReady"
        var cronSpec = CronJobSpec(schedule: "*/5 * * * *", concurrencyPolicy: "Forbid", startingDeadlineSeconds: 60,
                                   jobTemplate: JobTemplateSpec(metadata: TemplateMeta(labels: labels),
                                                                spec: JobSpec(backoffLimit: 1, activeDeadlineSeconds: 240,
                                                                              ttlSecondsAfterFinished: 3600, template: template)))
        cronSpec.timeZone = "Etc/UTC"
        cronSpec.suspend = false
        cronSpec.successfulJobsHistoryLimit = 3
        cronSpec.failedJobsHistoryLimit = 3
        let role = Role(metadata: meta("reader"), rules: [PolicyRule(apiGroups: [""], resources: ["pods"], resourceNames: ["x"], verbs: ["get"])])
        let account = ServiceAccount(metadata: meta("app"))
        let objects: [any KubernetesObject] = [
            Namespace(metadata: ObjectMeta(name: "demo", labels: labels)),
            deployment,
            StatefulSet(metadata: meta("db"), spec: statefulSpec),
            Service(metadata: meta("db"), spec: headless),
            Service(metadata: meta("app"), spec: sticky),
            Ingress(metadata: meta("app"), spec: IngressSpec(ingressClassName: "nginx", tls: [IngressTLS(hosts: ["a.example"], secretName: "tls")],
                                                            rules: [IngressRule(host: "a.example", paths: [HTTPIngressPath("/", service: "app", port: ServicePort(http))])])),
            HorizontalPodAutoscaler(metadata: meta("app"), spec: HPASpec(
                scaleTargetRef: CrossVersionObjectReference(deployment), minReplicas: 2, maxReplicas: 5,
                metrics: [.utilization("cpu", percent: 70)],
                behavior: HPABehavior(scaleUp: HPAScalingRules(stabilizationWindow: 0, selectPolicy: "Max", policies: [.pods(4, every: 15)]),
                                      scaleDown: HPAScalingRules(stabilizationWindow: 300, policies: [.percent(50, every: 60)])))),
            PodDisruptionBudget(metadata: meta("app"), spec: PDBSpec(minAvailable: .percent(50), selector: selector,
                                                                    unhealthyPodEvictionPolicy: .ifHealthyBudget)),
            CronJob(metadata: meta("backup"), spec: cronSpec),
            Job(metadata: meta("once"), spec: JobSpec(backoffLimit: 0, template: template)),
            account,
            role,
            ClusterRole(metadata: ObjectMeta(name: "viewer"), rules: [PolicyRule(apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"])]),
            RoleBinding(metadata: meta("reader"), roleRef: RoleRef(role), subjects: [Subject(account)]),
            ConfigMap(metadata: meta("cfg"), immutable: true, data: ["a": "1", "level": "info"]),
            Secret(metadata: meta("db"), keys: ["url"]),
            NetworkPolicy(metadata: meta("app"), spec: NetworkPolicySpec(
                podSelector: selector, policyTypes: ["Ingress", "Egress"],
                ingress: [NetworkPolicyIngressRule(from: [NetworkPolicyPeer(podSelector: selector, namespaceSelector: .all)], ports: [NetworkPolicyPort(http)])],
                egress: [NetworkPolicyEgressRule(to: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"]))],
                                                 ports: [NetworkPolicyPort(protocol: .udp, number: 53)])])),
            PersistentVolumeClaim(metadata: meta("data"), spec: PersistentVolumeClaimSpec(storage: "1Gi")),
        ]
        return objects.map { Manifest($0, component: "demo", source: SourceLocation()) }
    }
}
