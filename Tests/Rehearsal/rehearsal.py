"""One rehearsal: a workspace laid out as the product repository (the tree at its root, the gen
package under the folder the workflows build it from, a git repository with a bare remote), the
stand-ins on PATH, an emulated cluster, and the invariants checked after every step.
"""

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

import actions
import cluster
import tree as tree_module

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(os.path.dirname(HERE))
PROMETHEUS = "http://prometheus.rehearsal:9090"
TOKEN = "ghs_rehearsal"
PRODUCT = "rehearsal/product"
# The commit CI built (what a workflow started by CI's completion deploys).
COMMIT = "5e1f0c0ffee0ddba11c0de0123456789abcdef01"
# A value for every GitHub secret: each has the characters that broke scripts before (quotes, $,
# backslash, newline, non-ASCII), so that a quoting bug changes a value or fails the step.
HOSTILE = "it's \"q\" $HOME `x` \\n \\\n日本 🔑"


def previous(image, generation=1):
    """The image of an earlier release: the same repository, the tag suffixed."""
    name, _, tag = image.split("@")[0].rpartition(":")
    return f"{name}:{tag}-previous{generation}"


def with_images(deployment, change):
    """A copy of the Deployment whose containers run `change(image)`."""
    out = copy.deepcopy(deployment)
    for container in out["spec"]["template"]["spec"]["containers"]:
        container["image"] = change(container["image"])
    return out


class Rehearsal:
    def __init__(self, tree, env, test_name, faults=None):
        self.tree, self.env = tree, env
        self.namespace = tree.namespace(env)
        self.dir = tempfile.mkdtemp(prefix=f"rehearsal-{test_name}-")
        self.workspace = os.path.join(self.dir, "workspace")
        self.state_file = os.path.join(self.dir, "cluster.json")
        self.faults = faults or {}
        with open(self.state_file, "w") as f:
            state = cluster.Cluster.empty()
            state["consumers"] = {worker: [cluster.key("Deployment", self.namespace, n) for n in names]
                                  for worker, names in tree.consumers(env).items()}
            json.dump(state, f)
        self.cluster = cluster.Cluster(self.state_file)
        self.bin = os.path.join(self.dir, "bin")
        self.violations = []
        self.full_served = set()
        self.step_calls = []     # (job, step, kubectl calls it made)
        self.calls_so_far = 0
        self.runs = 0
        self.make_workspace()
        self.make_bin()

    # -- set-up ----------------------------------------------------------------------------------

    def make_workspace(self):
        shutil.copytree(self.tree.root, self.workspace, symlinks=True)
        os.makedirs(os.path.join(self.workspace, ".runner-temp"))
        # The gen package, where the workflows build it from (`--package-path P`).
        with open(self.tree.workflow(self.env)) as f:
            text = f.read()
        package = re.search(r"--package-path (\S+)", text)
        if package:
            files = subprocess.run(["git", "-C", REPOSITORY, "ls-files", "Package.swift", "Sources", "environments"],
                                   capture_output=True, text=True, check=True).stdout.split()
            for f in files:
                target = os.path.join(self.workspace, package.group(1), f)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(os.path.join(REPOSITORY, f), target)
        with open(os.path.join(self.workspace, ".gitignore"), "w") as f:
            f.write(".runner-temp/\n")
        self.remote = os.path.join(self.dir, "remote.git")
        git = ["git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@example.invalid"]
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", self.remote], check=True)
        subprocess.run(["git", "init", "-q", "-b", "main", self.workspace], check=True)
        subprocess.run(["git", "-C", self.workspace, "add", "-A"], check=True)
        subprocess.run(git + ["-C", self.workspace, "commit", "-q", "-m", "tree"], check=True)
        subprocess.run(["git", "-C", self.workspace, "push", "-q", self.remote, "main"], check=True)

    def make_bin(self):
        os.makedirs(self.bin)
        for program, target in (("kubectl", ["kubectl.py"]), ("curl", ["standins.py", "curl"]),
                                ("docker", ["standins.py", "docker"]), ("kind", ["standins.py", "kind"]),
                                ("gh", ["standins.py", "gh"]), ("helm", ["prerequisites.py"])):
            path = os.path.join(self.bin, program)
            with open(path, "w") as f:
                args = " ".join(f"'{os.path.join(HERE, target[0])}'" if i == 0 else a for i, a in enumerate(target))
                f.write(f"#!/bin/sh\nexec '{sys.executable}' {args} \"$@\"\n")
            os.chmod(path, 0o755)

    def environment(self):
        real_kubectl = shutil.which("kubectl", path=os.environ["PATH"])
        return {
            "REHEARSAL_STATE": self.state_file, "REHEARSAL_REAL_KUBECTL": real_kubectl,
            "REHEARSAL_PROMETHEUS": PROMETHEUS, "REHEARSAL_GEN": os.environ.get("REHEARSAL_GEN", "gen"),
            "PYTHONPATH": HERE, "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ in the repository
            # `sleep` passes emulated time: bash's SECONDS moves on (the watch loop reads it) and
            # the cluster's clock with it. An exported function, as `export -f` writes it.
            "BASH_FUNC_sleep%%": f"() {{ SECONDS=$((SECONDS + ${{1%s}})); printf '%s\\n' \"${{1%s}}\" >> '{self.state_file}.pending'; }}",
            # git push to the product repository goes to the bare remote.
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{self.remote}.insteadOf",
            "GIT_CONFIG_VALUE_0": f"https://x-access-token:{TOKEN}@github.com/{PRODUCT}.git",
        }

    def path(self):
        return self.bin + os.pathsep + os.environ["PATH"]

    def secrets(self, workflow_file):
        """Every GitHub secret the workflow reads, with a hostile value (the token: the rehearsal's)."""
        with open(workflow_file) as f:
            names = set(re.findall(r"secrets\.([A-Za-z0-9_]+)", f.read()))
        return {n: (TOKEN if n == "GITHUB_TOKEN" else f"{n}={HOSTILE}") for n in sorted(names)}

    def bash(self, script, cwd=None, env=None):
        """Runs a command line the way an operator would, with the stand-ins."""
        full = {"PATH": self.path(), "HOME": self.dir, "LANG": "C.UTF-8", **self.environment(), **(env or {})}
        return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd or self.workspace,
                               env=full, capture_output=True, text=True)

    def live(self, colour=None, other_size=1):
        """The namespace as a previous deploy left it: the Secrets from the generated script, the
        shared objects, `colour` serving the release its overlay pins at full size (git and the
        cluster agree), the other colour at one replica of an earlier release than its overlay's,
        its workers at none (without colours: the environment's Deployments on the previous
        release). Built through
        the emulated API (the same code as the workflows' calls)."""
        values = self.secrets(self.tree.workflow(self.env))
        script = os.path.join(self.workspace, "secrets", f"create-{self.env}.sh")
        result = self.bash(f"bash {script}", env=values)
        assert result.returncode == 0, f"the secrets script failed: {result.stderr}"
        with self.cluster.state() as state:
            for obj in self.tree.objects(self.env):
                if obj["kind"] == "Deployment":
                    obj = with_images(obj, previous)
                cluster.apply(state, obj)
            for c, overlay in self.tree.colours(self.env).items():
                for obj in self.tree.objects(overlay):
                    if obj["kind"] == "Deployment" and c != colour:
                        obj = with_images(obj, previous)
                    cluster.apply(state, obj)
                    if c != colour and obj["kind"] in ("Deployment", "HorizontalPodAutoscaler"):
                        field = "replicas" if obj["kind"] == "Deployment" else "minReplicas"
                        size = 0 if obj["metadata"]["name"] in self.tree.workers(self.env, c) else other_size
                        cluster.patch(state, obj["kind"], self.namespace, obj["metadata"]["name"], {"spec": {field: size}})
            # The CronJob controller has run each scheduled CronJob once.
            for cron in cluster.listing(state, "CronJob", self.namespace):
                if not cron["spec"].get("suspend"):
                    cluster.create_job(state, cluster.job_from_cronjob(
                        state, self.namespace, cron["metadata"]["name"], cron["metadata"]["name"] + "-previous"))
            cluster.tick(state, cluster.STARTUP_SECONDS + 1)
            state["log"] = []
            state["calls"] = 0
        self.check("set-up")
        assert not self.violations, self.violations

    def checkout(self, tree):
        """The workspace becomes `tree` (as when the colour-switch pull request is merged)."""
        self.tree = tree
        for name in os.listdir(tree.root):
            target = os.path.join(self.workspace, name)
            if os.path.isdir(target):
                shutil.rmtree(target)
            source = os.path.join(tree.root, name)
            (shutil.copytree if os.path.isdir(source) else shutil.copy2)(source, target)

    # -- the run ---------------------------------------------------------------------------------

    def run(self, workflow_file=None, cancel_after=None, inputs=None, ci_conclusion="success"):
        """Runs the environment's deploy workflow. A workflow started by CI's completion
        (`workflow_run`) sees a CI run of a push of COMMIT that ended `ci_conclusion`."""
        self.runs += 1
        # Faults act from the run on (the namespace a previous deploy left was healthy).
        with self.cluster.state() as state:
            state["faults"] = self.faults
        workflow_file = workflow_file or os.path.join(self.workspace, ".github", "workflows", f"deploy-{self.env}.yml")
        self.actions = actions.Run(
            workflow_file, self.workspace, self.path(), inputs=inputs or {},
            secrets=self.secrets(workflow_file), variables={"PROMETHEUS_URL": PROMETHEUS},
            github={"run_id": str(4242 + self.runs), "run_attempt": "1", "sha": "0" * 40, "actor": "rehearsal",
                    "repository": PRODUCT, "server_url": "https://github.com", "ref": "refs/heads/main",
                    # https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run
                    "event": {"workflow_run": {"conclusion": ci_conclusion, "event": "push", "head_sha": COMMIT}}},
            after_step=self.after_step,
            cancel_after=cancel_after, extra_env=self.environment())
        return self.actions.run()

    def run_on_kind(self, job):
        """Runs CI's job `job` (`ClusterRehearsal`: the deploy commands on a kind cluster) from an
        empty cluster. Its kind-action step makes the emulated cluster a kind one: nodes have only
        the images loaded into them, and custom resources need their CRDs installed first."""
        ci = os.path.join(self.workspace, ".github", "workflows", "ci.yml")

        def kind_action(inputs):
            # https://kind.sigs.k8s.io/docs/user/configuration/ : a control plane and workers.
            with open(os.path.join(self.workspace, inputs["config"])) as f:
                config = yaml.safe_load(f)
            roles = [n["role"] for n in config["nodes"]]
            if config.get("kind") != "Cluster" or roles.count("control-plane") != 1 or "worker" not in roles:
                return "failure"
            # kind writes the admin's context, `kind-<name>`, and makes it current.
            admin = f"kind-{inputs['cluster_name']}"
            with self.cluster.state() as state:
                state.update({"kind": {"name": inputs["cluster_name"], "workers": roles.count("worker")},
                              "loaded": [], "crds": [],
                              "kubeconfig": {"users": {admin: "admin"}, "contexts": {admin: {"cluster": admin, "user": admin}},
                                             "current": admin}})
            return "success"
        self.actions = actions.Run(
            ci, self.workspace, self.path(), secrets=self.secrets(ci),
            github={"run_id": "4242", "run_attempt": "1", "sha": "0" * 40, "event_name": "push", "repository": PRODUCT},
            after_step=self.after_step, extra_env=self.environment(), only=[job], actions={"helm/kind-action": kind_action})
        return self.actions.run()

    def after_step(self, job, step, outcome):
        calls = self.state()["calls"]
        self.step_calls.append((job, step, calls - self.calls_so_far))
        self.calls_so_far = calls
        self.check(f"{job} › {step} ({outcome})")

    def failure_output(self, job):
        """What the failed steps of `job` printed (the last lines)."""
        return " | ".join(f"{s}: " + " / ".join(self.actions.outputs.get((j, s), "").strip().splitlines()[-3:])
                          for j, s, o in self.actions.steps_run if j == job and o == "failure")

    def remote_branches(self):
        out = subprocess.run(["git", "-C", self.remote, "for-each-ref", "--format=%(refname:short)", "refs/heads"],
                             capture_output=True, text=True, check=True).stdout.split()
        return sorted(out)

    def branch_differs(self, branch, expected_root):
        """Files of the generated tree (the expected one) that differ on the pushed branch, or are missing."""
        out = []
        for folder, _, files in sorted(os.walk(expected_root)):
            for name in sorted(files):
                path = os.path.relpath(os.path.join(folder, name), expected_root)
                shown = subprocess.run(["git", "-C", self.remote, "show", f"{branch}:{path}"], capture_output=True)
                with open(os.path.join(folder, name), "rb") as f:
                    expected = f.read()
                if shown.returncode != 0 or shown.stdout != expected:
                    out.append(path)
        return out

    # -- invariants ------------------------------------------------------------------------------

    def state(self):
        """The cluster now (the time `sleep` let pass applied)."""
        with self.cluster.state() as state:
            return copy.deepcopy(state)

    def public_services(self, state):
        names = [s["metadata"]["name"] for s in self.tree.public_services(self.env)]
        return [state["objects"][k] for n in names if (k := cluster.key("Service", self.namespace, n)) in state["objects"]]

    def full_size_of(self, state, service):
        """The full size of what the Service selects: the sum over the Deployments of the selected
        colour (in the tree) whose pods it selects."""
        colours = self.tree.colours(self.env)
        colour = service["spec"]["selector"].get(self.tree.colour_key(self.env)) if colours else None
        if colours and colour not in colours:
            return None
        sizes = self.tree.full_size(self.env, colour)
        overlay = self.tree.workload_overlay(self.env, colour)
        return sum(sizes[d["metadata"]["name"]] for d in self.tree.deployments_selected(self.env, service, overlay))

    def check(self, where):
        """The invariants that hold after every step."""
        state = self.state()
        for service in self.public_services(state):
            name = service["metadata"]["name"]
            full = self.full_size_of(state, service)
            ready = len(cluster.endpoints(state, service))
            if full is None:
                self.violations.append(f"{where}: Service {name} selects {service['spec']['selector']}, no colour of the tree")
            elif ready >= full:
                self.full_served.add(name)
            elif name in self.full_served:
                self.violations.append(f"{where}: Service {name} selects {self.describe(service)}: {ready} ready pods, full size {full}")
        public = {cluster.key("Service", self.namespace, s["metadata"]["name"]) for s in self.tree.public_services(self.env)}
        for outage in state["outages"]:
            if outage.get("service") in public:
                self.violations.append(f"{where}: {outage['service']} had no ready endpoint at t={outage['at']}s")
            elif "worker" in outage:
                self.violations.append(f"{where}: worker {outage['worker']} had no ready pod at t={outage['at']}s")
            elif "claim" in outage:
                self.violations.append(f"{where}: pods {', '.join(outage['pods'])} both mounted claim {outage['claim']} at t={outage['at']}s")
        state["outages"] = []
        with self.cluster.state() as live:
            live["outages"] = []
        self.violations += [f"{where}: {v}" for v in self.unmet_secret_reads(state)]

    def describe(self, service):
        return ",".join(f"{k}={v}" for k, v in sorted(service["spec"]["selector"].items()))

    def unmet_secret_reads(self, state):
        """A pod template in the cluster reads a Secret or key that does not exist."""
        out = []
        for k, obj in sorted(state["objects"].items()):
            for spec in tree_module.pod_specs(obj):
                for name, key in sorted(tree_module.secret_refs(spec), key=str):
                    secret = state["objects"].get(cluster.key("Secret", obj["metadata"]["namespace"], name))
                    if secret is None:
                        out.append(f"{k} reads Secret {name}, which does not exist")
                    elif key is not None and key not in secret.get("data", {}):
                        out.append(f"{k} reads key {key} of Secret {name}, which it lacks")
        return out

    # -- end states ------------------------------------------------------------------------------

    def serves(self, images_by_deployment, colour=None):
        """Violations unless every public Service selects `colour` (if given) and its ready pods
        run exactly the given release, at full size."""
        state, out = self.state(), []
        key = self.tree.colour_key(self.env) if colour else None
        overlay = self.tree.workload_overlay(self.env, colour)
        for service in self.public_services(state):
            name = service["metadata"]["name"]
            if colour and service["spec"]["selector"].get(key) != colour:
                out.append(f"Service {name} selects {self.describe(service)}, not {key}={colour}")
                continue
            wanted = {i for d in self.tree.deployments_selected(self.env, service, overlay)
                      for i in images_by_deployment.get(d["metadata"]["name"], [])}
            pods = cluster.endpoints(state, service)
            running = sorted({i for p in pods for i in cluster.images(p)})
            stray = [i for i in running if i not in wanted]
            if stray:
                out.append(f"Service {name} ({self.describe(service)}) serves {', '.join(stray)}; expected {', '.join(sorted(wanted))}")
            full = self.full_size_of(state, service)
            if len(pods) < (full or 0):
                out.append(f"Service {name} ({self.describe(service)}) has {len(pods)} ready pods, full size {full}")
        return out

    def workers_run(self, sizes, images_by_deployment):
        """Violations unless each worker Deployment named in `sizes` has exactly that many ready
        pods, all on the given release (a worker on the wrong release consumes the queue with
        code that does not serve)."""
        state, out = self.state(), []
        for name, size in sorted(sizes.items()):
            pods = [p for p in cluster.pods_of(state, cluster.key("Deployment", self.namespace, name)) if p["status"]["ready"]]
            if len(pods) != size:
                out.append(f"worker Deployment {name} has {len(pods)} ready pods, expected {size}")
            stray = sorted({i for p in pods for i in cluster.images(p)} - set(images_by_deployment.get(name, [])))
            if size and stray:
                out.append(f"worker Deployment {name} runs {', '.join(stray)}; expected {', '.join(images_by_deployment.get(name, []))}")
        return out

    def replicas(self, colour):
        state = self.state()
        out = {}
        for name in self.tree.full_size(self.env, colour):
            obj = state["objects"].get(cluster.key("Deployment", self.namespace, name))
            out[name] = obj and obj["spec"].get("replicas")
        return out

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
