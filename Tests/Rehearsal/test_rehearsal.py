"""The rehearsal's scenarios: the generated deploy workflows run step by step against the emulated
cluster, with the invariants checked after every step (rehearsal.Rehearsal.check) and the end
state checked against what the scenario must leave.

Every scenario is derived from the tree: the environments, colours, steps, kubectl calls, CronJobs
and images come from the generated files of $REHEARSAL_TREES/<colour>/ (the tree with that colour
recorded active; scripts/rehearse.sh writes them with gen's model).
"""

import base64
import os
import re
import unittest

import yaml

import cluster
import incluster
import prerequisites
import rehearsal
import tree as tree_module

TREES = os.environ["REHEARSAL_TREES"]
KUBECTL = os.environ["REHEARSAL_REAL_KUBECTL"]
# A rollback that ends on other images than the old colour's release (as when the old colour's
# overlay carried the new release): the violation `serves` reports.
ROLLED_ONTO_OTHER_IMAGES = r"serves .*; expected "



def family(folder):
    """{colour: the tree with that colour recorded active}, from the folder RehearsalTrees wrote."""
    return {colour: tree_module.Tree(os.path.join(folder, colour), KUBECTL) for colour in sorted(os.listdir(folder))}


trees = family(TREES)
any_tree = next(iter(trees.values()))
# The extended product (GeneratorTests/ExtendedProduct.swift: Secure Messenger plus a routed
# service, a worker and a scheduled job): its deploys are rehearsed too, so that what only it has
# (a worker's switch) runs against the cluster, not only in unit tests.
extended = family(os.environ["REHEARSAL_EXTENDED_TREES"]) if os.environ.get("REHEARSAL_EXTENDED_TREES") else {}


class Scenario(unittest.TestCase):
    def rehearse(self, tree, env, faults=None):
        r = rehearsal.Rehearsal(tree, env, self.id().rsplit(".", 1)[-1][:40], faults)
        self.addCleanup(r.cleanup)
        return r

    def verdict(self, violations):
        """No violation."""
        self.assertEqual(violations, [], "\n".join(violations))

    def deploy(self, tree, env, faults=None, cancel_after=None):
        """The deploy from `tree`'s active colour to the idle one, from a live namespace."""
        r = self.rehearse(tree, env, faults)
        r.live(tree.active(env))
        jobs = r.run(inputs={"version": tree.version(env)}, cancel_after=cancel_after)
        return r, jobs


def blue_green_environments(group=None):
    one = next(iter((group or trees).values()))
    return [env for env in one.environments if one.colours(env)]


def rolling_environments(group=None):
    one = next(iter((group or trees).values()))
    return [env for env in one.environments if not one.colours(env)]


def deploy_job(tree, env):
    """The id of the job that changes the cluster: the one whose steps run kubectl apply."""
    with open(tree.workflow(env)) as f:
        jobs = yaml.safe_load(f)["jobs"]
    return next(j for j, job in jobs.items() if any("kubectl apply" in s.get("run", "") for s in job["steps"]))


class BlueGreen(Scenario):
    """Deploys of the idle colour from a namespace where the active colour serves the previous release."""

    @staticmethod
    def succeeded(r, jobs, tree, env, colour):
        """The new release serves at full size, the old colour runs one replica."""
        idle = next(c for c in tree.colours(env) if c != colour)
        job = deploy_job(tree, env)
        out = [] if jobs[job]["result"] == "success" else [f"the {job} job ended {jobs[job]['result']}: {r.failure_output(job)}"]
        out += r.serves(tree.release(env, idle), idle)
        workers = tree.workers(env, colour)
        out += [f"old colour {colour}: Deployment {d} has {n} replicas, expected {0 if d in workers else 1}"
                for d, n in r.replicas(colour).items() if n != (0 if d in workers else 1)]
        out += r.workers_run(worker_sizes(tree, env, running=idle), tree.release(env, idle))
        return r.violations + out

    @staticmethod
    def consistent(r, jobs, tree, env, colour):
        """Whatever the outcome (a retried call may absorb an error), the end state is that
        outcome's: a success serves the new release, a failure the old one."""
        job = deploy_job(tree, env)
        if jobs[job]["result"] == "success":
            return BlueGreen.succeeded(r, jobs, tree, env, colour)
        return BlueGreen.failed(r, jobs, tree, env, colour)

    @staticmethod
    def failed(r, jobs, tree, env, colour):
        """The deploy failed and the old colour serves its release (the one its overlay pins) at full size."""
        job = deploy_job(tree, env)
        out = [] if jobs[job]["result"] in ("failure", "cancelled", "skipped") else [f"the {job} job ended {jobs[job]['result']}, expected a failure"]
        out += r.workers_run(worker_sizes(tree, env, running=colour), tree.release(env, colour))
        return r.violations + out + r.serves(tree.release(env, colour), colour)


def worker_sizes(tree, env, running):
    """{worker Deployment: ready pods expected}: each worker's full size (as the tree's active
    colour runs it) in the colour `running` (None without colours), none in the other colours (two releases must not
    both consume the queue once a deploy has ended)."""
    active = tree.full_size(env, tree.active(env) if tree.colours(env) else None)
    out = {}
    for names in tree.consumers(env).values():
        size = next(active[n] for n in names if n in active)
        out.update({n: size if n in tree.workers(env, running) else 0 for n in names})
    return out


class ExtendedProduct(Scenario):
    """The same deploy scenarios on the extended product's trees: its worker is switched with the
    traffic (the consumption invariant holds at every emulated second), its service and scheduled
    job move with the release."""


def scenarios(group, classes, full):
    """Adds one test method per scenario of the trees `group`, derived from them: to
    `classes[kind]` for each kind (blue-green, rolling, runbooks). `full` also adds the exhaustive
    faults (a cancellation after every step, an API error at every call) for the committed tree,
    and the record job's check (the gen the workflows run knows Secure Messenger only)."""
    one = next(iter(group.values()))
    for env in blue_green_environments(group):
        for colour, tree in group.items():
            if colour not in tree.colours(env) or tree.active(env) != colour:
                continue
            add_blue_green(env, colour, tree, group, classes["blue-green"],
                           full=full and colour == os.environ.get("REHEARSAL_COMMITTED", colour), record=full)
        add_chain(env, group, classes["blue-green"])
        add_first_deploy(env, one, classes["blue-green"])
    for env in rolling_environments(group):
        add_rolling(env, one, classes["rolling"])
    for env in one.environments:
        add_runbooks(env, one, classes["runbooks"])


def test(cls, name, function):
    name = "test_" + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
    assert not hasattr(cls, name), name
    setattr(cls, name, function)


def add_blue_green(env, colour, tree, group, cls, full, record):
    """The deploy from `colour` to the idle one, and failures injected: every fault kind, and (for
    the committed tree, `full`) a cancellation after every step and an API error in every step."""
    idle = next(c for c in tree.colours(env) if c != colour)
    new_images = sorted({i for images in tree.release(env, idle).values() for i in images})
    job = deploy_job(tree, env)
    steps = tree_module.steps(tree.workflow(env), job)

    def normal(self):
        r, jobs = self.deploy(tree, env)
        self.verdict(BlueGreen.succeeded(r, jobs, tree, env, colour))
    test(cls, f"{env} {colour} to {idle}: the new release serves, the old colour keeps one replica", normal)

    def recorded(self):
        r, jobs = self.deploy(tree, env)
        self.verdict(record_violations(r, jobs, group[idle]))
    if record:
        test(cls, f"{env} {colour} to {idle}: the record job proposes the tree of {idle} active", recorded)

    faults = [("rollout timeout", {"unready": new_images}), ("failing smoke test", {"unhealthy": new_images}),
              ("error ratio over 5 %", {"errors": new_images}), ("Prometheus unreachable", {"prometheus-down": True}),
              ("a missing image", {"missing-image": new_images[:1]})]
    faults += [(f"job from cronjob/{c} fails", {"job-fails": [c]}) for c in cronjobs_created(tree, env)]
    for label, fault in faults:
        def failing(self, fault=fault):
            r, jobs = self.deploy(tree, env, fault)
            self.verdict(BlueGreen.failed(r, jobs, tree, env, colour))
        test(cls, f"{env} {colour} to {idle} fails: {label}", failing)

    if not full:
        return
    for index, step in enumerate(steps):
        if index == len(steps) - 1:
            continue  # the last step (the switch-back itself) ends the job either way

        def cancelled(self, index=index):
            r, jobs = self.deploy(tree, env, cancel_after=lambda j, i: j == job and i == index)
            self.verdict(BlueGreen.consistent(r, jobs, tree, env, colour))
        test(cls, f"{env} {colour} to {idle} cancelled after step {index + 1} {step.get('name', '')}", cancelled)

    calls = kubectl_calls(tree, env, job, steps)


    # A switch step that fails at its first call switched nothing; at its last, it switched some
    # Services (the switch-back must undo those too).
    for call, step_index, last in calls:
        def api_error(self, call=call):
            r, jobs = self.deploy(tree, env, {"fail-call": [call]})
            self.verdict(BlueGreen.consistent(r, jobs, tree, env, colour))
        test(cls, f"{env} {colour} to {idle} fails: kubectl call {call} of step {step_index + 1}", api_error)


def cronjobs_created(tree, env):
    with open(tree.workflow(env)) as f:
        return sorted(set(re.findall(r"--from=cronjob/([A-Za-z0-9-]+)", f.read())))


def kubectl_calls(tree, env, job, steps):
    """(call number, step index, whether it is the step's last call) of the first and the last
    kubectl call of every step of `job` that makes one, counted in a run without faults: a step
    that fails at its start, and one that fails half-way."""
    r = rehearsal.Rehearsal(tree, env, "count", {})
    try:
        r.live(tree.active(env))
        r.run(inputs={"version": tree.version(env)})
        names = [s.get("name") for s in steps]
        out, call = [], 0
        for j, step, count in r.step_calls:
            if j == job and count:
                out.append((call + 1, names.index(step), count == 1))
                if count > 1:
                    out.append((call + count, names.index(step), True))
            call += count
        return out
    finally:
        r.cleanup()


def record_violations(r, jobs, expected):
    """The record job succeeded and pushed a branch whose tree is the tree of the new colour."""
    out = [f"record: the job ended {jobs.get('record', {}).get('result')}: {r.failure_output('record')}"] \
        if jobs.get("record", {}).get("result") != "success" else []
    pushed = [b for b in r.remote_branches() if b != "main"]
    if len(pushed) != 1:
        out.append(f"record: {len(pushed)} branches were pushed, expected 1: {pushed}")
    else:
        differing = r.branch_differs(pushed[0], expected.root)
        out += [f"record: the pushed tree differs from the generated one in {d}" for d in differing[:10]]
    return out


def add_chain(env, group, cls):
    colours = [c for c in group if c in next(iter(group.values())).colours(env)]

    def chain(self):
        first, second = colours[0], colours[1]
        r = self.rehearse(group[first], env)
        r.live(first)
        violations = []
        for colour in (first, second):
            tree = group[colour]
            r.checkout(tree)
            jobs = r.run(inputs={"version": tree.version(env)})
            violations += [f"deploy from {colour}: {v}" for v in BlueGreen.succeeded(r, jobs, tree, env, colour)]
            r.violations = []
        self.verdict(violations)
    test(cls, f"{env} {colours[0]} to {colours[1]} then back", chain)


def add_first_deploy(env, tree, cls):
    def first(self):
        colour = tree.active(env)
        r = self.rehearse(tree, env)
        jobs = r.run(inputs={"version": tree.version(env)})
        idle = next(c for c in tree.colours(env) if c != colour)
        job = deploy_job(tree, env)
        out = [] if jobs[job]["result"] == "success" else [f"first deploy: the {job} job ended {jobs[job]['result']}: {r.failure_output(job)}"]
        out += [f"first deploy: {v}" for v in r.serves(tree.release(env, idle), idle)
                + r.workers_run(worker_sizes(tree, env, running=idle), tree.release(env, idle))]
        self.verdict(r.violations + out)
    test(cls, f"{env} first deploy into an empty namespace", first)


class Rolling(Scenario):
    """Deploys of an environment without colours (rolling updates)."""


def ci_built(tree, env):
    """The repositories whose images the workflow checks CI pushed for the commit (`<repo>:sha-…`)."""
    with open(tree.workflow(env)) as f:
        return set(re.findall(r"imagetools inspect \"?([^\s\":]+):sha-", f.read()))


def add_rolling(env, tree, cls):
    built = ci_built(tree, env)
    # What the deploy must run: CI's build of the commit for the images CI builds (with what the
    # overlay's tag carries after the version: an environment's own build), the overlay's own
    # images for the others.
    version = tree.version(env)

    def commit_build(image):
        name, tag = image.split('@')[0].rsplit(':', 1)
        return f"{name}:sha-{rehearsal.COMMIT}{tag.removeprefix(version)}" if name in built else image
    release = {d: [commit_build(i) for i in images] for d, images in tree.release(env).items()}
    old = {d: [rehearsal.previous(i) for i in images] for d, images in tree.release(env).items()}
    images = sorted({i for v in release.values() for i in v})
    job = deploy_job(tree, env)
    workers = worker_sizes(tree, env, running=None)

    def ended(r, jobs, expected):
        return [] if jobs[job]["result"] == expected else \
            [f"the {job} job ended {jobs[job]['result']}, expected {expected}: {r.failure_output(job)}"]

    def first(self):
        r = self.rehearse(tree, env)
        jobs = r.run()
        self.verdict(r.violations + ended(r, jobs, "success") + r.serves(release) + r.workers_run(workers, release))
    test(cls, f"{env} first deploy into an empty namespace", first)

    def again(self):
        r = self.rehearse(tree, env)
        r.live()
        jobs = r.run()
        self.verdict(r.violations + ended(r, jobs, "success") + r.serves(release) + r.workers_run(workers, release))
    test(cls, f"{env} deploy over the previous release", again)

    def timeout(self):
        # maxUnavailable 0: the old pods serve until the new ones are ready, which they never are.
        r = self.rehearse(tree, env, {"unready": images})
        r.live()
        jobs = r.run()
        self.verdict(r.violations + ended(r, jobs, "failure") + r.serves(old) + r.workers_run(workers, old))
    test(cls, f"{env} rollout timeout leaves the previous release serving", timeout)

    if not built:
        return

    def ci_failed(self):
        r = self.rehearse(tree, env)
        r.live()
        jobs = r.run(ci_conclusion="failure")
        self.verdict(r.violations + ended(r, jobs, "skipped") + r.serves(old))
    test(cls, f"{env} CI failed on the commit: nothing is deployed", ci_failed)

    def missing(self):
        r = self.rehearse(tree, env, {"missing-image": images[:1]})
        r.live()
        jobs = r.run()
        calls = [c for c in r.state()["log"] if c[:1] == ["kubectl"] and "apply" in c]
        self.verdict(r.violations + ended(r, jobs, "failure") + r.serves(old)
                     + [f"the cluster was changed before the images were checked: {calls}"] * bool(calls))
    test(cls, f"{env} an image CI did not push stops the deploy before it changes anything", missing)


class Runbooks(Scenario):
    """The runbooks' commands against the namespace a deploy left."""


def add_runbooks(env, tree, cls):
    def runbooks(self):
        r = self.rehearse(tree, env)
        colours = tree.colours(env)
        # After a deploy over the previous release: every object exists and has a history.
        r.live(tree.active(env) if colours else None)
        r.run(inputs={"version": tree.version(env)} if colours else {})
        self.verdict(runbook_violations(r, tree, env))
    test(cls, f"{env} every runbook command resolves", runbooks)


def for_environment(text, env):
    """A runbook page as it applies to `env`: the general text, and of a section of per-environment
    commands (a `## ` heading whose `### ` subsections are named after environments) only `env`'s."""
    out, skipping, in_section = [], False, False
    for line in text.split("\n"):
        if line.startswith("## "):
            in_section, skipping = False, False
        elif line.startswith("### ") and (in_section or out and any(l.startswith("## ") for l in out)):
            in_section = True
            skipping = line[4:].split()[0] != env
        if not skipping:
            out.append(line)
    return "\n".join(out)


def runbook_violations(r, tree, env):
    """Runs every `kubectl …` command of the runbooks (inline code) against a copy of the cluster,
    from the repository root: placeholders `<namespace>` and `<env>` take the environment's values,
    `<job>` each job the page's query names; commands with other placeholders (a pod, a node) are
    the operator's to fill. Of the per-environment commands, only the environment's own run."""
    out = []
    folder = os.path.join(r.workspace, "docs", "runbooks")
    for page in sorted(os.listdir(folder)):
        with open(os.path.join(folder, page)) as f:
            text = for_environment(f.read(), env)
        jobs = re.findall(r'job=~?"([^"]+)"', text)
        job_names = sorted({j for group in jobs for j in group.split("|")})
        for command in sorted(set(re.findall(r"`(kubectl [^`]+)`", text))):
            command = command.replace("<namespace>", r.namespace).replace("<env>", env)
            variants = [command.replace("<job>", j) for j in job_names] if "<job>" in command else [command]
            for line in variants:
                if re.search(r"<[a-z]+>", line) or re.search(r"(^|\s)(top|-w|-f|--previous)(\s|$)", line):
                    continue  # operator-supplied values, or a command that streams or needs metrics
                backup = r.state()
                result = r.bash(line)
                if result.returncode != 0:
                    out.append(f"runbook {page}: `{line}`: {result.stderr.strip()}")
                with r.cluster.state() as state:
                    state.clear()
                    state.update(backup)
    return out


class Secrets(Scenario):
    """The secrets script of each environment creates every Secret and key a pod of that
    environment reads (any overlay, any colour, CronJobs included), each with exactly its value."""


def secrets_violations(r, tree, env):
    """Runs the workspace's secrets script with every GitHub secret the workflow reads (hostile
    values): every Secret and key a pod reads must exist, each value exactly one variable's."""
    values = r.secrets(tree.workflow(env))
    result = r.bash(f"bash secrets/create-{env}.sh", env=values)
    out = [] if result.returncode == 0 else [f"secrets/create-{env}.sh exited {result.returncode}: {result.stderr.strip()}"]
    state = r.state()
    for ns, name, key in sorted(tree.secret_reads(), key=str):
        if ns != r.namespace:
            continue
        secret = state["objects"].get(cluster.key("Secret", ns, name))
        if secret is None:
            out.append(f"Secret {name} is read but not created")
        elif key is not None and key not in secret.get("data", {}):
            out.append(f"key {key} of Secret {name} is read but not created")
    given = set(values.values())
    for k, secret in sorted(state["objects"].items()):
        for key, data in secret.get("data", {}).items():
            value = base64.b64decode(data).decode()
            if value not in given:
                out.append(f"{k} key {key} holds {value!r}, which is no variable's value")
    return out


def add_secrets(env):
    def secrets(self):
        r = self.rehearse(any_tree, env)
        self.verdict(secrets_violations(r, any_tree, env))
    test(Secrets, f"{env} the secrets script creates every Secret and key a pod reads", secrets)


class HighAvailability(Scenario):
    """The generated high-availability test (seed 6.3.3) against the live namespace."""


def add_high_availability(env):
    tree = trees[os.environ.get("REHEARSAL_COMMITTED", next(iter(trees)))]
    script = f"scripts/test-high-availability-{env}.sh"

    def live(self):
        r = self.rehearse(tree, env)
        r.live(tree.active(env) if tree.colours(env) else None)
        return r

    def passes(self):
        r = live(self)
        pods = len([p for p in r.state()["pods"] if p.startswith("Pod/") and "/Job/" not in p
                    and r.state()["pods"][p]["metadata"]["annotations"]["rehearsal/owner"].startswith("Deployment/")])
        result = r.bash(f"bash {script}")
        r.check(script)
        out = [] if result.returncode == 0 else [f"{script} exited {result.returncode}: {result.stderr.strip()[-500:]}"]
        polls = re.findall(r"(\S+): (\d+) polls, (\d+) failed", result.stdout)
        out += [] if polls else [f"{script} reported no poll: {result.stdout[-300:]}"]
        deleted = len(re.findall(r"^deleting ", result.stdout, re.M))
        out += [] if deleted == pods else [f"{script} deleted {deleted} pods, the Deployments had {pods}"]
        print(f"\n  {script}: {deleted} pods replaced; " + "; ".join(f"{u} {p} polls, {f} failed" for u, p, f in polls), end="")
        self.verdict(r.violations + out)
    test(HighAvailability, f"{env} the high-availability test passes and nothing stops serving", passes)

    def seed(self):
        # The seed's command, every pod of a Deployment at once: the rehearsal must see the outage.
        r = live(self)
        services = tree.public_services(env)
        selector = ",".join(f"{k}={v}" for k, v in services[0]["spec"]["selector"].items())
        r.bash(f"kubectl -n {r.namespace} delete pod -l {selector} --force && sleep 2 && kubectl -n {r.namespace} get pods -o name")
        r.check("the seed's delete")
        self.assertTrue([v for v in r.violations if "no ready endpoint" in v],
                        f"deleting every pod of {selector} went unnoticed: {r.violations}")
    test(HighAvailability, f"{env} deleting every pod at once (the seed's command) is an outage the rehearsal sees", seed)


class OnKind(Scenario):
    """CI's kind job: the deploy commands against a real API server in the product's CI, rehearsed
    here against the emulated one, from an empty kind cluster."""


def kind_job(tree):
    """The id of CI's job that creates a kind cluster, if any."""
    with open(os.path.join(tree.root, ".github", "workflows", "ci.yml")) as f:
        jobs = yaml.safe_load(f)["jobs"]
    return next((j for j, job in jobs.items() if any(s.get("uses", "").startswith("helm/kind-action@") for s in job["steps"])), None)


def add_kind():
    job = kind_job(any_tree)
    if job is None:
        return
    # The invariants are checked on the blue/green environment (its public Services switch).
    env = (blue_green_environments() or any_tree.environments)[0]

    def run(self, mutate=None):
        """The job from an empty cluster, after `mutate(r)` changed the workspace."""
        r = self.rehearse(any_tree, env)
        if mutate:
            mutate(r)
        jobs = r.run_on_kind(job)
        return r, jobs[job]["result"]

    def steps_changed(change):
        """A mutation of the job's steps in the workspace's ci.yml."""
        def mutate(r):
            path = os.path.join(r.workspace, ".github", "workflows", "ci.yml")
            with open(path) as f:
                workflow = yaml.safe_load(f)
            change(workflow["jobs"][job]["steps"])
            with open(path, "w") as f:
                yaml.safe_dump(workflow, f, sort_keys=False)
        return mutate

    def passes(self):
        r, result = run(self)
        self.verdict(r.violations + ([] if result == "success" else [f"the {job} job ended {result}: {r.failure_output(job)}"]))
    test(OnKind, f"CI's {job} job deploys every environment, switches and rolls back", passes)

    def drop_line(pattern):
        def change(steps):
            step = next(s for s in steps if re.search(pattern, s.get("run", ""), re.M))
            lines = step["run"].split("\n")
            lines.remove(next(line for line in lines if re.search(pattern, line)))
            step["run"] = "\n".join(lines)
        return steps_changed(change)

    def drop_step(pattern):
        return steps_changed(lambda steps: steps.remove(next(s for s in steps if re.search(pattern, s.get("run", "")))))

    # Each must fail the job, at the step and for the reason given.
    mutations = [("an image not loaded into kind", drop_line(r"^kind load "), r"timed out|rollout"),
                 ("no CRDs installed", drop_step(r"prometheus-operator-crd"), r"ensure CRDs are installed first"),
                 ("the smoke test's NetworkPolicy reduced to DNS", lambda r: deny_smoke_test(r, any_tree, env),
                  r"Smoke-test .*no egress from")]
    for label, mutate, reason in mutations:
        def fails(self, mutate=mutate, reason=reason):
            r, result = run(self, mutate)
            self.assertEqual(result, "failure", f"{label}: the {job} job should fail")
            self.assertRegex(r.failure_output(job), reason)
        test(Mutations, f"CI's {job} job with {label} fails", fails)


class Selectors(unittest.TestCase):
    """`-l` as the Kubernetes documentation's examples define it (labels page, "Label selectors"):
    https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"""

    def test_documented_examples(self):
        cases = [("environment in (production, qa)", {"environment": "qa"}, True),
                 ("environment in (production, qa)", {"environment": "dev"}, False),
                 ("environment in (production, qa)", {}, False),
                 ("tier notin (frontend, backend)", {"tier": "cache"}, True),
                 ("tier notin (frontend, backend)", {}, True),  # notin also selects objects without the key
                 ("tier notin (frontend, backend)", {"tier": "backend"}, False),
                 ("partition", {"partition": ""}, True),
                 ("partition", {}, False),
                 ("!partition", {}, True),
                 ("!partition", {"partition": "a"}, False),
                 ("environment=production,tier!=frontend", {"environment": "production"}, True),  # != selects absent keys
                 ("environment=production,tier!=frontend", {"environment": "production", "tier": "frontend"}, False),
                 ("environment==production", {"environment": "production"}, True),
                 ("partition in (customerA, customerB),environment!=qa", {"partition": "customerA", "environment": "qa"}, False)]
        for text, labels, expected in cases:
            self.assertEqual(cluster.selects(cluster.parse_selector(text), labels), expected, f"{text} on {labels}")

    def test_malformed_selector_is_refused(self):
        with self.assertRaises(cluster.APIError):
            cluster.parse_selector("tier notin (frontend")


class DisasterRecovery(Scenario):
    """docs/disaster-recovery.md from an empty cluster (no CRDs, no prerequisites) to serving: the
    cluster's steps, then the environment's, every `bash` block in order in one shell."""


DISASTER_RECOVERY = os.path.join("docs", "disaster-recovery.md")


def disaster_recovery_script(workspace, env, alternatives=False):
    """The commands of the cluster's section and of `env`'s section, in order. `sh` blocks are
    alternatives the page prints to a step's `bash` blocks: with `alternatives`, a step that has
    one runs it instead."""
    with open(os.path.join(workspace, DISASTER_RECOVERY)) as f:
        sections = re.split(r"^## ", f.read(), flags=re.M)[1:]
    wanted = [s for s in sections if s.split("\n", 1)[0].strip() in ("The cluster", env)]
    assert len(wanted) == 2, f"{DISASTER_RECOVERY} has no section for the cluster and for {env}"
    blocks = []
    for step in (step for s in wanted for step in re.split(r"^### ", s, flags=re.M)):
        alternative = re.findall(r"^```sh\n(.*?)^```", step, re.S | re.M) if alternatives else []
        blocks += alternative or re.findall(r"^```bash\n(.*?)^```", step, re.S | re.M)
    return "\n".join(blocks)


# The point-in-time alternative's target: not the CronJob's default (`latest`), so that the
# rehearsal sees the operator's value reach the Job.
TARGET_TIME = "2026-01-01 00:00:00+00"


def script_variables(path):
    """The variables a generated secrets script requires (its `for variable in …` check)."""
    with open(path) as f:
        return re.search(r"^for variable in (.*); do$", f.read(), re.M).group(1).split()


def recover(r, tree, env, alternatives=False):
    """Runs the procedure from an empty cluster (with `alternatives`, the point-in-time restore
    instead of the latest dump's); the violations of its end state."""
    with r.cluster.state() as state:
        state["crds"] = []  # a fresh cluster: custom resources need their CRDs first
    variables = {"TARGET_TIME": TARGET_TIME} if alternatives else {}
    for script in sorted(os.listdir(os.path.join(r.workspace, "secrets"))):
        variables.update({v: f"{v}={rehearsal.HOSTILE}" for v in script_variables(os.path.join(r.workspace, "secrets", script))})
    result = r.bash(disaster_recovery_script(r.workspace, env, alternatives), env=variables)
    r.check(DISASTER_RECOVERY)
    out = [] if result.returncode == 0 else [f"{DISASTER_RECOVERY} for {env} exited {result.returncode}: {result.stderr.strip()[-800:]}"]
    colour = tree.active(env) if tree.colours(env) else None
    out += r.serves(tree.release(env, colour) if colour else tree.release(env), colour)
    state = r.state()
    out += prerequisites.unselected(state) + prerequisites.unmounted(state)
    # The backup jobs' Pushgateway (their PUSHGATEWAY_URL) is a Service of the cluster.
    for url in sorted({e["value"] for o in tree.objects(env) for spec in tree_module.pod_specs(o)
                       for c in spec.get("containers", []) for e in c.get("env", []) if e.get("name") == "PUSHGATEWAY_URL"}):
        host = re.match(r"https?://([^:/]+)", url).group(1)
        if incluster.service_of(state, host, r.namespace) is None:
            out.append(f"the backup jobs push to {url}, which no Service of the cluster answers")
    # Nothing that reads or writes the database runs before the restore: no Deployment, no
    # scheduled (unsuspended) CronJob of the namespace exists when the restore's Job is created.
    restores = [k for k in state.get("created", []) if k.startswith(f"Job/{r.namespace}/")
                and state["objects"].get(k, {}).get("metadata", {}).get("annotations", {}).get("rehearsal/cronjob") in restore_cronjobs(tree, env)]
    if not restores:
        out.append("no restore Job ran")
    else:
        before = state["created"][:state["created"].index(restores[0])]
        early = [k for k in before if k.startswith(f"Deployment/{r.namespace}/")
                 or k.startswith(f"CronJob/{r.namespace}/") and not state["objects"][k]["spec"].get("suspend")]
        out += [f"{k} existed before the restore" for k in early]
    if alternatives:
        out += point_in_time_violations(state, tree, env, restores)
    if prerequisites.LOAD_BALANCER_IP not in result.stdout:
        out.append(f"the DNS step did not print the ingress controller's address {prerequisites.LOAD_BALANCER_IP}")
    return r.violations + out, result


def point_in_time_violations(state, tree, env, restores):
    """A point-in-time restore's Job ran to completion with the operator's target (its CronJob's
    `--to-time` argument, `$(VARIABLE)`, set from TARGET_TIME), and the database's StatefulSet
    is back at full size."""
    out = []
    ran = [state["objects"][k] for k in restores]
    for job in ran:
        container = job["spec"]["template"]["spec"]["containers"][0]
        words = container.get("command", []) + container.get("args", [])
        if "--to-time" not in words:
            continue
        variable = re.fullmatch(r"\$\((\w+)\)", words[words.index("--to-time") + 1]).group(1)
        value = next((e.get("value") for e in container.get("env", []) if e["name"] == variable), None)
        if value != TARGET_TIME:
            out.append(f"Job {job['metadata']['name']}: {variable} is {value!r}, not the operator's TARGET_TIME")
        if not any(c["type"] == "Complete" for c in job.get("status", {}).get("conditions", [])):
            out.append(f"Job {job['metadata']['name']} did not complete")
        break
    else:
        out.append("no point-in-time restore Job ran")
    for sts in (o for o in tree.objects(env) if o["kind"] == "StatefulSet"):
        live = state["objects"].get(cluster.key("StatefulSet", tree.namespace(env), sts["metadata"]["name"]))
        if live is None or live.get("status", {}).get("readyReplicas", 0) < sts["spec"].get("replicas", 1):
            out.append(f"StatefulSet {sts['metadata']['name']} is not back at full size")
    return out


def restore_cronjobs(tree, env):
    """The suspended CronJobs that run the restore script on the live database (not the drill)."""
    out = set()
    for o in tree.objects(env):
        if o["kind"] != "CronJob" or not o["spec"].get("suspend"):
            continue
        words = [w for c in o["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
                 for w in c.get("command", []) + c.get("args", [])]
        if any(w.endswith("/restore.sh") for w in words) and "--drill" not in words:
            out.add(o["metadata"]["name"])
    return out


def add_disaster_recovery(env):
    tree = trees[os.environ.get("REHEARSAL_COMMITTED", next(iter(trees)))]

    def recovers(self):
        r = self.rehearse(tree, env)
        violations, result = recover(r, tree, env)
        print(f"\n  {env}: {r.state()['now']} emulated seconds, {r.state()['calls']} kubectl calls", end="")
        self.verdict(violations)
    test(DisasterRecovery, f"{env} the disaster-recovery procedure brings an empty cluster to serving", recovers)

    def recovers_to_a_point_in_time(self):
        r = self.rehearse(tree, env)
        violations, _ = recover(r, tree, env, alternatives=True)
        self.verdict(violations)
    test(DisasterRecovery, f"{env} the disaster-recovery procedure with the point-in-time restore", recovers_to_a_point_in_time)


def add_disaster_recovery_mutations():
    env = any_tree.environments[0]
    tree = trees[os.environ.get("REHEARSAL_COMMITTED", next(iter(trees)))]

    def edit(r, path, change):
        path = os.path.join(r.workspace, path)
        with open(path) as f:
            text = f.read()
        changed = change(text)
        assert changed != text, f"nothing to mutate in {path}"
        with open(path, "w") as f:
            f.write(changed)

    def without_operator(r):
        edit(r, DISASTER_RECOVERY, lambda t: re.sub(r"^helm upgrade --install kube-prometheus-stack .*\n", "", t, flags=re.M))

    def default_selectors(r):
        edit(r, os.path.join(*"monitoring/kube-prometheus-stack/values.yaml".split("/")),
             lambda t: re.sub(r"^(\s+\w+SelectorNilUsesHelmValues): false$", r"\1: true", t, flags=re.M))

    def default_pushgateway_name(r):
        edit(r, DISASTER_RECOVERY, lambda t: t.replace(" --set fullnameOverride=pushgateway", ""))

    def unpinned(r):
        edit(r, DISASTER_RECOVERY, lambda t: re.sub(r"(helm upgrade --install ingress-nginx .*?) --version \S+", r"\1", t))

    def without_cluster_secrets(r):
        edit(r, DISASTER_RECOVERY, lambda t: re.sub(r"^bash secrets/create-cluster\.sh\n", "", t, flags=re.M))

    mutations = [("the Prometheus Operator stack not installed", without_operator, r"ensure CRDs are installed first"),
                 ("the monitoring stack's Secrets not created", without_cluster_secrets, r"which Alertmanager mounts, does not exist"),
                 ("Prometheus left to select only release-labelled objects", default_selectors, r"not selected by Prometheus"),
                 ("the Pushgateway under the chart's default name", default_pushgateway_name, r"which no Service of the cluster answers"),
                 ("a chart installed without a pinned version", unpinned, r"without a pinned version")]
    def server_left_running(r):
        edit(r, DISASTER_RECOVERY, lambda t: re.sub(r"^kubectl .* patch statefulset \S+ .*\"replicas\":0.*\n(kubectl .* wait --for=delete .*\n)?",
                                                    "", t, flags=re.M))

    mutations += [("the database server left running under the point-in-time restore", server_left_running, r"both mounted claim")]
    for label, mutate, reason in mutations:
        def fails(self, mutate=mutate, reason=reason, alternatives=mutate is server_left_running):
            r = self.rehearse(tree, env)
            mutate(r)
            violations, _ = recover(r, tree, env, alternatives)
            self.assertTrue([v for v in violations if re.search(reason, v)], f"{label}: expected /{reason}/ in {violations}")
        test(Mutations, f"disaster recovery with {label} fails", fails)


class Mutations(Scenario):
    """The rehearsal fails when the generated operations have the defects it exists to catch:
    each test breaks a copy of the tree on purpose and expects violations."""


def add_mutations():
    env = blue_green_environments()[0] if blue_green_environments() else None
    if env:
        colour = os.environ.get("REHEARSAL_COMMITTED", next(iter(trees)))
        tree = trees[colour]
        idle = next(c for c in tree.colours(env) if c != colour)
        errors = sorted({i for images in tree.release(env, idle).values() for i in images})

        def rollback(self):
            # The bug this harness was built to catch: the old colour's overlay carried the new
            # release, so the error-ratio rollback re-applied it and ended on the new release. As
            # generated, each colour pins its own release and the rollback keeps the old one.
            results = {}
            for mutated in (False, True):
                r = self.rehearse(tree, env, {"errors": errors})
                r.live(colour)
                if mutated:
                    pin_release(r, env, tree, colour, idle)
                jobs = r.run(inputs={"version": tree.version(env)})
                results[mutated] = BlueGreen.failed(r, jobs, tree, env, colour)
            self.assertEqual(results[False], [], "as generated, the rollback should keep the old release")
            self.assertTrue([v for v in results[True] if re.search(ROLLED_ONTO_OTHER_IMAGES, v)],
                            f"an old overlay carrying the new release went unnoticed: {results[True]}")
        test(Mutations, f"{env} a rollback onto an old overlay that carries the new release fails the rehearsal", rollback)

        def refused(self):
            # Smoke tests run from inside the namespace, so the NetworkPolicies must admit them: with
            # the idle colour's smoke test left to the default deny, the deploy must stop before the
            # switch (the old colour keeps serving) and say why.
            results = {}
            for mutated in (False, True):
                r = self.rehearse(tree, env)
                r.live(colour)
                if mutated:
                    deny_smoke_test(r, tree, env)
                jobs = r.run(inputs={"version": tree.version(env)})
                results[mutated] = (BlueGreen.succeeded(r, jobs, tree, env, colour), BlueGreen.failed(r, jobs, tree, env, colour),
                                    r.failure_output(deploy_job(tree, env)))
            self.assertEqual(results[False][0], [], "as generated, the smoke test should pass")
            self.assertEqual(results[True][1], [], "a refused smoke test must leave the old colour serving")
            self.assertIn("no egress from", results[True][2], "the refusal should be in the step's output")
        test(Mutations, f"{env} a smoke test the NetworkPolicies refuse fails the deploy", refused)

    quoting = [("an unquoted expansion", lambda text: re.sub(r'"(\$[A-Z_]+)"', r"\1", text)),
               ("an apostrophe inside ${VAR:?…}", lambda text: text.replace("\nmissing=()", "\n: \"${HOME:?it's}\"\nmissing=()", 1))]
    for label, mutate in quoting:
        def secrets(self, mutate=mutate):
            env = any_tree.environments[0]
            r = self.rehearse(any_tree, env)
            path = os.path.join(r.workspace, "secrets", f"create-{env}.sh")
            with open(path) as f:
                text = f.read()
            mutated = mutate(text)
            self.assertNotEqual(mutated, text, "the mutation changed nothing")
            with open(path, "w") as f:
                f.write(mutated)
            self.assertNotEqual(secrets_violations(r, any_tree, env), [], "the quoting bug went unnoticed")
        test(Mutations, f"a secrets script with {label} fails the rehearsal", secrets)

    def runbook(self):
        env = rolling_environments()[0] if rolling_environments() else any_tree.environments[0]
        r = self.rehearse(any_tree, env)
        r.live(any_tree.active(env) if any_tree.colours(env) else None)
        folder = os.path.join(r.workspace, "docs", "runbooks")
        page = sorted(os.listdir(folder))[0]
        path = os.path.join(folder, page)
        with open(path) as f:
            text = f.read()
        # In the page's general text (before any per-environment section), which every environment runs.
        with open(path, "w") as f:
            f.write(text.replace("\n## ", "\n`kubectl rollout status deployment/rehearsal-missing -n <namespace>`\n\n## ", 1))
        self.assertTrue([v for v in runbook_violations(r, any_tree, env) if "rehearsal-missing" in v and "NotFound" in v],
                        "a runbook naming a missing Deployment went unnoticed")
    test(Mutations, "a runbook naming a missing object fails the rehearsal", runbook)


def add_worker_mutation():
    """A switch that stops the old colour's workers before the new colour's consume (the order
    reversed in the workspace's workflow): the queue stops draining, which the rehearsal must see."""
    env = next((e for e in blue_green_environments(extended) if any(next(iter(extended.values())).consumers(e))), None) \
        if extended else None
    if env is None:
        return

    def reversed_switch(self):
        tree = next(iter(extended.values()))
        results = {}
        for mutated in (False, True):
            r = self.rehearse(tree, env)
            r.live(tree.active(env))
            if mutated:
                stop_workers_first(r, tree, env)
            r.run(inputs={"version": tree.version(env)})
            results[mutated] = [v for v in r.violations if re.search(r"worker .* had no ready pod", v)]
        self.assertEqual(results[False], [], "as generated, a worker always consumes")
        self.assertTrue(results[True], "workers stopped before the new colour's consume went unnoticed")
    test(Mutations, f"extended product {env}: a switch that stops the old workers first fails the rehearsal", reversed_switch)


def stop_workers_first(r, tree, env):
    """Moves, in the workspace's deploy workflow, the switch step's lines that scale a Deployment
    to 0 (the old colour's workers) before its other lines."""
    path = os.path.join(r.workspace, ".github", "workflows", f"deploy-{env}.yml")
    with open(path) as f:
        workflow = yaml.safe_load(f)
    step = next(s for s in workflow["jobs"][deploy_job(tree, env)]["steps"] if s.get("id") == "switch")
    lines = step["run"].split("\n")
    stops = [line for line in lines if '"replicas":0' in line]
    assert stops, "no worker is stopped by the switch: nothing to mutate"
    step["run"] = "\n".join(stops + [line for line in lines if line not in stops])
    with open(path, "w") as f:
        yaml.safe_dump(workflow, f, sort_keys=False)


def smoke_tests(tree, env):
    """The CronJobs the deploy workflow runs whose pods the rehearsal executes (`incluster`)."""
    cronjobs = {o["metadata"]["name"]: o for o in tree.objects(env) if o["kind"] == "CronJob"}
    return [c for c in cronjobs_created(tree, env)
            if incluster.runs(cronjobs[c]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0].get("command"))]


def deny_smoke_test(r, tree, env):
    """Drops, in the workspace, every egress rule but DNS from the NetworkPolicies of the smoke tests' pods."""
    names = set(smoke_tests(tree, env))
    assert names, "no smoke test in the workflow: nothing to mutate"
    changed = 0
    for folder, _, files in os.walk(os.path.join(r.workspace, "kubernetes")):
        for name in files:
            path = os.path.join(folder, name)
            if not name.startswith("networkpolicy-"):
                continue
            with open(path) as f:
                policy = yaml.safe_load(f)
            if policy.get("spec", {}).get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") not in names:
                continue
            policy["spec"]["egress"] = [rule for rule in policy["spec"].get("egress", [])
                                        if any("namespaceSelector" in peer for peer in rule.get("to", []))]
            with open(path, "w") as f:
                yaml.safe_dump(policy, f, sort_keys=False)
            changed += 1
    assert changed, "no NetworkPolicy of a smoke test found"
    tree_module.rebuild_rendered(r.workspace, KUBECTL)


def pin_release(r, env, tree, colour, other):
    """Makes the workspace's overlay of `colour` run the images of `other`'s overlay: one more
    strategic-merge patch per workload, after the colour's own, with the containers' images that
    `other`'s overlay builds to (a workload's name is the built one less the colour's suffix)."""
    overlay = os.path.join(r.workspace, "kubernetes", "overlays", tree.colours(env)[colour])
    with open(os.path.join(overlay, "kustomization.yaml")) as f:
        kustomization = yaml.safe_load(f)
    suffix = kustomization["nameSuffix"]
    with open(os.path.join(tree.overlay(tree.colours(env)[other]), "kustomization.yaml")) as f:
        other_suffix = yaml.safe_load(f)["nameSuffix"]
    own = {(o["kind"], o["metadata"]["name"]): o for o in tree.objects(tree.colours(env)[colour])}
    os.makedirs(os.path.join(overlay, "patches"), exist_ok=True)
    changed = 0
    for o in tree.objects(tree.colours(env)[other]):
        spec = o.get("spec", {}).get("template", {}).get("spec", {})
        if "containers" not in spec:
            continue
        name = o["metadata"]["name"][:-len(other_suffix)]
        images = [{"name": c["name"], "image": c["image"]} for c in spec["containers"]]
        mine = own[(o["kind"], name + suffix)]["spec"]["template"]["spec"]["containers"]
        changed += images != [{"name": c["name"], "image": c["image"]} for c in mine]
        patch = {"apiVersion": o["apiVersion"], "kind": o["kind"], "metadata": {"name": name},
                 "spec": {"template": {"spec": {"containers": images}}}}
        file = f"patches/pinned-{o['kind'].lower()}-{name}.yaml"
        with open(os.path.join(overlay, file), "w") as f:
            yaml.safe_dump(patch, f, sort_keys=False)
        kustomization.setdefault("patches", []).append({"path": file})
    assert changed, "the two colours run the same release: nothing to mutate"
    with open(os.path.join(overlay, "kustomization.yaml"), "w") as f:
        yaml.safe_dump(kustomization, f, sort_keys=False)
    tree_module.rebuild_rendered(r.workspace, KUBECTL)


for _env in any_tree.environments:
    add_secrets(_env)
    add_high_availability(_env)
    add_disaster_recovery(_env)
add_mutations()
add_worker_mutation()
add_disaster_recovery_mutations()
add_kind()
scenarios(trees, {"blue-green": BlueGreen, "rolling": Rolling, "runbooks": Runbooks}, full=True)
if extended:
    scenarios(extended, {kind: ExtendedProduct for kind in ("blue-green", "rolling", "runbooks")}, full=False)
