"""The cluster's prerequisites (ClusterPrerequisites in the model) as the rehearsal emulates them:
`helm upgrade --install` of the charts and `kubectl apply` of the release manifests cannot fetch
anything here, so their effect on the cluster is emulated, the way the kind mode installs CRDs by
URL: the CRDs they register, the Services the tree relies on (named as the charts' templates name
them), and what the installed Prometheus selects. The commands themselves are checked strictly:
a pinned version, a known chart from its source, values files that exist, every flag understood.

What each chart does was read at the versions the model pins (notes in ClusterPrerequisites):
- ingress-nginx 4.15.1: the controller Service `<fullname>-controller`, type LoadBalancer
  (templates/controller-service.yaml);
- kube-prometheus-stack 88.5.3: the Prometheus Operator's CRDs; Prometheus selects PodMonitors,
  ServiceMonitors and PrometheusRules labelled `release: <release>` unless
  `prometheus.prometheusSpec.<kind>SelectorNilUsesHelmValues` is false (templates/prometheus/prometheus.yaml);
- prometheus-pushgateway 3.8.0: the Service `<fullname>` on 9091, and with `serviceMonitor.enabled`
  a ServiceMonitor without a `release` label (templates/service.yaml, servicemonitor.yaml);
- the charts' fullname (their _helpers.tpl): `fullnameOverride`, else the release name when it
  contains the chart's name, else `<release>-<chart>`.
"""

import os
import re
import sys

import yaml

import cluster
from cluster import APIError

# The address the emulated cloud gives a LoadBalancer Service (TEST-NET-3, RFC 5737).
LOAD_BALANCER_IP = "203.0.113.10"
SEMVER = r"v?\d+\.\d+\.\d+"

# Release manifests by URL: the kinds whose CRDs they register and the Deployments they create.
MANIFESTS = {
    # https://github.com/cert-manager/cert-manager/releases: cert-manager.yaml (controller,
    # cainjector, webhook and the CRDs, namespace cert-manager).
    r"https://github\.com/cert-manager/cert-manager/releases/download/(" + SEMVER + r")/cert-manager\.yaml": {
        "crds": ["ClusterIssuer", "Issuer", "Certificate"], "namespace": "cert-manager",
        "deployments": ["cert-manager", "cert-manager-cainjector", "cert-manager-webhook"], "image": "quay.io/jetstack/{}"},
    # https://github.com/kubernetes-sigs/metrics-server/releases: components.yaml (kube-system).
    r"https://github\.com/kubernetes-sigs/metrics-server/releases/download/(" + SEMVER + r")/components\.yaml": {
        "crds": [], "namespace": "kube-system", "deployments": ["metrics-server"], "image": "registry.k8s.io/metrics-server/{}"},
}

# Charts by name: where they come from, and what they create.
CHARTS = {
    "ingress-nginx": {"repository": "https://kubernetes.github.io/ingress-nginx"},
    "kube-prometheus-stack": {"oci": "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack"},
    "prometheus-pushgateway": {"oci": "oci://ghcr.io/prometheus-community/charts/prometheus-pushgateway"},
}
# The kinds the Prometheus Operator's CRDs serve (the ones the tree and the charts create).
OPERATOR_KINDS = ["PodMonitor", "PrometheusRule", "ServiceMonitor", "Prometheus", "Alertmanager"]
# Kind → the prometheusSpec selector that picks it.
SELECTED_BY = {"PodMonitor": "podMonitor", "ServiceMonitor": "serviceMonitor", "PrometheusRule": "rule"}


def release_manifest(url):
    return next(((pattern, effect) for pattern, effect in MANIFESTS.items() if re.fullmatch(pattern, url or "")), None)


def register(state, kinds):
    crds = state.setdefault("crds", [])
    crds += [k for k in kinds if k not in crds]


def deployment(name, namespace, image):
    labels = {"app.kubernetes.io/name": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": name, "image": image}]}}}}


def apply_manifest(state, url):
    """`kubectl apply -f <release manifest>`: its CRDs registered, its Deployments created."""
    pattern, effect = release_manifest(url)
    version = re.fullmatch(pattern, url).group(1)
    register(state, effect["crds"])
    out = [f"customresourcedefinition.apiextensions.k8s.io/{k.lower()}s serverside-applied" for k in effect["crds"]]
    for name in effect["deployments"]:
        out.append(cluster.apply(state, deployment(name, effect["namespace"], effect["image"].format(name) + ":" + version)))
    return out


def set_value(values, path, text):
    """`--set a.b=c`: helm's strvals, for the plain values the prerequisites use."""
    value = {"true": True, "false": False}.get(text, int(text) if text.isdigit() else text)
    *parents, last = path.split(".")
    for p in parents:
        values = values.setdefault(p, {})
    values[last] = value


def fullname(release, chart, values):
    if values.get("fullnameOverride"):
        return values["fullnameOverride"]
    return release if chart in release else f"{release}-{chart}"


def helm(argv):
    """`helm upgrade --install RELEASE CHART [--repo URL] --version V --namespace NS
    --create-namespace [--wait] [--values FILE]… [--set K=V]…`, the form ClusterPrerequisite writes."""
    if argv[:2] != ["upgrade", "--install"]:
        raise APIError(f"rehearsal: unsupported helm command {' '.join(argv[:2])}")
    words, flags, i = [], {}, 2
    while i < len(argv):
        arg = argv[i]
        if arg in ("--repo", "--version", "--namespace", "--values", "-f", "--set"):
            if i + 1 == len(argv):
                raise APIError(f"Error: flag needs an argument: {arg}")
            flags.setdefault({"-f": "--values"}.get(arg, arg), []).append(argv[i + 1])
            i += 2
        elif arg in ("--create-namespace", "--wait"):
            flags[arg] = True
            i += 1
        elif arg.startswith("-"):
            raise APIError(f"rehearsal: unsupported helm flag {arg}")
        else:
            words.append(arg)
            i += 1
    if len(words) != 2:
        raise APIError(f"Error: expected a release name and a chart, got {words}")
    release, reference = words
    chart = reference.rsplit("/", 1)[-1]
    source = CHARTS.get(chart)
    if source is None:
        raise APIError(f"rehearsal: unknown chart {reference}")
    if source.get("oci", reference) != reference or flags.get("--repo", [source.get("repository")])[-1] != source.get("repository"):
        raise APIError(f"rehearsal: chart {chart} is not taken from its project's source ({reference}, {flags.get('--repo')})")
    version = flags.get("--version", [None])[-1]
    if not version or not re.fullmatch(SEMVER, version):
        raise APIError(f"rehearsal: helm install of {chart} without a pinned version (--version {version})")
    namespace = flags.get("--namespace", [None])[-1]
    if not namespace or "--create-namespace" not in flags:
        raise APIError(f"rehearsal: helm install of {chart} without --namespace and --create-namespace")
    values = {}
    for path in flags.get("--values", []):
        with open(path) as f:  # relative to the working directory, as helm reads it
            values = merge(values, yaml.safe_load(f) or {})
    for setting in flags.get("--set", []):
        key, eq, value = setting.partition("=")
        if not eq:
            raise APIError(f"Error: failed parsing --set data: key \"{setting}\" has no value")
        set_value(values, key, value)
    c = cluster.Cluster(os.environ["REHEARSAL_STATE"])
    with c.state() as state:
        state["log"].append(["helm"] + argv)
        name = fullname(release, chart, values)
        if chart == "ingress-nginx":
            service = {"apiVersion": "v1", "kind": "Service",
                       "metadata": {"name": f"{name}-controller", "namespace": namespace},
                       "spec": {"type": "LoadBalancer", "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]},
                       "status": {"loadBalancer": {"ingress": [{"ip": LOAD_BALANCER_IP}]}}}
            cluster.apply(state, service)
        elif chart == "kube-prometheus-stack":
            register(state, OPERATOR_KINDS)
            spec = values.get("prometheus", {}).get("prometheusSpec", {})
            # The operator mounts each Secret of alertmanagerSpec.secrets; the pods wait for them.
            state["alertmanager"] = {"namespace": namespace,
                                     "secrets": values.get("alertmanager", {}).get("alertmanagerSpec", {}).get("secrets", [])}
            state["prometheus"] = {"namespace": namespace, "selectors": {
                kind: {} if spec.get(f"{field}SelectorNilUsesHelmValues", True) is False else {"release": release}
                for kind, field in SELECTED_BY.items()}}
        elif chart == "prometheus-pushgateway":
            cluster.apply(state, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": namespace},
                                  "spec": {"ports": [{"name": "http", "port": 9091, "targetPort": 9091}]}})
            if values.get("serviceMonitor", {}).get("enabled"):
                cluster.apply(state, {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
                                      "metadata": {"name": name, "namespace": namespace},
                                      "spec": {"endpoints": [{"port": "http", "honorLabels": True}]}})
        cluster.reconcile(state)
    print(f'Release "{release}" has been upgraded. Happy Helming!\nNAME: {release}\nNAMESPACE: {namespace}\nSTATUS: deployed')


def merge(base, overlay):
    out = dict(base)
    for k, v in overlay.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def unmounted(state):
    """The Secrets the installed Alertmanager mounts that do not exist (its pods would not start)."""
    alertmanager = state.get("alertmanager")
    if alertmanager is None:
        return ["no Alertmanager installed"]
    return [f"Secret {alertmanager['namespace']}/{name}, which Alertmanager mounts, does not exist"
            for name in alertmanager["secrets"]
            if cluster.key("Secret", alertmanager["namespace"], name) not in state["objects"]]


def unselected(state):
    """The PodMonitors, ServiceMonitors and PrometheusRules that the installed Prometheus ignores
    (its namespace selectors select every namespace, the chart's default)."""
    prometheus = state.get("prometheus")
    if prometheus is None:
        return ["no Prometheus installed"]
    out = []
    for k, obj in sorted(state["objects"].items()):
        selector = prometheus["selectors"].get(obj["kind"])
        if selector is not None and not cluster.selects(selector, obj["metadata"].get("labels", {})):
            out.append(f"{k} is not selected by Prometheus (it selects {selector})")
    return out


if __name__ == "__main__":
    try:
        helm(sys.argv[1:])
    except (APIError, OSError) as error:
        print(error, file=sys.stderr)
        sys.exit(1)
