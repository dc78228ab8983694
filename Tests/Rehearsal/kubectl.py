"""`kubectl` against the emulated cluster (cluster.py): the subcommands and flags the generated
workflows, scripts and runbooks use, with kubectl's output and exit codes. Anything else fails
loudly ("rehearsal: unsupported"), so that a new command in a workflow is noticed, never ignored.

Run as `python3 kubectl.py ARGS…` by the `kubectl` stand-in on the steps' PATH; the state file is
$REHEARSAL_STATE. `kubectl kustomize` and `kubectl create … --dry-run=client` need no server and
run the real kubectl ($REHEARSAL_REAL_KUBECTL).
"""

import copy
import json
import os
import re
import subprocess
import sys

import yaml

import cluster
import prerequisites
from cluster import APIError

# Flags that take a value (as `--flag value` or `--flag=value`), by the name kubectl gives them.
VALUED = {"-n": "namespace", "--namespace": "namespace", "-o": "output", "--output": "output",
          "-k": "kustomize", "--kustomize": "kustomize", "-f": "filename", "--filename": "filename",
          "-p": "patch", "--patch": "patch", "--type": "type", "--timeout": "timeout", "--for": "for",
          "--from": "from", "--field-manager": "field-manager", "--dry-run": "dry-run", "--raw": "raw",
          "--duration": "duration", "--token": "token", "--cluster": "cluster", "--user": "user",
          "-l": "selector", "--selector": "selector", "--replicas": "replicas", "-c": "container",
          "--container": "container", "--tail": "tail", "--grace-period": "grace-period",
          "--from-file": "from-file", "--from-literal": "from-literal", "--wait": "wait",
          "-L": "label-columns", "--label-columns": "label-columns"}
SWITCHES = {"--server-side", "--force", "--all", "-A", "--client", "-it", "-i", "-t", "--now", "--ignore-not-found", "--local"}


# Custom resources the tree applies, for CRDs installed by URL.
CUSTOM_KINDS = ["PodMonitor", "PrometheusRule", "ServiceMonitor", "ClusterIssuer", "Certificate"]


def parse(argv):
    """Positional words, flags (a flag given twice keeps every value), and the words after `--`."""
    words, flags, rest = [], {}, []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest = argv[i + 1:]
            break
        name, eq, value = arg.partition("=")
        if name in VALUED:
            if not eq:
                i += 1
                if i == len(argv):
                    raise APIError(f"error: flag needs an argument: {name}")
                value = argv[i]
            flags.setdefault(VALUED[name], []).append(value)
        elif arg in SWITCHES:
            flags.setdefault(arg.lstrip("-"), []).append("true")
        elif arg.startswith("-"):
            raise APIError(f"rehearsal: unsupported kubectl flag {arg}")
        else:
            words.append(arg)
        i += 1
    return words, flags, rest


def flag(flags, name, default=None):
    return flags.get(name, [default])[-1]


def seconds(text):
    """`--timeout` durations: 10m, 90s, 1h."""
    match = re.fullmatch(r"(\d+)([smh]?)", text or "30s")
    if not match:
        raise APIError(f"error: invalid timeout {text}")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def kustomize(directory):
    out = subprocess.run([os.environ["REHEARSAL_REAL_KUBECTL"], "kustomize", directory], capture_output=True, text=True)
    if out.returncode != 0:
        raise APIError(out.stderr.strip())
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def jsonpath(obj, expression):
    """`-o jsonpath=` with dotted fields, `[*]` and `[N]` inside one `{…}`, text around it.
    https://kubernetes.io/docs/reference/kubectl/jsonpath/"""
    def evaluate(path):
        values = [obj]
        for part in re.findall(r"\.([^.\[]+)|\[(\*|\d+)\]", path):
            field, index = part
            nxt = []
            for v in values:
                if field:
                    if isinstance(v, dict) and field in v:
                        nxt.append(v[field])
                elif index == "*":
                    nxt.extend(v if isinstance(v, list) else [])
                elif isinstance(v, list) and int(index) < len(v):
                    nxt.append(v[int(index)])
            values = nxt
        return " ".join(v if isinstance(v, str) else json.dumps(v) for v in values)
    return re.sub(r"\{([^}]*)\}", lambda m: evaluate(m.group(1)), expression)


def show(objs, output, single, label_columns=()):
    """Prints objects the way `-o` asks (jsonpath, name, yaml, json, or a table of names, with a
    column per label of `-L`: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/)."""
    if output and output.startswith("jsonpath="):
        target = objs[0] if single else {"items": objs}
        sys.stdout.write(jsonpath(target, output[len("jsonpath="):]))
    elif output == "name":
        for o in objs:
            print(f"{o['kind'].lower()}/{o['metadata']['name']}")
    elif output in ("yaml", "json"):
        target = objs[0] if single else {"apiVersion": "v1", "kind": "List", "items": objs}
        print(yaml.safe_dump(target) if output == "yaml" else json.dumps(target, indent=2))
    elif output in (None, "wide"):
        print("\t".join(["NAME"] + [c.upper() for c in label_columns]))
        for o in objs:
            labels = o["metadata"].get("labels", {})
            print("\t".join([o["metadata"]["name"]] + [labels.get(c, "") for c in label_columns]))
    else:
        raise APIError(f"rehearsal: unsupported output {output}")


def targets(words):
    """`kind/name` words, or `kind name…`."""
    if not words:
        raise APIError("error: you must specify the type of resource")
    if "/" in words[0]:
        return [(cluster.kind_of(w.split("/", 1)[0]), w.split("/", 1)[1]) for w in words]
    kinds = [cluster.kind_of(k) for k in words[0].split(",")]
    return [(k, n) for k in kinds for n in words[1:]] if words[1:] else [(k, None) for k in kinds]


def wait_until(c, done, timeout, what):
    """Emulated time passes until `done(state)` or the timeout (kubectl's message on a timeout)."""
    with c.state() as state:
        for _ in range(timeout + 1):
            result = done(state)
            if result:
                return result
            cluster.tick(state)
    raise APIError(f"error: timed out waiting for the condition on {what}")


def rollout_status(c, kind, ns, name, timeout):
    """Waits until every replica runs the current template and is available.
    https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_status/"""
    def done(state):
        obj = cluster.get(state, kind, ns, name)
        st, want = obj.get("status", {}), obj["spec"].get("replicas", 1)
        if st.get("updatedReplicas") == want and st.get("availableReplicas", 0) >= want and st.get("replicas") == want:
            return f'{kind.lower()} "{name}" successfully rolled out'
        return None
    print(wait_until(c, done, timeout, f"{kind.lower()}/{name}"))


def main(argv):
    c = cluster.Cluster(os.environ["REHEARSAL_STATE"])
    words, flags, rest = parse(argv)
    if not words:
        raise APIError("rehearsal: kubectl without a command")
    verb, words = words[0], words[1:]
    if verb == "kustomize":
        for d in kustomize(words[0]):
            print("---\n" + yaml.safe_dump(d), end="")
        return
    if verb == "config":
        # The kubeconfig file, client side: contexts name a cluster and a user (credentials).
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_config/
        with c.state() as state:
            config = state.setdefault("kubeconfig", {"users": {}, "contexts": {}, "current": None})
            action, name = words[0], words[1]
            if action == "set-credentials":
                config["users"][name] = flag(flags, "token")
            elif action == "set-context":
                if flag(flags, "user") not in config["users"]:
                    raise APIError(f"rehearsal: context {name} names no known user")
                config["contexts"][name] = {"cluster": flag(flags, "cluster"), "user": flag(flags, "user")}
            elif action == "use-context":
                if name not in config["contexts"]:
                    raise APIError(f'error: no context exists with the name: "{name}"')
                config["current"] = name
            else:
                raise APIError(f"rehearsal: unsupported kubectl config {action}")
            print(f'Context "{name}" {"modified" if action == "set-context" else "set"}.' if action != "use-context"
                  else f'Switched to context "{name}".')
        return
    if verb == "version":
        print("Client Version: v1.37.1 (rehearsal)\nServer Version: v1.37.1 (emulated)")
        return
    if verb == "create" and words[:2] == ["secret", "generic"] and flag(flags, "dry-run") == "client":
        # Client-side only: kubectl builds the object from the files. Values are read here (they
        # come through process substitution, /dev/fd/N), never from argv.
        data = {}
        for spec in flags.get("from-file", []):
            k, _, path = spec.partition("=")
            with open(path, "rb") as f:
                data[k] = __import__("base64").b64encode(f.read()).decode()
        obj = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": words[2]}, "data": data}
        if flag(flags, "namespace"):
            obj["metadata"]["namespace"] = flag(flags, "namespace")
        print(yaml.safe_dump(obj), end="")
        return
    if verb == "set" and words[:1] == ["env"] and flag(flags, "local"):
        # Client-side only (--local: the objects from -f, printed changed): the real kubectl.
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_set/kubectl_set_env/
        sys.exit(subprocess.run([os.environ["REHEARSAL_REAL_KUBECTL"]] + argv, env={**os.environ, "KUBECONFIG": "/dev/null"}).returncode)
    ns = flag(flags, "namespace", "default")
    with c.state() as state:
        state["calls"] += 1
        state["log"].append(["kubectl"] + argv)
        if state["calls"] in state["faults"].get("fail-call", []):
            raise APIError("Error from server (InternalError): an error on the server (injected by the rehearsal)")
        cluster.tick(state)
    if verb == "apply" and prerequisites.release_manifest(flag(flags, "filename", "")):
        # A prerequisite's static manifest, published with its release (cert-manager, metrics-server):
        # its effect emulated (prerequisites.py).
        with c.state() as state:
            for line in prerequisites.apply_manifest(state, flag(flags, "filename")):
                print(line)
            cluster.reconcile(state)
        return
    if verb == "apply" and re.match(r"https://", flag(flags, "filename", "")):
        # CustomResourceDefinitions by URL (a kind cluster's set-up): each file is one CRD, named
        # `<group>_<plural>.yaml` as the Prometheus Operator publishes them; its kind is registered.
        with c.state() as state:
            for url in flags["filename"]:
                m = re.fullmatch(r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/[0-9a-f]{40}/.+/([a-z0-9.]+)_([a-z]+)\.yaml", url)
                if not m:
                    raise APIError(f"rehearsal: {url} is not a CRD file pinned by commit")
                plural = m.group(2)
                kind = next((k for k in set(cluster.KINDS.values()) | set(CUSTOM_KINDS) if k.lower() + "s" == plural), None)
                if kind is None:
                    raise APIError(f"rehearsal: unknown custom resource {plural}")
                state.setdefault("crds", []).append(kind)
                print(f"customresourcedefinition.apiextensions.k8s.io/{plural}.{m.group(1)} serverside-applied")
        return
    if verb == "apply":
        if flag(flags, "kustomize"):
            objs = kustomize(flag(flags, "kustomize"))
        elif flag(flags, "filename") == "-":
            objs = [d for d in yaml.safe_load_all(sys.stdin) if d]
        elif flag(flags, "filename"):
            with open(flag(flags, "filename")) as f:
                objs = [d for d in yaml.safe_load_all(f) if d]
        else:
            raise APIError("error: must specify one of -f and -k")
        # -l filters the objects to apply by their labels (set-based requirements included).
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/
        selector = cluster.parse_selector(flag(flags, "selector", ""))
        objs = [o for o in objs if cluster.selects(selector, o.get("metadata", {}).get("labels", {}))]
        if not objs:
            raise APIError("error: no objects passed to apply")
        with c.state() as state:
            for o in objs:
                print(cluster.apply(state, o, flags.get("namespace", [None])[-1]))
            cluster.reconcile(state)
        return
    if verb == "get" and flag(flags, "raw"):
        m = re.fullmatch(r"/api/v1/namespaces/([^/]+)/services/([^/:]+):([^/]+)/proxy(/.*)", flag(flags, "raw"))
        if not m:
            raise APIError(f"rehearsal: unsupported raw path {flag(flags, 'raw')}")
        # The API server's service proxy: https://kubernetes.io/docs/tasks/access-application-cluster/access-cluster-services/#manually-constructing-apiserver-proxy-urls
        with c.state() as state:
            status, body = cluster.health(state, cluster.get(state, "Service", m.group(1), m.group(2)), m.group(3), m.group(4))
        if status != 200:
            raise APIError(f"Error from server (ServiceUnavailable): {body}")
        sys.stdout.write(body)
        return
    if verb in ("get", "describe"):
        output = flag(flags, "output")
        selector = cluster.parse_selector(flag(flags, "selector", ""))
        with c.state() as state:
            objs, single = [], False
            for kind, name in targets(words):
                if name is None:
                    objs += cluster.listing(state, kind, ns, selector)
                else:
                    single = True
                    # --ignore-not-found: a missing object prints nothing and exits 0.
                    # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/
                    if flag(flags, "ignore-not-found") and cluster.key(kind, ns, name) not in state["objects"]:
                        continue
                    objs.append(cluster.get(state, kind, ns, name))
            for o in objs:
                if o["kind"] == "PodDisruptionBudget":
                    o["status"] = cluster.pdb_status(state, o)
        if verb == "describe":
            for o in objs:
                print(yaml.safe_dump(o))
        elif not objs and (not single or flag(flags, "ignore-not-found")):
            if not single:
                print(f"No resources found in {ns} namespace.", file=sys.stderr)
        else:
            columns = [c for value in flags.get("label-columns", []) for c in value.split(",")]
            show(objs, output, single and len(objs) == 1, columns)
        return
    if verb == "patch":
        if flag(flags, "type") != "merge":
            raise APIError("rehearsal: only --type=merge patches are emulated")
        (kind, name), = targets(words)
        with c.state() as state:
            print(cluster.patch(state, kind, ns, name, json.loads(flag(flags, "patch"))))
            cluster.reconcile(state)
        return
    if verb == "scale":
        # The scale subresource sets spec.replicas: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_scale/
        with c.state() as state:
            for kind, name in targets(words):
                print(cluster.patch(state, kind, ns, name, {"spec": {"replicas": int(flag(flags, "replicas"))}}).replace("patched", "scaled"))
            cluster.reconcile(state)
        return
    if verb == "set" and words[:1] == ["image"]:
        # Sets containers' images, by container name, in the pod template (a CronJob's: its job
        # template's); a name the template lacks is an error and changes nothing.
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_set/kubectl_set_image/
        images = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        (kind, name), = targets([w for w in words[1:] if "=" not in w])
        with c.state() as state:
            obj = cluster.get(state, kind, ns, name)
            template = obj["spec"]["jobTemplate"]["spec"]["template"] if obj["kind"] == "CronJob" else obj["spec"]["template"]
            containers = copy.deepcopy(template["spec"]["containers"])
            for container_name, image in images.items():
                found = [x for x in containers if x["name"] == container_name]
                if not found:
                    raise APIError(f'error: unable to find container named "{container_name}"')
                found[0]["image"] = image
            change = {"template": {"spec": {"containers": containers}}}
            body = {"spec": {"jobTemplate": {"spec": change}}} if obj["kind"] == "CronJob" else {"spec": change}
            print(cluster.patch(state, kind, ns, name, body).replace("patched", "image updated"))
            cluster.reconcile(state)
        return
    if verb == "rollout":
        action, rest_words = words[0], words[1:]
        (kind, name), = targets(rest_words)
        if action == "status":
            rollout_status(c, kind, ns, name, seconds(flag(flags, "timeout", "0s")) or 600)
            return
        with c.state() as state:
            if action == "restart":
                # Sets an annotation on the pod template, which rolls the pods.
                # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_restart/
                print(cluster.patch(state, kind, ns, name, {"spec": {"template": {"metadata": {"annotations": {
                    "kubectl.kubernetes.io/restartedAt": str(state["now"])}}}}}).replace("patched", "restarted"))
            elif action == "undo":
                # Back to the previous revision's template.
                # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_undo/
                history = state["history"].get(cluster.key(kind, ns, name), [])
                cluster.get(state, kind, ns, name)
                if not history:
                    raise APIError(f'error: no rollout history found for {kind.lower()} "{name}"')
                print(cluster.patch(state, kind, ns, name, {"spec": {"template": history[-1]}}).replace("patched", "rolled back"))
            else:
                raise APIError(f"rehearsal: unsupported kubectl rollout {action}")
            cluster.reconcile(state)
        return
    if verb == "create" and words[:1] == ["job"]:
        source = flag(flags, "from", "")
        if not source.startswith("cronjob/"):
            raise APIError("rehearsal: only create job --from=cronjob/… is emulated")
        name = words[1]
        with c.state() as state:
            job = cluster.job_from_cronjob(state, ns, source.split("/", 1)[1], name)
            if flag(flags, "dry-run") == "client":
                # Printed, not created: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_job/
                print(json.dumps(job, indent=2) if flag(flags, "output") == "json" else yaml.safe_dump(job))
                return
            cluster.create_job(state, job)
        print(f"job.batch/{name} created")
        return
    if verb == "create" and words[:1] == ["token"]:
        # A bound token of the ServiceAccount: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_token/
        with c.state() as state:
            cluster.get(state, "ServiceAccount", ns, words[1])
        print(f"rehearsal-token.{ns}.{words[1]}")
        return
    if verb == "wait":
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/ : waits for the
        # condition to be True; a Failed Job never becomes Complete, so the wait times out.
        # --for=jsonpath={…}=value waits until the field has that value.
        # --for=delete waits until the object is gone (at once if there is none).
        condition = flag(flags, "for", "")
        m = re.fullmatch(r"condition=(\w+)", condition)
        field = re.fullmatch(r"jsonpath=(\{[^}]+\})=(.*)", condition)
        if not m and not field and condition != "delete":
            raise APIError(f"rehearsal: unsupported wait --for={condition}")
        (kind, name), = targets(words)

        def done(state):
            if condition == "delete":
                k = cluster.key(kind, ns, name)
                return k not in state["objects"] and k not in state["pods"] and f"{kind.lower()}/{name} condition met"
            obj = cluster.get(state, kind, ns, name)
            if field:
                return jsonpath(obj, field.group(1)) == field.group(2) and f"{kind.lower()}.apps/{name} condition met"
            if kind == "Pod":
                return obj["status"]["ready"] and f"pod/{name} condition met"
            for cond in obj.get("status", {}).get("conditions", []):
                if cond["type"].lower() == m.group(1).lower() and cond["status"] == "True":
                    return f"{kind.lower()}.batch/{name} condition met"
            return None
        print(wait_until(c, done, seconds(flag(flags, "timeout", "30s")), f"{kind.lower()}/{name}"))
        return
    if verb == "delete":
        # Deleting a pod directly is not an eviction: no PodDisruptionBudget is consulted.
        # https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets
        selector = cluster.parse_selector(flag(flags, "selector", ""))
        with c.state() as state:
            for kind, name in targets(words):
                names = [name] if name else [o["metadata"]["name"] for o in cluster.listing(state, kind, ns, selector)]
                for n in names:
                    cluster.get(state, kind, ns, n)
                    store = state["pods"] if kind == "Pod" else state["objects"]
                    del store[cluster.key(kind, ns, n)]
                    print(f'{kind.lower()} "{n}" deleted')
            cluster.reconcile(state)
        return
    if verb in ("logs", "exec"):
        # Read-only commands of the runbooks: the pod (or the pods of the selector or of a Job)
        # and the container must exist. `logs` prints what the rehearsal ran in the pod (`incluster`).
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_logs/ : job/NAME reads a pod of the Job.
        with c.state() as state:
            if flag(flags, "selector"):
                pods = cluster.listing(state, "Pod", ns, cluster.parse_selector(flag(flags, "selector")))
                if not pods:
                    raise APIError(f"No resources found in {ns} namespace.")
            elif words[0].startswith("job/"):
                job = cluster.get(state, "Job", ns, words[0].split("/", 1)[1])
                pods = cluster.pods_of(state, cluster.key("Job", ns, job["metadata"]["name"]))[:1]
                if not pods:
                    raise APIError(f"error: no pods of job/{job['metadata']['name']}")
            else:
                pods = [cluster.get(state, "Pod", ns, words[0].split("/")[-1])]
            container = flag(flags, "container")
            for pod in pods:
                names = [x["name"] for x in pod["spec"]["containers"]]
                if container and container not in names:
                    raise APIError(f"error: container {container} is not valid for pod {pod['metadata']['name']}")
                if verb == "logs":
                    sys.stdout.write(state.get("logs", {}).get(cluster.key("Pod", ns, pod["metadata"]["name"]), ""))
        return
    raise APIError(f"rehearsal: unsupported kubectl {verb}")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except APIError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
