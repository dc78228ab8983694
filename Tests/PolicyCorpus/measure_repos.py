#!/usr/bin/env python3
"""Lints folders of public repositories with gen and checkov and prints the Markdown tables of
docs/policy-comparison.md's "Real repositories" section.

    .tools/venv/bin/python Tests/PolicyCorpus/measure_repos.py GEN NAME=DIR [NAME=DIR ...]

GEN is a gen binary; each DIR is a checked-out folder (nothing of it is kept). Per folder: YAML
files, files gen could not read, objects (documents with apiVersion and kind, List items
counted, as PyYAML reads the readable files), gen's findings per check, wall time of one
`gen lint --format json` and of one `checkov -d DIR --framework kubernetes` (offline), and
checkov's failed checks and files it could not parse.
"""
import collections
import json
import os
import subprocess
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKOV = os.path.join(ROOT, ".tools", "bin", "checkov")


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


def timed(command):
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    return result, time.monotonic() - start


def main():
    gen, folders = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    per_check = collections.defaultdict(dict)
    rows = []
    for name, directory in folders:
        files = yaml_files(directory)
        result, gen_seconds = timed([gen, "lint", "--fail-on", "none", "--format", "json", directory])
        report = json.loads(result.stdout)
        findings = report["findings"]
        unreadable = [f for f in findings if f["check"] == "unreadable-input"]
        unread = {f["file"] for f in unreadable}
        objects = sum(count_objects(f) for f in files if f not in unread)
        for check, n in collections.Counter(f["check"] for f in findings).items():
            per_check[check][name] = n
        ckv, ckv_seconds = timed([CHECKOV, "-d", directory, "--framework", "kubernetes", "--skip-download", "--quiet",
                                  "--compact", "-o", "json"])
        reports = json.loads(ckv.stdout) if ckv.stdout.strip().startswith(("{", "[")) else []
        reports = reports if isinstance(reports, list) else [reports]
        failed = sum(len((r.get("results") or {}).get("failed_checks", [])) for r in reports)
        parse_errors = sum(r.get("summary", {}).get("parsing_errors", 0) for r in reports)
        ckv_resources = sum(r.get("summary", {}).get("resource_count", 0) for r in reports)
        rows.append((name, len(files), len(unread), objects, len(findings) - len(unreadable),
                     result.returncode, gen_seconds, failed, parse_errors, ckv_resources, ckv_seconds))
    print("| folder | YAML files | unreadable (gen) | objects | gen findings | gen exit | gen wall | "
          "checkov failed checks | checkov parse errors | checkov resources | checkov wall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]:.2f} s | {r[7]} | {r[8]} | {r[9]} | {r[10]:.1f} s |")
    print()
    names = [name for name, _ in folders]
    print("| check | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for check in sorted(per_check, key=lambda c: (-sum(per_check[c].values()), c)):
        print(f"| {check} | " + " | ".join(str(per_check[check].get(n, 0)) for n in names) + " |")


if __name__ == "__main__":
    main()
