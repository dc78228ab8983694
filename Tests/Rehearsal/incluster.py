"""Commands that a Job's pod runs inside the emulated cluster: curl to in-cluster Services, the
way the deploys' smoke tests call them (SmokeTests in the model). Name resolution, the Service's
endpoints and every NetworkPolicy on the way are applied, so a smoke test whose connections the
model forgot to declare fails here as it would on a policy-enforcing CNI.

Only the options the generated Jobs use are accepted; any other fails the rehearsal, so that a
change to the Jobs is a change to this emulation too (curl's options:
https://curl.se/docs/manpage.html).
"""

import urllib.parse

import cluster
import network

VALUED = {"--retry", "--retry-delay", "--max-time", "--write-out", "--output"}
SWITCHES = {"--fail-early", "--fail", "--silent", "--show-error", "--retry-all-errors"}


def runs(command):
    """Whether the rehearsal executes this container command (else the Job only completes)."""
    return bool(command) and command[0] == "curl"


def service_of(state, host, namespace):
    """The Service a pod reaches by `host`: `<svc>`, `<svc>.<ns>`, `<svc>.<ns>.svc[.cluster.local]`.
    https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services"""
    parts = host.split(".")
    name, ns = parts[0], parts[1] if len(parts) > 1 else namespace
    if len(parts) > 2 and parts[2:] not in (["svc"], ["svc", "cluster", "local"]):
        return None
    return state["objects"].get(cluster.key("Service", ns, name))


def get(state, pod, url):
    """One GET from `pod`: (curl's exit code, HTTP status or 0, message)."""
    parsed = urllib.parse.urlsplit(url)
    if not network.resolves(state, pod):
        return 6, 0, f"curl: (6) Could not resolve host: {parsed.hostname} (DNS refused by the NetworkPolicies)"
    svc = service_of(state, parsed.hostname, pod["metadata"]["namespace"])
    if svc is None:
        return 6, 0, f"curl: (6) Could not resolve host: {parsed.hostname}"
    port = next((p for p in svc["spec"].get("ports", []) if p["port"] == (parsed.port or 80)), None)
    if port is None:
        return 7, 0, f"curl: (7) Failed to connect to {parsed.hostname} port {parsed.port}: Connection refused"
    ready = cluster.endpoints(state, svc)
    if not ready:
        return 7, 0, f"curl: (7) Failed to connect to {parsed.hostname} port {parsed.port}: Connection refused"
    # kube-proxy may pick any endpoint: each must admit the connection.
    for target in ready:
        target_port = port.get("targetPort", port["port"])
        if isinstance(target_port, str):
            target_port = next((p["containerPort"] for c in target["spec"]["containers"] for p in c.get("ports", [])
                                if p.get("name") == target_port), None)
        refusal = network.admits(state, pod, target, target_port)
        if refusal:
            return 28, 0, f"curl: (28) Connection timed out after 5000 milliseconds ({refusal})"
    status, body = cluster.health(state, svc, port.get("name") or str(port["port"]), parsed.path or "/")
    return 0, status, body


def curl(state, pod, argv):
    """(exit code, output) of `curl argv` in `pod`."""
    options, urls, i = {}, [], 0
    while i < len(argv):
        arg = argv[i]
        if arg in VALUED:
            options.setdefault(arg, []).append(argv[i + 1])
            i += 2
            continue
        if arg in SWITCHES:
            options[arg] = True
        elif arg.startswith("-"):
            raise cluster.APIError(f"rehearsal: curl option {arg} in a Job is not emulated")
        else:
            urls.append(arg)
        i += 1
    output = []
    code = 0
    # Retries would not change the outcome: an emulated pod's health changes only with its release.
    for url in urls:
        exit_code, status, message = get(state, pod, url)
        if exit_code == 0 and status >= 400 and "--fail" in options:
            exit_code, message = 22, f"curl: (22) The requested URL returned error: {status}"
        if exit_code:
            output.append(message)
        for template in options.get("--write-out", []):
            output.append(template.replace("%{url_effective}", url).replace("%{http_code}", f"{status:03d}").replace("\\n", ""))
        if exit_code:
            code = exit_code
            if "--fail-early" in options:
                break
    return code, "\n".join(output) + "\n"


def run(state, pod, command):
    """(exit code, output) of the container command, or None when it is not emulated."""
    return curl(state, pod, command[1:]) if runs(command) else None
