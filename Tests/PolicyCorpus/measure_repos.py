#!/usr/bin/env python3
"""Lints folders of public repositories with gen and checkov and prints the Markdown tables of
docs/policy-comparison.md's "Real repositories" section.

    .tools/venv/bin/python Tests/PolicyCorpus/measure_repos.py GEN NAME=DIR [NAME=DIR ...]

GEN is a gen binary; each DIR is a checked-out folder (nothing of it is kept);
scripts/measure-lint-corpus.sh checks the five of the doc out at their commits and calls this.
Per folder: YAML files, files gen could not read, objects (documents with apiVersion and kind,
List items counted, as PyYAML reads the readable files), gen's findings per check, and checkov's
failed checks, files it could not parse and resources, on the same files.

gen runs twice per folder: file by file (kubectl hidden from PATH: the same files checkov reads),
and with `.tools/bin/kubectl` on PATH, which builds each outermost kustomization. Every command
runs RUNS times (environment, default 3); its wall time is the median, its report the first run's.
"""
import collections
import json
import os
import statistics
import subprocess
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKOV = os.path.join(ROOT, ".tools", "bin", "checkov")
RUNS = int(os.environ.get("RUNS", "3"))
# No kubectl to be found: gen lints the files one by one, as checkov reads them.
FILE_BY_FILE = dict(os.environ, PATH="/nonexistent")
# The pinned kubectl first: gen builds every kustomization no other one includes.
BUILT = dict(os.environ, PATH=os.path.join(ROOT, ".tools", "bin") + os.pathsep + os.environ.get("PATH", ""))
# checkov's offline switch (no download of its mapping from the platform).
CHECKOV_ENV = dict(os.environ, BC_SKIP_MAPPING="TRUE")


def yaml_files(directory):
    out = []
    for base, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [os.path.join(base, f) for f in sorted(files) if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return out


def count_objects(path):
    try:
        docs = list(yaml.safe_load_all(open(path, encoding="utf-8")))
    except Exception:
        return 0
    n = 0
    for d in docs:
        if isinstance(d, dict) and "apiVersion" in d and "kind" in d:
            n += len(d.get("items") or []) if d["kind"] == "List" else 1
    return n


def timed(command, env):
    """The first run's result and the median wall time of RUNS runs, in seconds."""
    first, seconds = None, []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        seconds.append(time.perf_counter() - start)
        first = first or result
    return first, statistics.median(seconds)


def gen_lint(gen, directory, env):
    result, seconds = timed([gen, "lint", "--fail-on", "none", "--format", "json", directory], env)
    findings = json.loads(result.stdout)["findings"]
    built = sum(1 for line in result.stderr.splitlines() if line.endswith("builds (kubectl kustomize)"))
    return findings, result.returncode, seconds, built


def main():
    gen, folders = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    kubectl = subprocess.run([os.path.join(ROOT, ".tools", "bin", "kubectl"), "version", "--client", "-o", "json"],
                             capture_output=True, text=True)
    print(f"<!-- {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {RUNS} runs a command; "
          f"gen {subprocess.run([gen, '--version'], capture_output=True, text=True).stdout.strip()} "
          f"({len(subprocess.run([gen, 'checks'], capture_output=True, text=True).stdout.splitlines())} lines of "
          f"`gen checks`); kubectl {json.loads(kubectl.stdout)['clientVersion']['gitVersion']} -->")
    per_check = collections.defaultdict(dict)
    rows = []
    for name, directory in folders:
        files = yaml_files(directory)
        findings, gen_exit, gen_seconds, _ = gen_lint(gen, directory, FILE_BY_FILE)
        built_findings, _, built_seconds, built = gen_lint(gen, directory, BUILT)
        unreadable = [f for f in findings if f["check"] == "unreadable-input"]
        unread = {f["file"] for f in unreadable}
        objects = sum(count_objects(f) for f in files if f not in unread)
        for check, n in collections.Counter(f["check"] for f in findings).items():
            per_check[check][name] = n
        ckv, ckv_seconds = timed([CHECKOV, "-d", directory, "--framework", "kubernetes", "--skip-download", "--quiet",
                                  "--compact", "-o", "json"], CHECKOV_ENV)
        reports = json.loads(ckv.stdout) if ckv.stdout.strip().startswith(("{", "[")) else []
        reports = reports if isinstance(reports, list) else [reports]
        failed = sum(len((r.get("results") or {}).get("failed_checks", [])) for r in reports)
        parse_errors = sum(r.get("summary", {}).get("parsing_errors", 0) for r in reports)
        ckv_resources = sum(r.get("summary", {}).get("resource_count", 0) for r in reports)
        built_real = [f for f in built_findings if f["check"] != "unreadable-input"]
        rows.append((name, len(files), len(unread), objects, len(findings) - len(unreadable), gen_exit, gen_seconds,
                     failed, parse_errors, ckv_resources, ckv_seconds, built, len(built_real), built_seconds))
    print(f"<!-- load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} -->")
    print("| folder | YAML files | unreadable (gen) | objects | gen findings | gen exit | gen wall | "
          "checkov failed checks | checkov parse errors | checkov resources | checkov wall | checkov ÷ gen |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6] * 1000:.0f} ms | {r[7]} | {r[8]} | "
              f"{r[9]} | {r[10]:.1f} s | {r[10] / r[6]:.0f}× |")
    print()
    print("| folder | kustomizations built | gen findings, kustomizations built | gen wall, kustomizations built |")
    print("| --- | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r[0]} | {r[11]} | {r[12]} | {r[13] * 1000:.0f} ms |")
    print()
    names = [name for name, _ in folders]
    print("| check | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for check in sorted(per_check, key=lambda c: (-sum(per_check[c].values()), c)):
        print(f"| {check} | " + " | ".join(str(per_check[check].get(n, 0)) for n in names) + " |")


if __name__ == "__main__":
    main()
