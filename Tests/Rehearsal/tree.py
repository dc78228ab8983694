"""What the rehearsal knows of a generated tree, read from the tree itself (never listed here):
the environments (one deploy workflow each), their namespaces, colours, public Services, the
size of each colour's workloads and the release (images) each colour's overlay deploys.
"""

import functools
import os
import re
import subprocess

import yaml


def kustomize(kubectl, directory):
    out = subprocess.run([kubectl, "kustomize", directory], capture_output=True, text=True, check=True)
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def rebuild_rendered(workspace, kubectl):
    """Rewrites every rendered build of a workspace (what the workflows apply) from its
    kustomization, which each file names on its `# kubectl apply -k DIR` line: a mutation made to
    the Kustomize tree reaches what is applied, as `gen` would render it (a test proves gen's
    rendered files equal to kubectl kustomize's builds)."""
    rebuilt = 0
    for folder, _, files in os.walk(workspace):
        for name in files:
            path = os.path.join(folder, name)
            if not name.endswith(".yaml"):
                continue
            with open(path) as f:
                head = f.read(4096)
            m = re.search(r"^# kubectl apply -k (\S+)$", head, re.M)
            if not m:
                continue
            out = subprocess.run([kubectl, "kustomize", os.path.join(workspace, m.group(1))],
                                 capture_output=True, text=True, check=True).stdout
            with open(path, "w") as f:
                f.write(f"# kubectl apply -k {m.group(1)}\n---\n{out}")
            rebuilt += 1
    assert rebuilt, f"no rendered build in {workspace}"


class Tree:
    def __init__(self, root, kubectl):
        self.root, self.kubectl = root, kubectl

    @functools.cached_property
    def environments(self):
        """Environment names, from `.github/workflows/deploy-<env>.yml`."""
        folder = os.path.join(self.root, ".github", "workflows")
        return sorted(m.group(1) for f in os.listdir(folder) if (m := re.fullmatch(r"deploy-(.+)\.yml", f)))

    def workflow(self, env):
        return os.path.join(self.root, ".github", "workflows", f"deploy-{env}.yml")

    def overlay(self, name):
        return os.path.join(self.root, "kubernetes", "overlays", name)

    @functools.lru_cache(maxsize=None)
    def objects(self, overlay):
        return kustomize(self.kubectl, self.overlay(overlay))

    def namespace(self, env):
        return next(o["metadata"]["namespace"] for o in self.objects(env) if o["metadata"].get("namespace"))

    def colours(self, env):
        """{colour: its overlay}: the overlays `<env>-<colour>` that are Kustomizations with a
        label pair they put on every selector (the colour label)."""
        out = {}
        folder = os.path.join(self.root, "kubernetes", "overlays")
        for name in sorted(os.listdir(folder)):
            if not name.startswith(env + "-"):
                continue
            with open(os.path.join(folder, name, "kustomization.yaml")) as f:
                k = yaml.safe_load(f)
            if k.get("kind") == "Kustomization" and any(l.get("includeSelectors") for l in k.get("labels", [])):
                out[name[len(env) + 1:]] = name
        return out

    def colour_key(self, env):
        """The label whose value is the colour (the pair every colour overlay sets)."""
        keys = set()
        for overlay in self.colours(env).values():
            with open(os.path.join(self.overlay(overlay), "kustomization.yaml")) as f:
                for label in yaml.safe_load(f).get("labels", []):
                    keys |= set(label.get("pairs", {}))
        assert len(keys) == 1, f"colour overlays of {env} set several label keys: {keys}"
        return keys.pop()

    def public_services(self, env):
        """Services of the shared overlay whose selector holds the colour label."""
        if not self.colours(env):
            return [o for o in self.objects(env) if o["kind"] == "Service"
                    and any(self.deployments_selected(env, o, env))]
        key = self.colour_key(env)
        return [o for o in self.objects(env) if o["kind"] == "Service" and key in o["spec"].get("selector", {})]

    def active(self, env):
        """The colour the shared overlay's public Services select."""
        key = self.colour_key(env)
        values = {s["spec"]["selector"][key] for s in self.public_services(env)}
        assert len(values) == 1, f"public Services of {env} select several colours: {values}"
        return values.pop()

    def workload_overlay(self, env, colour):
        return self.colours(env)[colour] if colour else env

    def deployments(self, env, colour=None):
        return [o for o in self.objects(self.workload_overlay(env, colour)) if o["kind"] == "Deployment"]

    def name_suffix(self, env, colour):
        """The suffix the colour's overlay appends to every name (`nameSuffix`), "" without colours."""
        if not colour:
            return ""
        with open(os.path.join(self.overlay(self.colours(env)[colour]), "kustomization.yaml")) as f:
            return yaml.safe_load(f).get("nameSuffix", "")

    def workers(self, env, colour=None):
        """Names of the overlay's Deployments that no Service of the environment (any overlay)
        selects: workers, which consume a queue rather than serve."""
        overlays = [env] + list(self.colours(env).values())
        selectors = [o["spec"]["selector"] for overlay in overlays for o in self.objects(overlay)
                     if o["kind"] == "Service" and o["spec"].get("selector")]
        return sorted(d["metadata"]["name"] for d in self.deployments(env, colour)
                      if not any(all(d["spec"]["template"]["metadata"].get("labels", {}).get(k) == v for k, v in s.items())
                                 for s in selectors))

    def consumers(self, env):
        """{worker: the Deployment names that run it, one per colour}: the name without the colour's suffix."""
        out = {}
        for colour in list(self.colours(env)) or [None]:
            suffix = self.name_suffix(env, colour)
            for name in self.workers(env, colour):
                out.setdefault(name[:len(name) - len(suffix)] if suffix else name, []).append(name)
        return out

    def deployments_selected(self, env, service, overlay):
        selector = service["spec"].get("selector", {})
        return [d for d in self.objects(overlay) if d["kind"] == "Deployment"
                and all(d["spec"]["template"]["metadata"].get("labels", {}).get(k) == v for k, v in selector.items())]

    def full_size(self, env, colour=None):
        """{Deployment name: replicas at full size}: the HPA's minReplicas when one targets it,
        else the Deployment's replicas (default 1)."""
        objs = self.objects(self.workload_overlay(env, colour))
        hpas = {o["spec"]["scaleTargetRef"]["name"]: o["spec"]["minReplicas"] for o in objs
                if o["kind"] == "HorizontalPodAutoscaler"}
        return {d["metadata"]["name"]: hpas.get(d["metadata"]["name"], d["spec"].get("replicas", 1))
                for d in self.deployments(env, colour)}

    def release(self, env, colour=None):
        """{Deployment name: its containers' images}: what the overlay deploys."""
        return {d["metadata"]["name"]: [c["image"] for c in d["spec"]["template"]["spec"]["containers"]]
                for d in self.deployments(env, colour)}

    def idle(self, env):
        """The colour the public Services do not select: the one a deploy changes."""
        return next(c for c in self.colours(env) if c != self.active(env))

    def version(self, env):
        """The release tag of the application images a deploy rolls out: the idle colour's (each
        colour pins its own), or the overlay's without colours. All the same, or the rehearsal
        cannot say which version to ask the workflow for. An image built for one environment
        (gen's ImageBuilds: its build inlines configuration) carries the environment's name after
        the version."""
        colours = [self.idle(env)] if self.colours(env) else [None]
        tags = {image.split("@")[0].rsplit(":", 1)[1].removesuffix(f"-{env}") for c in colours
                for images in self.release(env, c).values() for image in images}
        assert len(tags) == 1, f"{env}'s applications run several tags: {tags}"
        return tags.pop()

    def secret_reads(self):
        """Every (namespace, Secret, key) a pod template of any environment reads; key None
        for a whole Secret (envFrom, a volume without items)."""
        reads = set()
        for env in self.environments:
            ns = self.namespace(env)
            overlays = [env] + list(self.colours(env).values())
            for overlay in overlays:
                for o in self.objects(overlay):
                    for spec in pod_specs(o):
                        reads |= {(ns,) + r for r in secret_refs(spec)}
        return reads


def steps(workflow_file, job):
    """The steps of one job of a workflow file."""
    with open(workflow_file) as f:
        return yaml.safe_load(f)["jobs"][job]["steps"]


def pod_specs(obj):
    spec = obj.get("spec", {})
    if obj["kind"] in ("Deployment", "StatefulSet", "Job", "DaemonSet", "ReplicaSet"):
        return [spec["template"]["spec"]]
    if obj["kind"] == "CronJob":
        return [spec["jobTemplate"]["spec"]["template"]["spec"]]
    if obj["kind"] == "Pod":
        return [spec]
    return []


def secret_refs(spec):
    """(Secret, key or None) read by a pod spec, optional references left out.
    https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets"""
    out = set()
    for c in spec.get("containers", []) + spec.get("initContainers", []):
        for e in c.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and not ref.get("optional"):
                out.add((ref["name"], ref["key"]))
        for e in c.get("envFrom", []):
            ref = e.get("secretRef")
            if ref and not ref.get("optional"):
                out.add((ref["name"], None))
    for v in spec.get("volumes", []):
        sources = [v["secret"]] if "secret" in v else [s["secret"] for s in v.get("projected", {}).get("sources", []) if "secret" in s]
        for s in sources:
            name = s.get("secretName") or s.get("name")
            if s.get("optional"):
                continue
            items = s.get("items")
            out |= {(name, i["key"]) for i in items} if items else {(name, None)}
    return out
