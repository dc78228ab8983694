"""A GitHub Actions runner for the generated workflows: jobs in `needs` order, steps in order, as
GitHub runs them (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions):

- `if:` expressions with the status functions success(), failure(), cancelled(), always() (an
  expression without one is `success() && (…)`), `steps.<id>.outcome|conclusion|outputs.<name>`,
  `needs.<job>.result|outputs.<name>`, `inputs`, `secrets`, `vars`, `github`, `env`;
  https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions
- `env:` at workflow, job and step level (the innermost wins), `${{ }}` in env values and `with:`;
- `$GITHUB_OUTPUT` and `$GITHUB_ENV` files (`name=value` and `name<<DELIMITER` blocks);
- `run:` with `shell: bash`, i.e. `bash --noprofile --norc -eo pipefail {0}`, in the workspace
  or `working-directory` (step, else `defaults.run`);
- `uses:` steps are emulated by action name (checkout, setup-kubectl, docker login: nothing to do
  on a prepared runner; Slack: the message is recorded); any other action fails the rehearsal;
- cancellation: once the run is cancelled, steps and jobs run only if their condition holds a
  status function that allows it.
"""

import os
import re
import subprocess
import tempfile
import time

import yaml

# ---------------------------------------------------------------------------------------------
# Expressions


TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|<=|>=|&&|\|\||[()!<>,\[\]\.])|(?P<id>[A-Za-z_][A-Za-z0-9_-]*))")


class ExpressionError(Exception):
    pass


def tokenize(text):
    out, pos = [], 0
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"cannot read expression at {text[pos:]!r}")
        pos = m.end()
        kind = m.lastgroup
        value = m.group(kind)
        out.append((kind, value))
    return out


def truthy(value):
    return value not in (None, False, 0, "", 0.0)


def loose_equal(a, b):
    # Strings compare ignoring case; a number and a string compare as numbers.
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return a == b


class Evaluator:
    """Recursive descent over GitHub's expression grammar (the subset the workflows use)."""

    def __init__(self, context, functions):
        self.context, self.functions = context, functions

    def evaluate(self, text):
        self.tokens, self.i = tokenize(text), 0
        value = self.or_()
        if self.i != len(self.tokens):
            raise ExpressionError(f"unexpected {self.tokens[self.i][1]!r} in {text!r}")
        return value

    def peek(self):
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self, expected=None):
        kind, value = self.tokens[self.i]
        if expected and value != expected:
            raise ExpressionError(f"expected {expected!r}, found {value!r}")
        self.i += 1
        return kind, value

    def or_(self):
        value = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self):
        value = self.compare()
        while self.peek() == "&&":
            self.take()
            right = self.compare()
            value = right if truthy(value) else value
        return value

    def compare(self):
        value = self.unary()
        while self.peek() in ("==", "!="):
            _, op = self.take()
            right = self.unary()
            value = loose_equal(value, right) if op == "==" else not loose_equal(value, right)
        return value

    def unary(self):
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if value == "(" and kind == "op":
            inner = self.or_()
            self.take(")")
            return inner
        if kind == "str":
            return value[1:-1].replace("''", "'")
        if kind == "num":
            return float(value)
        if kind != "id":
            raise ExpressionError(f"unexpected {value!r}")
        if value in ("true", "false"):
            return value == "true"
        if value == "null":
            return None
        if self.peek() == "(":
            self.take()
            args = []
            while self.peek() != ")":
                args.append(self.or_())
                if self.peek() == ",":
                    self.take()
            self.take(")")
            if value not in self.functions:
                raise ExpressionError(f"unknown function {value}()")
            return self.functions[value](*args)
        if value not in self.context:
            raise ExpressionError(f"unknown context {value}")
        current = self.context[value]
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                name = self.take()[1]
            else:
                name = self.or_()
                self.take("]")
            current = current.get(name) if isinstance(current, dict) else None
        return current


STATUS_FUNCTIONS = re.compile(r"\b(success|failure|cancelled|always)\s*\(")


def substitute(text, evaluate):
    """`${{ expr }}` in a string, each replaced by its value as text."""
    def show(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: show(evaluate(m.group(1))), str(text))


def condition(text):
    """A step's or job's `if:` as an expression: `${{ }}` removed, success() added when it has
    no status function."""
    if text is None:
        return "success()"
    text = str(text).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return text if STATUS_FUNCTIONS.search(text) else f"success() && ({text})"


# ---------------------------------------------------------------------------------------------
# Files of the runner


def read_commands_file(path):
    """`name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks."""
    with open(path) as f:
        out, lines = {}, f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            i += 1
            while lines[i] != delimiter:
                block.append(lines[i])
                i += 1
            out[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


# ---------------------------------------------------------------------------------------------
# The runner


class Run:
    """One run of one workflow.

    `after_step(job, step, outcome)` is called after every step (the invariants);
    `cancel_after` is a predicate on (job id, step index) that cancels the run once that step ends.
    """

    def __init__(self, workflow_file, workspace, path_env, inputs=None, secrets=None, variables=None,
                 github=None, after_step=None, cancel_after=None, extra_env=None, only=None, actions=None):
        with open(workflow_file) as f:
            self.workflow = yaml.safe_load(f)
        self.workspace, self.path_env = workspace, path_env
        self.inputs, self.secrets, self.variables = inputs or {}, secrets or {}, variables or {}
        self.github = github or {}
        self.after_step = after_step or (lambda *a: None)
        self.cancel_after = cancel_after or (lambda job, index: False)
        self.extra_env = extra_env or {}
        self.cancelled = False
        self.jobs = {}           # id -> {"result", "outputs"}
        self.steps_run = []      # (job, step name, outcome)
        self.outputs = {}        # (job, step name) -> what the step printed
        self.durations = []      # (job, step name, seconds of wall time)
        self.messages = []       # Slack payloads
        # Jobs to run (None: all); the others count as succeeded (other tests run them).
        self.only = only
        # Emulations of further actions, by name: inputs -> outcome.
        self.actions = actions or {}

    def run(self):
        pending = list(self.workflow["jobs"].items())
        while pending:
            for index, (job_id, job) in enumerate(pending):
                needs = self.needs_of(job)
                if all(n in self.jobs for n in needs):
                    pending.pop(index)
                    if self.only is not None and job_id not in self.only:
                        self.jobs[job_id] = {"result": "success", "outputs": {}}
                    else:
                        self.jobs[job_id] = self.run_job(job_id, job, needs)
                    break
            else:
                raise RuntimeError("rehearsal: a job needs a job that does not exist")
        return self.jobs

    @staticmethod
    def needs_of(job):
        needs = job.get("needs", [])
        return [needs] if isinstance(needs, str) else needs

    def needs_context(self, needs):
        return {n: {"result": self.jobs[n]["result"], "outputs": self.jobs[n]["outputs"]} for n in needs}

    def job_functions(self, needs):
        # For a job, the status functions look at the jobs it needs (and the run's cancellation).
        results = [self.jobs[n]["result"] for n in needs]
        return {
            "success": lambda: not self.cancelled and all(r == "success" for r in results),
            "failure": lambda: any(r == "failure" for r in results),
            "cancelled": lambda: self.cancelled,
            "always": lambda: True,
        }

    def context(self, needs, steps, env):
        return {"github": self.github, "inputs": self.inputs, "secrets": self.secrets, "vars": self.variables,
                "needs": self.needs_context(needs), "steps": steps, "env": env,
                "runner": {"temp": os.path.join(self.workspace, ".runner-temp")}}

    def run_job(self, job_id, job, needs):
        evaluator = Evaluator(self.context(needs, {}, {}), {**self.job_functions(needs), **GENERIC_FUNCTIONS})
        if not truthy(evaluator.evaluate(condition(job.get("if")))):
            return {"result": "cancelled" if self.cancelled else "skipped", "outputs": {}}
        state = {"failed": False}
        steps = {}
        env = {}          # what $GITHUB_ENV set so far
        temp = tempfile.mkdtemp(prefix=f"{job_id}-", dir=os.path.join(self.workspace, ".runner-temp"))
        functions = {
            "success": lambda: not state["failed"] and not self.cancelled,
            "failure": lambda: state["failed"],
            "cancelled": lambda: self.cancelled,
            "always": lambda: True,
            **GENERIC_FUNCTIONS,
        }
        for index, step in enumerate(job["steps"]):
            name = step.get("name") or step.get("uses") or step.get("run", "").split("\n")[0]
            started = time.monotonic()
            merged_env = {**self.workflow.get("env", {}), **job.get("env", {}), **env}
            evaluate = Evaluator(self.context(needs, steps, merged_env), functions).evaluate
            if not truthy(evaluate(condition(step.get("if")))):
                outcome, outputs = "skipped", {}
            else:
                step_env = {k: substitute(v, evaluate) for k, v in {**merged_env, **step.get("env", {})}.items()}
                outcome, outputs, new_env = self.run_step(job, step, step_env, evaluate, temp)
                self.outputs[(job_id, name)] = self.last_output
                env.update(new_env)
                if outcome == "failure":
                    state["failed"] = True
            if "id" in step:
                steps[step["id"]] = {"outcome": outcome, "conclusion": outcome, "outputs": outputs}
            self.steps_run.append((job_id, name, outcome))
            self.durations.append((job_id, name, time.monotonic() - started))
            self.after_step(job_id, name, outcome)
            if outcome != "skipped" and self.cancel_after(job_id, index):
                self.cancelled = True
        evaluate = Evaluator(self.context(needs, steps, {}), functions).evaluate
        outputs = {k: substitute(v, evaluate) for k, v in job.get("outputs", {}).items()}
        result = "failure" if state["failed"] else "cancelled" if self.cancelled else "success"
        return {"result": result, "outputs": outputs}

    def run_step(self, job, step, env, evaluate, temp):
        if "uses" in step:
            return self.run_action(step, evaluate)
        output_file, env_file = os.path.join(temp, "output"), os.path.join(temp, "env")
        for path in (output_file, env_file):
            open(path, "w").close()
        script = os.path.join(temp, "step.sh")
        with open(script, "w") as f:
            f.write(step["run"])
        defaults = {**self.workflow.get("defaults", {}).get("run", {}), **job.get("defaults", {}).get("run", {})}
        shell = step.get("shell", defaults.get("shell", "bash"))
        if shell != "bash":
            raise RuntimeError(f"rehearsal: only shell: bash is emulated, not {shell}")
        directory = os.path.join(self.workspace, step.get("working-directory", defaults.get("working-directory", ".")))
        full_env = {"PATH": self.path_env, "HOME": os.path.join(self.workspace, ".runner-temp"), "LANG": "C.UTF-8",
                    "GITHUB_OUTPUT": output_file, "GITHUB_ENV": env_file, "GITHUB_WORKSPACE": self.workspace,
                    "RUNNER_TEMP": temp, "CI": "true", "GITHUB_ACTIONS": "true",
                    **{f"GITHUB_{k.upper()}": str(v) for k, v in self.github.items() if not isinstance(v, dict)},
                    **self.extra_env, **env}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=directory,
                                env=full_env, capture_output=True, text=True)
        self.last_output = result.stdout + result.stderr
        self.log(f"::step {step.get('name')} exit {result.returncode}\n{self.last_output}")
        outcome = "success" if result.returncode == 0 else "failure"
        return outcome, read_commands_file(output_file), read_commands_file(env_file)

    def run_action(self, step, evaluate):
        action = step["uses"].split("@")[0]
        inputs = {k: substitute(v, evaluate) for k, v in step.get("with", {}).items()}
        self.last_output = ""
        if action in ("actions/checkout", "Azure/setup-kubectl", "docker/login-action"):
            return "success", {}, {}
        if action == "slackapi/slack-github-action":
            self.messages.append(inputs.get("payload", ""))
            return "success", {}, {}
        if action in self.actions:
            return self.actions[action](inputs), {}, {}
        raise RuntimeError(f"rehearsal: no emulation of the action {action}")

    def log(self, text):
        with open(os.path.join(self.workspace, ".runner-temp", "log.txt"), "a") as f:
            f.write(text + "\n")


GENERIC_FUNCTIONS = {
    "contains": lambda a, b: (b in a) if isinstance(a, (list, str)) else False,
    "startsWith": lambda a, b: str(a).lower().startswith(str(b).lower()),
    "endsWith": lambda a, b: str(a).lower().endswith(str(b).lower()),
    "format": lambda f, *args: re.sub(r"\{(\d+)\}", lambda m: str(args[int(m.group(1))]), f),
}
