#!/usr/bin/env python3
"""Property-based fuzzing of `gen lint`'s YAML input.

Each case is a generated input (a Kubernetes-like document made hostile: anchors and alias bombs,
deep nesting, huge scalars, invalid UTF-8, tags, multi-document streams, byte flips and cuts of
valid manifests), given to `gen lint --format json --fail-on info` on standard input or as a file.
The property: every case ends in order within LIMIT_SECONDS and LIMIT_MB of address space, that is
exit 0 or 1 with a JSON report on standard output, or exit 2 with a message on standard error.
Anything else (a signal, another exit status, a timeout, the memory limit, a 0/1 without a report)
is a failure: its input is kept in OUT (default .build/fuzz-failures) and the run exits 1.

Usage: fuzz-lint.py [--cases N | --seconds S] [--seed N] [--out DIR] GEN
The seed makes a run reproducible; it is printed, with the case count, the time, and the largest
resident size and time of a single case.
"""
import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

LIMIT_SECONDS = 30
LIMIT_MB = 1024

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports: [{containerPort: 8080}]
      resources: {limits: {memory: 128Mi}}
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: api
          image: ghcr.io/x/api@sha256:%s
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
""" % ("0" * 64)

SEEDS = [POD, DEPLOYMENT]
TAGS = ["!!str", "!!int", "!!binary", "!!map", "!!seq", "!!null", "!custom", "!<tag:yaml.org,2002:str>",
        "!!python/object:os.system", "!!float", "!!timestamp", "!!set", "!!omap"]


def alias_bomb(r):
    """Billion laughs: each level aliases the previous one `width` times."""
    width, depth = r.randint(2, 12), r.randint(2, 12)
    lines = ['a0: &a0 "lol"']
    for i in range(1, depth):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"kind: Pod\nmetadata: {{name: bomb, labels: *a{depth - 1}}}")
    return "\n".join(lines) + "\n"


def merge_keys(r):
    n = r.randint(1, 50)
    out = ["base: &b {apiVersion: v1, kind: ConfigMap}"]
    for i in range(n):
        out.append(f"m{i}: &m{i}\n  <<: *{'b' if i == 0 else 'm%d' % (i - 1)}\n  k{i}: v")
    out.append(f"<<: *m{n - 1}\nmetadata: {{name: merged}}")
    return "\n".join(out) + "\n"


def deep_nesting(r):
    depth = r.choice([10, 100, 1000, 10000, 100000])
    style = r.choice(["flow-seq", "flow-map", "block"])
    if style == "flow-seq":
        return "kind: Pod\nspec: " + "[" * depth + "]" * depth + "\n"
    if style == "flow-map":
        return "kind: Pod\nspec: " + "{a: " * depth + "1" + "}" * depth + "\n"
    depth = min(depth, 5000)
    return "kind: Pod\n" + "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "x\n"


def huge_scalar(r):
    size = r.choice([1 << 10, 1 << 16, 1 << 20, 1 << 24])
    value = r.choice(["a", "é", "\\u00e9", "0"]) * (size // 2)
    style = r.choice(["plain", "double", "literal", "key"])
    if style == "plain":
        return f"kind: ConfigMap\nmetadata: {{name: big}}\ndata: {{k: {value}}}\n"
    if style == "double":
        return f'kind: ConfigMap\nmetadata: {{name: big}}\ndata: {{k: "{value}"}}\n'
    if style == "literal":
        return "kind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: |\n    " + value + "\n"
    return f"kind: ConfigMap\n{value}: 1\n"


def tags(r):
    doc = r.choice(SEEDS).splitlines()
    for _ in range(r.randint(1, 8)):
        i = r.randrange(len(doc))
        if ":" in doc[i] and not doc[i].rstrip().endswith(":"):
            key, _, value = doc[i].partition(":")
            doc[i] = f"{key}: {r.choice(TAGS)} {value.strip()}"
    return "\n".join(doc) + "\n"


def multi_document(r):
    parts = []
    for _ in range(r.randint(2, 200)):
        parts.append(r.choice(SEEDS + ["", "~", "null", "- a\n- b", "just a string", "%YAML 1.2\n---\nkind: Pod"]))
    sep = r.choice(["---\n", "--- \n", "...\n---\n", "---\n---\n"])
    return sep.join(parts)


def mutate(r, text):
    data = bytearray(text.encode() if isinstance(text, str) else text)
    for _ in range(r.randint(1, 20)):
        op = r.randrange(6)
        pos = r.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = r.randrange(256)
        elif op == 1:
            data[pos:pos] = r.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf", b"\t", b"\r",
                                      b": ", b"- ", b"&x ", b"*x", b"{", b"[", b"'", b'"', b"#", b"|", b">", b"%"])
        elif op == 2:
            del data[pos:pos + r.randint(1, 40)]
        elif op == 3:
            chunk = data[pos:pos + r.randint(1, 80)]
            data[pos:pos] = chunk * r.randint(1, 50)
        elif op == 4:
            data = data[:pos]
        else:
            data[pos:pos] = r.choice(TAGS).encode() + b" "
    return bytes(data)


GENERATORS = [alias_bomb, merge_keys, deep_nesting, huge_scalar, tags, multi_document]


def make_case(r):
    kind = r.choice(GENERATORS + ["mutated"])
    if kind == "mutated":
        return "mutated", mutate(r, r.choice(SEEDS + [g(r) for g in (tags, multi_document, alias_bomb)]))
    text = kind(r)
    data = text.encode()
    if r.random() < 0.3:
        data = mutate(r, data)
    return kind.__name__, data


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_MB << 20, LIMIT_MB << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_case(gen, data, via_file, workdir):
    """(verdict or None when the property holds, seconds, max RSS in MB)."""
    args = [gen, "lint", "--format", "json", "--fail-on", "info"]
    stdin = subprocess.PIPE
    if via_file:
        path = os.path.join(workdir, "case.yaml")
        with open(path, "wb") as f:
            f.write(data)
        args.append(path)
        stdin = subprocess.DEVNULL
    else:
        args.append("-")
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdin=stdin, stdout=out, stderr=err, preexec_fn=limit)
        if not via_file:
            try:
                proc.stdin.write(data)
            except BrokenPipeError:
                pass
            proc.stdin.close()
        deadline = start + LIMIT_SECONDS
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                return f"timeout after {LIMIT_SECONDS} s", time.monotonic() - start, usage.ru_maxrss / 1024
            time.sleep(0.005)
        proc.returncode = 0  # reaped by wait4 above
        seconds, rss = time.monotonic() - start, usage.ru_maxrss / 1024
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}: {stderr[-300:].decode(errors='replace')}", seconds, rss
    code = os.WEXITSTATUS(status)
    if code == 2:
        return (None if stderr.strip() else "exit 2 without a message"), seconds, rss
    if code in (0, 1):
        try:
            json.loads(stdout)
        except ValueError:
            return f"exit {code} without a JSON report: {stderr[-300:].decode(errors='replace')}", seconds, rss
        return None, seconds, rss
    return f"exit {code}: {stderr[-300:].decode(errors='replace')}", seconds, rss


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("gen")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--cases", type=int)
    g.add_argument("--seconds", type=float)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--out", default=".build/fuzz-failures")
    a = p.parse_args()
    seed = a.seed if a.seed is not None else int(time.time())
    cases = a.cases if a.cases is not None or a.seconds is not None else 300
    r = random.Random(seed)
    print(f"fuzz-lint: seed {seed}; limits {LIMIT_SECONDS} s and {LIMIT_MB} MB of address space per case", flush=True)
    start = last_report = time.monotonic()
    n = failures = 0
    worst_time = worst_rss = 0.0
    worst_kind = ""
    by_kind = {}
    with tempfile.TemporaryDirectory() as workdir:
        while (cases is not None and n < cases) or (a.seconds is not None and time.monotonic() - start < a.seconds):
            kind, data = make_case(r)
            via_file = r.random() < 0.5
            verdict, seconds, rss = run_case(a.gen, data, via_file, workdir)
            n += 1
            by_kind[kind] = by_kind.get(kind, 0) + 1
            if seconds > worst_time:
                worst_time, worst_kind = seconds, f"{kind}, {len(data)} bytes"
            worst_rss = max(worst_rss, rss)
            if verdict:
                failures += 1
                os.makedirs(a.out, exist_ok=True)
                name = os.path.join(a.out, hashlib.sha256(data).hexdigest()[:16] + ".yaml")
                with open(name, "wb") as f:
                    f.write(data)
                print(f"FAIL {kind} ({'file' if via_file else 'stdin'}, {len(data)} bytes): {verdict} -> {name}",
                      flush=True)
            if time.monotonic() - last_report >= 10:
                last_report = time.monotonic()
                print(f"fuzz-lint: {n} cases, {failures} failed, {time.monotonic() - start:.0f} s", flush=True)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()))
    print(f"fuzz-lint: {n} cases ({kinds}) in {time.monotonic() - start:.1f} s; slowest case {worst_time:.2f} s ({worst_kind}), "
          f"largest {worst_rss:.0f} MB resident; {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
