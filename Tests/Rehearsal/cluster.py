"""The emulated cluster: the state of one namespace-scoped Kubernetes API and the controllers the
deploy workflows rely on (Deployment, StatefulSet, HorizontalPodAutoscaler, Job, Service endpoints,
PodDisruptionBudget status), with injectable faults.

No kube-apiserver can run on these machines, so this module models the API semantics the generated
workflows and scripts use, each with the Kubernetes documentation it follows. The state is a JSON
file shared by every `kubectl`, `curl` and `sleep` stand-in a step runs (one process each), locked
while a process changes it. Time is emulated: a kubectl call lasts one second, `sleep N` N seconds (noted in
`<state>.pending`, applied by the next process that opens the state),
and pods become ready `STARTUP_SECONDS` after they are created unless a fault says otherwise.
"""

import contextlib
import copy
import fcntl
import hashlib
import json
import os
import re

import incluster

STARTUP_SECONDS = 3
JOB_SECONDS = 2

# Short names and resource names kubectl accepts, to the kind.
# https://kubernetes.io/docs/reference/kubectl/#resource-types
KINDS = {
    "service": "Service", "services": "Service", "svc": "Service",
    "deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
    "statefulset": "StatefulSet", "statefulsets": "StatefulSet", "sts": "StatefulSet",
    "horizontalpodautoscaler": "HorizontalPodAutoscaler", "hpa": "HorizontalPodAutoscaler",
    "poddisruptionbudget": "PodDisruptionBudget", "pdb": "PodDisruptionBudget",
    "job": "Job", "jobs": "Job", "cronjob": "CronJob", "cronjobs": "CronJob", "cj": "CronJob",
    "pod": "Pod", "pods": "Pod", "po": "Pod", "secret": "Secret", "secrets": "Secret",
    "configmap": "ConfigMap", "configmaps": "ConfigMap", "cm": "ConfigMap",
    "ingress": "Ingress", "ingresses": "Ingress", "ing": "Ingress",
    "replicaset": "ReplicaSet", "replicasets": "ReplicaSet", "rs": "ReplicaSet",
    "serviceaccount": "ServiceAccount", "sa": "ServiceAccount", "networkpolicy": "NetworkPolicy",
    "persistentvolumeclaim": "PersistentVolumeClaim", "pvc": "PersistentVolumeClaim",
    "endpoints": "Endpoints",
}


class APIError(Exception):
    """An error the API server (or kubectl) reports: kubectl prints it and exits 1."""


def kind_of(word):
    kind = KINDS.get(word.lower().split(".")[0])
    if kind is None:
        raise APIError(f'error: the server doesn\'t have a resource type "{word}"')
    return kind


def key(kind, namespace, name):
    return f"{kind}/{namespace}/{name}"


def selects(selector, labels):
    """Label selection. A dict is a `matchLabels` map (every key has that value); a list holds the
    requirements of `parse_selector`, all of which must hold:
    - `key=value`, `key==value`: the label has that value; `key!=value`: it has another, or none;
    - `key in (a,b)`: the label is one of them; `key notin (a,b)`: it is none of them, or absent;
    - `key`: the label exists; `!key`: it does not.
    https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"""
    if isinstance(selector, dict) or selector is None:
        return all(labels.get(k) == v for k, v in (selector or {}).items())
    for key, op, values in selector:
        present = key in labels
        ok = {"=": present and labels[key] in values, "!=": not present or labels[key] not in values,
              "in": present and labels[key] in values, "notin": not present or labels[key] not in values,
              "exists": present, "!": not present}[op]
        if not ok:
            return False
    return True


# One requirement of a selector string: set-based (`key in (…)`, `key notin (…)`), equality-based
# (`key=v`, `key==v`, `key!=v`), existence (`key`, `!key`); requirements are separated by commas
# outside parentheses. https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement
REQUIREMENT = re.compile(r"\s*(?:(?P<set_key>[^\s,!=()]+)\s+(?P<set_op>in|notin)\s*\((?P<values>[^)]*)\)"
                         r"|(?P<eq_key>[^\s,!=()]+)\s*(?P<eq_op>==|!=|=)\s*(?P<value>[^\s,!=()]*)"
                         r"|(?P<not>!)\s*(?P<absent>[^\s,!=()]+)"
                         r"|(?P<present>[^\s,!=()]+))\s*(?:,|$)")


def parse_selector(text):
    """`-l` selectors: a list of (key, operator, values) requirements, for `selects`."""
    out, position = [], 0
    text = (text or "").strip()
    while position < len(text):
        m = REQUIREMENT.match(text, position)
        if not m or m.end() == position:
            raise APIError(f"error: unable to parse requirement: {text[position:]!r}")
        if m.group("set_key"):
            values = {v.strip() for v in m.group("values").split(",") if v.strip()}
            out.append((m.group("set_key"), m.group("set_op"), values))
        elif m.group("eq_key"):
            out.append((m.group("eq_key"), "!=" if m.group("eq_op") == "!=" else "=", {m.group("value")}))
        elif m.group("absent"):
            out.append((m.group("absent"), "!", set()))
        else:
            out.append((m.group("present"), "exists", set()))
        position = m.end()
    return out


def images(template):
    return [c["image"] for c in template["spec"].get("containers", [])]


def template_hash(template):
    return hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()[:10]


class Cluster:
    """One state file: objects by kind/namespace/name, pods, the clock, faults and an event log."""

    def __init__(self, path):
        self.path = path

    @contextlib.contextmanager
    def state(self):
        """The state, locked; written back when the block ends (even on an API error, whose
        effects so far stand, as on a real server)."""
        with open(self.path + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with open(self.path) as f:
                state = json.load(f)
            # Seconds that `sleep` let pass since the last call (it only appends to a file, so
            # that a sleeping loop starts no process).
            pending = self.path + ".pending"
            if os.path.exists(pending):
                with open(pending) as f:
                    seconds = sum(int(float(line)) for line in f if line.strip())
                os.remove(pending)
                tick(state, seconds)
            try:
                yield state
            finally:
                tmp = self.path + ".tmp"
                with open(tmp, "w") as f:
                    json.dump(state, f, sort_keys=True)
                os.replace(tmp, self.path)

    @staticmethod
    def empty(faults=None):
        return {"objects": {}, "lastApplied": {}, "pods": {}, "history": {}, "now": 0, "serial": 0,
                "faults": faults or {}, "log": [], "calls": 0, "outages": []}


# ---------------------------------------------------------------------------------------------
# Writes


def merge(live, manifest, last_applied):
    """kubectl apply's merge: fields in the manifest replace the live ones (maps merged key by key,
    lists replaced), fields the last applied manifest had and this one lacks are removed, fields
    set by others (a `kubectl patch`, a controller) stay.
    https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-apply-calculates-differences-and-merges-changes
    """
    out = copy.deepcopy(live)
    for k in (last_applied or {}):
        if k not in manifest:
            out.pop(k, None)
    for k, v in manifest.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v, (last_applied or {}).get(k) if isinstance((last_applied or {}).get(k), dict) else None)
        else:
            out[k] = copy.deepcopy(v)
    return out


def merge_patch(target, patch):
    """JSON merge patch (RFC 7386), `kubectl patch --type=merge`: null deletes, maps merge, the rest replaces.
    https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#use-a-json-merge-patch-to-update-a-deployment
    """
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def apply(state, obj, namespace=None):
    """Creates or updates one object (client-side apply keeps the last applied manifest, as the
    `kubectl.kubernetes.io/last-applied-configuration` annotation does). Returns kubectl's line."""
    obj = copy.deepcopy(obj)
    meta = obj.setdefault("metadata", {})
    if namespace and not meta.get("namespace"):
        meta["namespace"] = namespace
    if meta.get("namespace") and namespace and meta["namespace"] != namespace:
        # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/ : the namespace of
        # the object must match --namespace.
        raise APIError(f"error: the namespace from the provided object \"{meta['namespace']}\" does not match the namespace \"{namespace}\"")
    if "crds" in state and "." in obj["apiVersion"].split("/")[0] and obj["kind"] not in state["crds"] \
            and not obj["apiVersion"].split("/")[0].endswith(".k8s.io"):
        # A custom resource needs its CustomResourceDefinition first (a fresh cluster has none).
        # https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
        raise APIError(f'error: resource mapping not found for name: "{meta["name"]}": no matches for kind '
                       f'"{obj["kind"]}" in version "{obj["apiVersion"]}"\nensure CRDs are installed first')
    k = key(obj["kind"], meta.get("namespace", ""), meta["name"])
    live = state["objects"].get(k)
    if live is None:
        if obj["kind"] == "Job":
            valid_job_name(meta["name"])
        state["objects"][k] = defaulted(obj)
        if obj["kind"] == "Job":
            started(state, state["objects"][k])
        state.setdefault("created", []).append(k)  # the order of creation, which scenarios check
        verb = "created"
    else:
        merged = merge(live, obj, state["lastApplied"].get(k))
        verb = "unchanged" if merged == live else "configured"
        state["objects"][k] = merged
    state["lastApplied"][k] = obj
    bump_generation(state, k, live)
    return f"{obj['kind'].lower()}/{meta['name']} {verb}"


def defaulted(obj):
    """Defaults the API server sets that the workflows read: a Deployment or StatefulSet without
    `replicas` gets 1. https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas"""
    if obj["kind"] in ("Deployment", "StatefulSet"):
        obj["spec"].setdefault("replicas", 1)
    return obj


def bump_generation(state, k, before):
    """A change of spec is a new generation; a Deployment keeps the templates it ran before (its
    old ReplicaSets), the revisions `rollout undo` goes back to.
    https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment"""
    obj = state["objects"][k]
    meta = obj["metadata"]
    if before is None or before.get("spec") != obj.get("spec"):
        meta["generation"] = meta.get("generation", 0) + 1
    if before is not None and obj["kind"] == "Deployment" and before["spec"]["template"] != obj["spec"]["template"]:
        state["history"].setdefault(k, []).append(before["spec"]["template"])


def patch(state, kind, namespace, name, body):
    k = key(kind, namespace, name)
    live = state["objects"].get(k)
    if live is None:
        raise APIError(f'Error from server (NotFound): {plural(kind)} "{name}" not found')
    patched = merge_patch(live, body)
    state["objects"][k] = patched
    bump_generation(state, k, live)
    return f"{kind.lower()}/{name} {'patched' if patched != live else 'patched (no change)'}"


def plural(kind):
    return {"Ingress": "ingresses"}.get(kind, kind.lower() + "s")


def get(state, kind, namespace, name):
    obj = state["objects"].get(key(kind, namespace, name))
    if kind == "Pod":
        obj = state["pods"].get(key("Pod", namespace, name))
    if obj is None:
        raise APIError(f'Error from server (NotFound): {plural(kind)} "{name}" not found')
    return obj


def listing(state, kind, namespace, selector=None):
    if kind == "Pod":
        items = [p for k, p in sorted(state["pods"].items()) if p["metadata"]["namespace"] == namespace]
    else:
        prefix = f"{kind}/{namespace}/"
        items = [o for k, o in sorted(state["objects"].items()) if k.startswith(prefix)]
    return [o for o in items if selects(selector, o["metadata"].get("labels", {}))]


# ---------------------------------------------------------------------------------------------
# Controllers, run after every call and every emulated second


def faulted(state, fault, image_list):
    return any(image in state["faults"].get(fault, []) for image in image_list)


def new_pod(state, owner, namespace, name, template, template_id):
    state["serial"] += 1
    labels = dict(template["metadata"].get("labels", {}))
    pod = {"kind": "Pod", "apiVersion": "v1",
           "metadata": {"name": name, "namespace": namespace, "labels": labels,
                        "annotations": {"rehearsal/template": template_id, "rehearsal/owner": owner}},
           "spec": copy.deepcopy(template["spec"]),
           "status": {"created": state["now"], "ready": False, "serial": state["serial"]}}
    state["pods"][key("Pod", namespace, name)] = pod
    return pod


def pods_of(state, owner):
    return sorted((p for p in state["pods"].values() if p["metadata"]["annotations"]["rehearsal/owner"] == owner),
                  key=lambda p: p["status"]["serial"])


def reconcile(state):
    """One pass of the controllers over the whole state."""
    # HPA: keeps its target's replicas between minReplicas and maxReplicas (no load in the
    # rehearsal, so it never goes above the current count).
    # https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details
    for hpa in listing_all(state, "HorizontalPodAutoscaler"):
        ref = hpa["spec"]["scaleTargetRef"]
        target = state["objects"].get(key(ref["kind"], hpa["metadata"]["namespace"], ref["name"]))
        if target is not None:
            spec = target["spec"]
            spec["replicas"] = max(hpa["spec"].get("minReplicas", 1), min(hpa["spec"]["maxReplicas"], spec.get("replicas", 1)))
    for dep in listing_all(state, "Deployment"):
        reconcile_deployment(state, dep)
    for sts in listing_all(state, "StatefulSet"):
        reconcile_statefulset(state, sts)
    for job in listing_all(state, "Job"):
        reconcile_job(state, job)
    # Readiness: a pod is ready STARTUP_SECONDS after it starts, unless its release is faulted
    # ("unready"). https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
    # A Job's pod runs to completion and is never a ready endpoint.
    for pod in state["pods"].values():
        st = pod["status"]
        st["ready"] = (state["now"] - st["created"] >= STARTUP_SECONDS
                       and not pod["metadata"]["annotations"]["rehearsal/owner"].startswith("Job/")
                       and not faulted(state, "unready", images(pod)) and pullable(state, pod))


def pullable(state, pod):
    """On a kind cluster ("loaded" in the state: `kind load docker-image`), a node runs an image
    loaded into it or pulls it from its registry. The repositories the runner builds are not
    pullable (CI pushes only after this job, and the registry may be private); public images are.
    Elsewhere every image is pullable.
    https://kind.sigs.k8s.io/docs/user/quick-start/#loading-an-image-into-your-cluster"""
    if "loaded" not in state:
        return True
    ours = {built.rsplit(":", 1)[0] for built in state.get("built", [])}
    return all(image in state["loaded"] or image.split("@")[0].rsplit(":", 1)[0] not in ours for image in images(pod))


def listing_all(state, kind):
    return [o for k, o in sorted(state["objects"].items()) if k.startswith(kind + "/")]


def reconcile_deployment(state, dep):
    """A RollingUpdate Deployment with maxUnavailable 0: the new ReplicaSet (pods of the current
    template) is scaled to `replicas`; old pods are removed only as new ones become ready, so an
    update whose pods never become ready leaves the old ones serving. Surge is not limited (all
    new pods start at once): the workflows wait for the end state only.
    https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
    """
    ns, name = dep["metadata"]["namespace"], dep["metadata"]["name"]
    owner = key("Deployment", ns, name)
    template = dep["spec"]["template"]
    current = template_hash(template)
    desired = dep["spec"].get("replicas", 1)
    pods = pods_of(state, owner)
    new = [p for p in pods if p["metadata"]["annotations"]["rehearsal/template"] == current]
    old = [p for p in pods if p["metadata"]["annotations"]["rehearsal/template"] != current]
    for p in new[desired:]:
        del state["pods"][key("Pod", ns, p["metadata"]["name"])]
    new = new[:desired]
    while len(new) < desired:
        pod = new_pod(state, owner, ns, f"{name}-{current[:8]}-{state['serial'] + 1:05d}", template, current)
        pod["metadata"]["labels"]["pod-template-hash"] = current[:8]
        new.append(pod)
    ready_new = sum(1 for p in new if p["status"]["ready"])
    keep_old = max(0, desired - ready_new)
    for p in old[keep_old:]:
        del state["pods"][key("Pod", ns, p["metadata"]["name"])]
    old = old[:keep_old]
    ready = sum(1 for p in new + old if p["status"]["ready"])
    dep["status"] = {"observedGeneration": dep["metadata"].get("generation", 1), "replicas": len(new) + len(old),
                     "updatedReplicas": len(new), "readyReplicas": ready, "availableReplicas": ready}


def reconcile_statefulset(state, sts):
    """Pods `<name>-0…` of the current template (OrderedReady is not modelled: the workflows wait
    for the end state). https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/"""
    ns, name = sts["metadata"]["namespace"], sts["metadata"]["name"]
    owner = key("StatefulSet", ns, name)
    current = template_hash(sts["spec"]["template"])
    desired = sts["spec"].get("replicas", 1)
    for p in pods_of(state, owner):
        index = int(p["metadata"]["name"].rsplit("-", 1)[1])
        if index >= desired or p["metadata"]["annotations"]["rehearsal/template"] != current:
            del state["pods"][key("Pod", ns, p["metadata"]["name"])]
    for index in range(desired):
        if key("Pod", ns, f"{name}-{index}") not in state["pods"]:
            pod = new_pod(state, owner, ns, f"{name}-{index}", sts["spec"]["template"], current)
            state.setdefault("claims", []).extend(c for c in mounted_claims(state, pod) if c not in state["claims"])
    pods = pods_of(state, owner)
    ready = sum(1 for p in pods if p["status"]["ready"])
    sts["status"] = {"observedGeneration": sts["metadata"].get("generation", 1), "replicas": len(pods),
                     "readyReplicas": ready, "currentReplicas": len(pods), "updatedReplicas": len(pods),
                     "availableReplicas": ready}


def job_from_cronjob(state, namespace, cronjob, name):
    """A Job from a CronJob's jobTemplate, annotated and owned by the CronJob as kubectl makes it
    (kubectl's create_job.go, createJobFromCronJob: the annotation
    `cronjob.kubernetes.io/instantiate: manual` and an ownerReference to the CronJob, controller).
    Returned, not created. https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_job/"""
    cron = get(state, "CronJob", namespace, cronjob)
    template = cron["spec"]["jobTemplate"]
    return {"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": name, "namespace": namespace, "labels": dict(template.get("metadata", {}).get("labels", {})),
                         "annotations": {"cronjob.kubernetes.io/instantiate": "manual"},
                         "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": cronjob, "controller": True}]},
            "spec": copy.deepcopy(template["spec"])}


def create_job(state, job):
    """Creates a Job (kubectl create): it starts now."""
    valid_job_name(job["metadata"]["name"])
    k = key("Job", job["metadata"]["namespace"], job["metadata"]["name"])
    if k in state["objects"]:
        raise APIError(f'Error from server (AlreadyExists): jobs.batch "{job["metadata"]["name"]}" already exists')
    state.setdefault("created", []).append(k)
    state["objects"][k] = started(state, job)


def valid_job_name(name):
    """A Job's name is a DNS subdomain of at most 63 characters (the Job controller copies it into
    the `job-name` label of its pods, a label value). The API server's message.
    https://kubernetes.io/docs/concepts/workloads/controllers/job/#writing-a-job-spec"""
    subdomain = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
    if not re.fullmatch(subdomain, name) or len(name) > 63:
        raise APIError(f'The Job "{name}" is invalid: metadata.name: Invalid value: "{name}": a lowercase RFC 1123 '
                       "subdomain of at most 63 characters must consist of lower case alphanumeric characters, '-' or '.', "
                       "and must start and end with an alphanumeric character")


def started(state, job):
    """A new Job, noted with its creation time and the CronJob it came from (its controller),
    which the rehearsal's checks read."""
    cronjob = next((o["name"] for o in job["metadata"].get("ownerReferences", [])
                    if o.get("kind") == "CronJob" and o.get("controller")), None)
    annotations = job["metadata"].setdefault("annotations", {})
    annotations["rehearsal/created"] = str(state["now"])
    if cronjob:
        annotations["rehearsal/cronjob"] = cronjob
    job["status"] = {}
    return job


def mounted_claims(state, pod):
    """The PersistentVolumeClaims a pod mounts, as `<namespace>/<claim>` (claims are namespaced):
    its volumes' and, for a StatefulSet's pod, one per volumeClaimTemplate, named `<template>-<pod>`.
    https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage"""
    claims = [v["persistentVolumeClaim"]["claimName"] for v in pod["spec"].get("volumes", []) if "persistentVolumeClaim" in v]
    owner = state["objects"].get(pod["metadata"]["annotations"]["rehearsal/owner"], {})
    if owner.get("kind") == "StatefulSet":
        claims += [f'{t["metadata"]["name"]}-{pod["metadata"]["name"]}' for t in owner["spec"].get("volumeClaimTemplates", [])]
    return [f'{pod["metadata"]["namespace"]}/{claim}' for claim in claims]


def running(state, pod):
    """A pod runs until it is deleted, or, for a Job's pod, until its Job ends."""
    owner = pod["metadata"]["annotations"]["rehearsal/owner"]
    return not owner.startswith("Job/") or not state["objects"].get(owner, {}).get("status", {}).get("conditions")


def reconcile_job(state, job):
    """A Job ends JOB_SECONDS after it is created: the condition `Complete` or `Failed` is set.
    It fails if its CronJob is faulted ("job-fails") or, when the rehearsal executes its command
    (`incluster`: the smoke tests' curl), if that command fails; its output is the pod's log.
    https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup"""
    st = job.setdefault("status", {})
    annotations = job["metadata"].get("annotations", {})
    ns, name = job["metadata"]["namespace"], job["metadata"]["name"]
    owner = key("Job", ns, name)
    if not pods_of(state, owner) and not st.get("conditions"):
        new_pod(state, owner, ns, f"{name}-{state['serial'] + 1:05d}", job["spec"]["template"], "job")
    if st.get("conditions") or state["now"] - int(annotations.get("rehearsal/created", 0)) < JOB_SECONDS:
        return
    # A pod whose claim does not exist stays Pending: its Job never ends (a StatefulSet's claims
    # exist once its pod was created, and outlive it).
    # https://kubernetes.io/docs/concepts/storage/persistent-volumes/#using
    if any(c not in state.get("claims", []) for pod in pods_of(state, owner) for c in mounted_claims(state, pod)):
        return
    failed = annotations.get("rehearsal/cronjob") in state["faults"].get("job-fails", [])
    failed = failed or not all(pullable(state, pod) for pod in pods_of(state, owner))
    for pod in pods_of(state, owner):
        result = incluster.run(state, pod, pod["spec"]["containers"][0].get("command", []))
        if result is not None:
            failed = failed or result[0] != 0
            state.setdefault("logs", {})[key("Pod", ns, pod["metadata"]["name"])] = result[1]
    st["conditions"] = [{"type": "Failed" if failed else "Complete", "status": "True"}]
    st["succeeded" if not failed else "failed"] = 1


def tick(state, seconds=1):
    """Emulated time passes; the controllers run every second."""
    for _ in range(seconds):
        state["now"] += 1
        reconcile(state)
        record_outages(state)


def record_outages(state):
    """Notes every second in which a Service that had ready endpoints has none: the rehearsal
    fails on any, since a public Service must never stop serving."""
    served = state.setdefault("served", [])
    for svc in listing_all(state, "Service"):
        k = key("Service", svc["metadata"]["namespace"], svc["metadata"]["name"])
        if not svc["spec"].get("selector"):
            continue
        if endpoints(state, svc):
            if k not in served:
                served.append(k)
        elif k in served:
            state["outages"].append({"service": k, "at": state["now"]})
    # A worker consumes a queue instead of serving: one of its Deployments (one per colour,
    # `consumers`: {worker: Deployment keys}, set by the rehearsal) must have a ready pod every
    # second once one had, or the queue stops draining.
    consuming = state.setdefault("consuming", [])
    for worker, owners in sorted(state.get("consumers", {}).items()):
        if any(p["status"]["ready"] for owner in owners for p in pods_of(state, owner)):
            if worker not in consuming:
                consuming.append(worker)
        elif worker in consuming:
            state["outages"].append({"worker": worker, "at": state["now"]})
    # A volume holds one server's files: two running pods on one claim (a restore's Job beside the
    # database it restores, say) would both write them. ReadWriteOnce does not prevent it (pods of
    # one node share the volume). https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
    holders = {}
    for pod in state["pods"].values():
        if running(state, pod):
            for claim in mounted_claims(state, pod):
                holders.setdefault(claim, []).append(f'{pod["metadata"]["namespace"]}/{pod["metadata"]["name"]}')
    for claim, pods in sorted(holders.items()):
        if len(pods) > 1:
            state["outages"].append({"claim": claim, "pods": sorted(pods), "at": state["now"]})


# ---------------------------------------------------------------------------------------------
# Reads of the data plane


def endpoints(state, svc):
    """The ready pods a Service selects: only ready pods are endpoints.
    https://kubernetes.io/docs/concepts/services-networking/service/#endpointslices"""
    ns = svc["metadata"]["namespace"]
    return [p for p in listing(state, "Pod", ns, svc["spec"]["selector"]) if p["status"]["ready"]]


def health(state, svc, port_name, path):
    """GET `path` on a Service's port: 503 without endpoints; otherwise the pod that answers
    (the first by name: the rehearsal checks every pod the same way) gives 503 when its release is
    faulted ("unhealthy"), 200 otherwise. Returns (status, body)."""
    ports = [p.get("name") for p in svc["spec"].get("ports", [])] + [str(p.get("port")) for p in svc["spec"].get("ports", [])]
    if port_name not in ports:
        return 503, f'no port "{port_name}" on service {svc["metadata"]["name"]}'
    ready = endpoints(state, svc)
    if not ready:
        return 503, f'no endpoints available for service "{svc["metadata"]["name"]}"'
    unhealthy = [p for p in ready if faulted(state, "unhealthy", images(p))]
    if unhealthy:
        return 503, f"{path}: 503 from {unhealthy[0]['metadata']['name']}"
    return 200, '{"status":"ok"}'


def ingress_backend(state, host, path):
    """The Service and port an Ingress routes `host` + `path` to (longest Prefix match).
    https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types"""
    best = None
    for ing in listing_all(state, "Ingress"):
        for rule in ing["spec"].get("rules", []):
            if rule.get("host") != host:
                continue
            for p in rule.get("http", {}).get("paths", []):
                prefix = p["path"].rstrip("/")
                if path == prefix or path.startswith(prefix + "/") or prefix == "":
                    if best is None or len(prefix) > len(best[0]):
                        svc = p["backend"]["service"]
                        port = svc["port"].get("name") or str(svc["port"].get("number"))
                        best = (prefix, ing["metadata"]["namespace"], svc["name"], port)
    return best


def error_ratio(state, query):
    """The 5xx ratio the workflow's PromQL query asks for, from the pods its `pod=~"…"` matcher
    selects in its namespace: 0.2 when one of them runs a release faulted with "errors", 0.01
    otherwise, no data without such pods. Only those two matchers are read."""
    ns = re.search(r'namespace="([^"]+)"', query)
    pods = re.search(r'pod=~"([^"]+)"', query)
    if not ns or not pods:
        raise APIError(f"rehearsal: the Prometheus stand-in cannot read {query!r}")
    matcher = re.compile(pods.group(1))
    selected = [p for p in listing(state, "Pod", ns.group(1)) if matcher.fullmatch(p["metadata"]["name"])]
    if not selected:
        return None
    return 0.2 if any(faulted(state, "errors", images(p)) for p in selected) else 0.01


def pdb_status(state, pdb):
    """disruptionsAllowed = healthy pods − (expected pods − maxUnavailable).
    https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets"""
    ns = pdb["metadata"]["namespace"]
    selector = pdb["spec"]["selector"].get("matchLabels", {})
    pods = listing(state, "Pod", ns, selector)
    healthy = sum(1 for p in pods if p["status"]["ready"])
    expected = 0
    for dep in listing(state, "Deployment", ns):
        if selects(selector, dep["spec"]["template"]["metadata"].get("labels", {})):
            expected += dep["spec"].get("replicas", 1)
    allowed = healthy - (expected - pdb["spec"].get("maxUnavailable", 0)) if "maxUnavailable" in pdb["spec"] \
        else healthy - pdb["spec"].get("minAvailable", 0)
    return {"currentHealthy": healthy, "expectedPods": expected, "disruptionsAllowed": max(0, allowed),
            "desiredHealthy": expected - pdb["spec"].get("maxUnavailable", 0)}
