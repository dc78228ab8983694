"""The peer side of `make bench`: N web services written with cdk8s and cdk8s-plus-33.

    python app.py N ENVIRONMENTS OUTPUT

Each service gets, in each of ENVIRONMENTS namespaces, what gen-scale gives it there: a
Deployment (hardened container, probes, resources), its Service, a ServiceAccount, a
HorizontalPodAutoscaler, a PodDisruptionBudget, a NetworkPolicy that admits the ingress
controller, and an Ingress rule. `app.synth()` writes one YAML file per environment to OUTPUT.
Prints the number of objects written, so that the bench can show both sides' counts.
"""
import pathlib
import sys

import cdk8s
import cdk8s_plus_33 as kplus
from constructs import Construct


def service(scope: Construct, name: str, port: int) -> None:
    account = kplus.ServiceAccount(scope, f"{name}-sa", metadata=cdk8s.ApiObjectMetadata(name=name),
                                   automount_token=False)
    deployment = kplus.Deployment(
        scope, f"{name}-deployment", metadata=cdk8s.ApiObjectMetadata(name=name),
        service_account=account, automount_service_account_token=False,
        security_context=kplus.PodSecurityContextProps(ensure_non_root=True, user=10001, group=10001),
        containers=[kplus.ContainerProps(
            name=name, image=f"registry.example/{name}:1.0.0", port_number=port,
            resources=kplus.ContainerResources(
                cpu=kplus.CpuResources(request=kplus.Cpu.millis(100), limit=kplus.Cpu.millis(500)),
                memory=kplus.MemoryResources(request=cdk8s.Size.mebibytes(128), limit=cdk8s.Size.mebibytes(256))),
            liveness=kplus.Probe.from_http_get("/health", port=port),
            readiness=kplus.Probe.from_http_get("/health", port=port),
            security_context=kplus.ContainerSecurityContextProps(
                ensure_non_root=True, read_only_root_filesystem=True, allow_privilege_escalation=False),
        )],
    )
    served = deployment.expose_via_service(name=name, ports=[kplus.ServicePort(port=port, target_port=port)])
    kplus.HorizontalPodAutoscaler(scope, f"{name}-hpa", target=deployment, min_replicas=2, max_replicas=4,
                                  metrics=[kplus.Metric.resource_cpu(kplus.MetricTarget.average_utilization(70))])
    budget = cdk8s.ApiObject(scope, f"{name}-pdb", api_version="policy/v1", kind="PodDisruptionBudget",
                             metadata=cdk8s.ApiObjectMetadata(name=name))
    budget.add_json_patch(cdk8s.JsonPatch.add("/spec", {"maxUnavailable": 1,
                                                        "selector": {"matchLabels": deployment.match_labels}}))
    policy = kplus.NetworkPolicy(scope, f"{name}-netpol", metadata=cdk8s.ApiObjectMetadata(name=name),
                                 selector=deployment)
    policy.add_ingress_rule(kplus.Pods.select(scope, f"{name}-controller", labels={"app": "ingress-nginx"}),
                            [kplus.NetworkPolicyPort.tcp(port)])
    ingress = kplus.Ingress(scope, f"{name}-ingress", metadata=cdk8s.ApiObjectMetadata(name=name))
    ingress.add_host_rule(f"{name}.example.org", "/", kplus.IngressBackend.from_service(served))


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: app.py N ENVIRONMENTS OUTPUT")
    count, environments, output = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    app = cdk8s.App(outdir=output)
    for env in range(environments):
        chart = cdk8s.Chart(app, f"env-{env}", namespace=f"env-{env}")
        for i in range(count):
            service(chart, f"svc-{i}", 3000)
    app.synth()
    # The objects written, counted in the files themselves.
    print(sum(line.startswith("kind:") for path in pathlib.Path(output).glob("*.yaml") for line in path.read_text().splitlines()))


if __name__ == "__main__":
    main()
