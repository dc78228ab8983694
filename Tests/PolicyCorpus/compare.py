"""Compares `gen lint --format json` with checkov on the corpus, concept by concept.

    python compare.py GEN_JSON CHECKOV_JSON GEN_CHECK_IDS MANIFESTS_DIR EXPECTATIONS_YAML

GEN_CHECK_IDS is a file with the ids `gen checks` lists (first column), to know which concepts
gen has a check for. Prints Markdown: totals, one row per concept, and every disagreement with
the expectation that decides it. Exit 0 always (it measures, it does not judge the build).

Findings are compared per (object, concept): a tool "reports" a concept on an object when at
least one of its findings there maps to the concept (gen's cronjob-resources, for instance,
repeats what cpu-requests/memory-* already say: same pair, more findings).
"""
import collections
import json
import os
import sys

import yaml

# gen check id -> concept. Checks not listed (added after this table) become "gen:<id>".
GEN = {
    "run-as-non-root": "run-as-root", "run-as-user-zero": "run-as-root", "privileged": "privileged",
    "allow-privilege-escalation": "privilege-escalation", "read-only-root-filesystem": "read-only-rootfs",
    "drop-all-capabilities": "drop-capabilities", "dangerous-capabilities": "added-capabilities",
    "seccomp-profile": "seccomp", "host-namespaces": "host-namespaces", "host-path-volume": "host-path",
    "host-port": "host-port", "docker-socket": "runtime-socket",
    "default-service-account": "default-service-account", "no-automount-service-account-token": "sa-token",
    "secret-in-env": "literal-secret-env", "rbac-wildcard": "rbac-wildcard",
    "cluster-admin-binding": "cluster-admin-binding", "rbac-pod-exec": "rbac-escalation",
    "liveness-probe": "liveness", "readiness-probe": "readiness", "startup-probe": "startup-probe",
    "probe-port-exposed": "probe-port", "probe-port-undeclared": "probe-port", "identical-probes": "identical-probes",
    "cpu-requests": "cpu-request", "memory-requests": "memory-request", "memory-limit": "memory-limit",
    "cpu-limit": "cpu-limit-set", "ephemeral-storage-limit": "ephemeral-storage",
    "image-tag": "image-tag", "image-pull-policy": "pull-policy",
    "pdb-for-replicated-workload": "pdb-missing", "pdb-blocks-eviction": "pdb-blocks-eviction",
    "pdb-selector-matches": "pdb-selector", "pdb-unhealthy-pod-eviction-policy": "pdb-unhealthy-eviction",
    "statefulset-service-name": "statefulset-service", "hpa-min-replicas-production": "hpa-min-replicas",
    "hpa-target-exists": "hpa-target", "hpa-with-fixed-replicas": "hpa-fixed-replicas",
    "spread-replicas": "spread-replicas",
    "cronjob-concurrency-policy": "cronjob-concurrency", "cronjob-starting-deadline": "cronjob-deadline",
    "cronjob-resources": None,  # by message: the field it names
    "service-selector-matches": "service-selector", "service-target-port": "service-target-port",
    "service-target-port-undeclared": "service-target-port",
    "ingress-backend-exists": "ingress-backend", "ingress-tls": "ingress-tls",
    "networkpolicy-selector-matches": "netpol-selector", "networkpolicy-coverage": "netpol-coverage",
    "removed-api-version": "removed-api", "deprecated-api-version": "deprecated-api",
    "missing-namespace": "namespace", "suppression-reason": "suppression-reason",
    "pod-security-restricted": "pod-security-restricted",
}

# checkov check id -> concept. Checks not listed become "checkov:<id>".
CKV = {
    "CKV_K8S_23": "run-as-root", "CKV_K8S_40": "high-uid", "CKV_K8S_16": "privileged",
    "CKV_K8S_20": "privilege-escalation", "CKV_K8S_22": "read-only-rootfs",
    "CKV_K8S_37": "drop-capabilities", "CKV_K8S_28": "drop-capabilities",
    "CKV_K8S_25": "added-capabilities", "CKV_K8S_39": "added-capabilities",
    "CKV_K8S_29": "security-context", "CKV_K8S_30": "security-context", "CKV_K8S_31": "seccomp",
    "CKV_K8S_17": "host-namespaces", "CKV_K8S_18": "host-namespaces", "CKV_K8S_19": "host-namespaces",
    "CKV_K8S_26": "host-port", "CKV_K8S_27": "runtime-socket",
    "CKV_K8S_41": "default-service-account", "CKV_K8S_42": "default-service-account", "CKV_K8S_38": "sa-token",
    "CKV_K8S_35": "secret-env-ref", "CKV_K8S_49": "rbac-wildcard",
    "CKV_K8S_155": "rbac-escalation", "CKV_K8S_156": "rbac-escalation", "CKV_K8S_157": "rbac-escalation",
    "CKV_K8S_158": "rbac-escalation", "CKV2_K8S_1": "rbac-escalation", "CKV2_K8S_2": "rbac-escalation",
    "CKV2_K8S_3": "rbac-escalation", "CKV2_K8S_4": "rbac-escalation", "CKV2_K8S_5": "rbac-escalation",
    "CKV_K8S_8": "liveness", "CKV_K8S_9": "readiness",
    "CKV_K8S_10": "cpu-request", "CKV_K8S_11": "cpu-limit-missing", "CKV_K8S_12": "memory-request",
    "CKV_K8S_13": "memory-limit",
    "CKV_K8S_14": "image-tag", "CKV_K8S_43": "image-digest", "CKV_K8S_15": "pull-policy",
    "CKV_K8S_21": "namespace", "CKV2_K8S_6": "netpol-coverage",
    "CKV_K8S_152": "ingress-snippet", "CKV_K8S_153": "ingress-snippet", "CKV_K8S_154": "ingress-snippet",
    "CKV_K8S_33": "dashboard-tiller", "CKV_K8S_34": "dashboard-tiller", "CKV_K8S_44": "dashboard-tiller",
    "CKV_K8S_45": "dashboard-tiller", "CKV_K8S_159": "git-sync",
}

# Areas, in the order of the report, and their concepts.
AREAS = [
    ("Security contexts", ["run-as-root", "high-uid", "privileged", "privilege-escalation", "read-only-rootfs",
                           "drop-capabilities", "added-capabilities", "seccomp", "security-context",
                           "pod-security-restricted"]),
    ("Probes", ["liveness", "readiness", "startup-probe", "probe-port", "identical-probes"]),
    ("Resources", ["cpu-request", "memory-request", "memory-limit", "cpu-limit-set", "cpu-limit-missing",
                   "ephemeral-storage"]),
    ("Images", ["image-tag", "image-digest", "pull-policy"]),
    ("Host namespaces, paths, ports", ["host-namespaces", "host-path", "host-port", "runtime-socket"]),
    ("Service accounts", ["default-service-account", "sa-token"]),
    ("Secrets", ["literal-secret-env", "secret-env-ref"]),
    ("RBAC", ["rbac-wildcard", "rbac-escalation", "cluster-admin-binding"]),
    ("PDB, HPA, Service", ["service-selector", "service-target-port", "pdb-missing", "pdb-blocks-eviction",
                           "pdb-selector", "pdb-unhealthy-eviction", "statefulset-service", "hpa-min-replicas",
                           "hpa-target", "hpa-fixed-replicas", "spread-replicas"]),
    ("Ingress", ["ingress-tls", "ingress-backend", "ingress-snippet"]),
    ("Network policies", ["netpol-coverage", "netpol-selector"]),
    ("CronJobs", ["cronjob-concurrency", "cronjob-deadline"]),
    ("API versions, namespaces", ["removed-api", "deprecated-api", "namespace"]),
]

# gen has no "apply a security context" check: its specific checks say which part is missing.
# A checkov CKV_K8S_29/30 finding agrees with gen when gen reports one of these on the object.
SECURITY_CONTEXT_PARTS = {"run-as-root", "privileged", "privilege-escalation", "read-only-rootfs",
                          "drop-capabilities", "seccomp"}

CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "FlowSchema", "PriorityLevelConfiguration",
                  "StorageClass", "PersistentVolume", "CustomResourceDefinition", "ClusterIssuer",
                  "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "PriorityClass",
                  "IngressClass", "RuntimeClass"}
POD_KINDS = {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
             "ReplicationController"}


def gen_concept(finding):
    check = finding["check"]
    if check == "cronjob-resources":
        msg = finding["message"]
        for field, concept in (("requests.cpu", "cpu-request"), ("requests.memory", "memory-request"),
                               ("limits.memory", "memory-limit")):
            if field in msg:
                return concept
        return "gen:cronjob-resources"
    return GEN.get(check) or f"gen:{check}"


def load_objects(directory):
    objects = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(directory, name)) as f:
            for doc in yaml.safe_load_all(f):
                if not isinstance(doc, dict) or "kind" not in doc:
                    continue
                meta = doc.get("metadata") or {}
                objects.append((doc["kind"], meta.get("namespace") or "", meta.get("name", ""), name))
    return objects


def with_namespace(reference):
    """gen writes Kind/name for an object without a namespace; the tables use Kind//name."""
    parts = reference.split("/")
    return f"{parts[0]}//{parts[1]}" if len(parts) == 2 else reference


def checkov_object(resource, objects):
    """Kind/namespace/name for checkov's resource id (Kind.namespace.name[.labels…])."""
    kind, _, rest = resource.partition(".")
    best = None
    for k, ns, name, _ in objects:
        if kind == "Pod" and k in POD_KINDS or k == kind:
            prefix = f"{ns or 'default'}.{name}"
            if rest == prefix or rest.startswith(prefix + "."):
                if best is None or len(name) > len(best[2]) or (k == kind and best[0] != kind):
                    best = (k, ns, name)
    if best is None:
        ns, _, name = rest.partition(".")
        best = (kind, "" if kind in CLUSTER_SCOPED or ns == "default" else ns, name)
    return f"{best[0]}/{best[1]}/{best[2]}"


def main():
    gen_path, ckv_path, gen_ids_path, manifests, expectations_path = sys.argv[1:6]
    gen = json.load(open(gen_path))
    ckv = json.load(open(ckv_path))
    gen_ids = {line.split()[0] for line in open(gen_ids_path) if line.strip() and not line.startswith(" ")
               and "checks;" not in line}
    expectations = yaml.safe_load(open(expectations_path))
    everywhere = set(expectations.get("debatable_everywhere") or [])
    expect = {obj: (set(v.get("must") or []), set(v.get("debatable") or []))
              for obj, v in (expectations.get("objects") or {}).items()}
    objects = load_objects(manifests)

    gen_findings = gen["findings"]
    reports = ckv if isinstance(ckv, list) else [ckv]
    ckv_findings = [f for r in reports if r.get("check_type", "kubernetes") == "kubernetes"
                    for f in (r.get("results") or {}).get("failed_checks", [])]

    pairs = {"gen": collections.defaultdict(list), "checkov": collections.defaultdict(list)}
    for f in gen_findings:
        pairs["gen"][(with_namespace(f["object"]), gen_concept(f))].append(f["check"])
    for f in ckv_findings:
        pairs["checkov"][(checkov_object(f["resource"], objects), CKV.get(f["check_id"], f"checkov:{f['check_id']}"))].append(f["check_id"])
    gen_objects_with_sc = {o for (o, c) in pairs["gen"] if c in SECURITY_CONTEXT_PARTS}

    def reported(tool, obj, concept):
        if (obj, concept) in pairs[tool]:
            return True
        return tool == "gen" and concept == "security-context" and obj in gen_objects_with_sc

    covers = {
        "gen": {GEN[i] for i in gen_ids if GEN.get(i)} | {"cpu-request", "memory-request", "memory-limit"}
        | ({"security-context"} if gen_ids & {"run-as-non-root", "seccomp-profile"} else set()),
        "checkov": set(CKV.values()),
    }

    def verdict(obj, concept):
        must, debatable = expect.get(obj, (set(), set()))
        if concept in must:
            return "must"
        if concept in debatable or concept in everywhere:
            return "debatable"
        return "no"

    all_pairs = set(pairs["gen"]) | set(pairs["checkov"])
    all_pairs |= {(o, "security-context") for o in gen_objects_with_sc if (o, "security-context") in pairs["checkov"]}
    for obj, (must, _) in expect.items():
        all_pairs |= {(obj, c) for c in must}

    rows = collections.OrderedDict()
    for _, concepts in AREAS:
        for c in concepts:
            rows[c] = collections.Counter()
    for obj, concept in sorted(all_pairs):
        g, k, v = reported("gen", obj, concept), reported("checkov", obj, concept), verdict(obj, concept)
        r = rows.setdefault(concept, collections.Counter())
        r["gen"] += g
        r["checkov"] += k
        r["agree"] += g and k
        r["gen_only"] += g and not k
        r["checkov_only"] += k and not g
        r["must"] += v == "must"
        for tool, hit in (("gen", g), ("checkov", k)):
            if hit and v == "must":
                r[f"{tool}_tp"] += 1
            elif hit and v == "no":
                r[f"{tool}_fp"] += 1
            elif not hit and v == "must":
                r[f"{tool}_fn" if concept in covers[tool] else f"{tool}_nocheck"] += 1

    total = collections.Counter()
    for r in rows.values():
        total.update(r)

    print("## Totals\n")
    print(f"- manifests: {len({o[3] for o in objects})}, objects: {len(objects)}")
    print(f"- raw findings: gen {len(gen_findings)} (+{len(gen['suppressed'])} suppressed), checkov {len(ckv_findings)} "
          f"(checkov passed checks: {sum(int((r.get('summary') or {}).get('passed', 0)) for r in reports)})")
    print(f"- (object, concept) pairs reported: gen {total['gen']}, checkov {total['checkov']}")
    print(f"- agreements {total['agree']}, gen-only {total['gen_only']}, checkov-only {total['checkov_only']}")
    print(f"- expected defects (must): {total['must']}")
    for tool in ("gen", "checkov"):
        print(f"- {tool}: right {total[tool + '_tp']}, false positives {total[tool + '_fp']}, "
              f"missed with a check {total[tool + '_fn']}, missed for lack of a check {total[tool + '_nocheck']}")
    print()
    print("## Per concept\n")
    print("| area | concept | gen pairs | checkov pairs | agree | gen-only | checkov-only | must | gen right/FP/missed | checkov right/FP/missed |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    area_of = {c: a for a, cs in AREAS for c in cs}
    for c, r in rows.items():
        if not any(r.values()):
            continue
        def trio(t):
            miss = f"{r[t + '_fn']}" + (f" (+{r[t + '_nocheck']} no check)" if r[t + "_nocheck"] else "")
            return f"{r[t + '_tp']}/{r[t + '_fp']}/{miss}"
        print(f"| {area_of.get(c, 'other')} | {c} | {r['gen']} | {r['checkov']} | {r['agree']} | {r['gen_only']} | "
              f"{r['checkov_only']} | {r['must']} | {trio('gen')} | {trio('checkov')} |")
    print()
    print("## Disagreements and misses\n")
    print("| object | concept | gen | checkov | expected |")
    print("| --- | --- | --- | --- | --- |")
    for obj, concept in sorted(all_pairs, key=lambda p: (list(rows).index(p[1]) if p[1] in rows else 999, p[0])):
        g, k, v = reported("gen", obj, concept), reported("checkov", obj, concept), verdict(obj, concept)
        if g == k and not (v == "must" and not g):
            continue
        gs = ",".join(sorted(set(pairs["gen"].get((obj, concept), [])))) or ("(implied)" if g else "-")
        ks = ",".join(sorted(set(pairs["checkov"].get((obj, concept), [])))) or "-"
        print(f"| {obj} | {concept} | {gs} | {ks} | {v} |")


if __name__ == "__main__":
    main()
