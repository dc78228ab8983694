#!/usr/bin/env python3
"""Checks the README's figures about the generated tree against the committed tree.

Each figure is found in README.md by the sentence that states it and computed from generated/:
production's quota, the number of generated files, the dashboards' panels and the Prometheus
rules. A figure that differs, or a sentence that is no longer found, fails with both values, so
that a README can no longer rot unnoticed. checkov's counts are
checked by scripts/checkov-overlays.sh, which computes them.

Usage: check-readme-figures.py
"""
import glob
import json
import os
import re
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TREE = os.path.join(ROOT, "generated")


def quota():
    # The production namespace's one ResourceQuota, whatever the product is called.
    path, = glob.glob(os.path.join(TREE, "kubernetes/bootstrap/production/resourcequota-*.yaml"))
    hard = yaml.safe_load(open(path))["spec"]["hard"]
    return [str(hard["pods"]), hard["requests.cpu"], hard["requests.memory"], hard["limits.memory"],
            str(hard["persistentvolumeclaims"]), hard["requests.storage"]]


def files():
    lines = open(os.path.join(TREE, ".gen-manifest")).read().splitlines()
    return [str(sum(1 for line in lines if line and not line.startswith("#")))]


def panels():
    out = []
    for uid in ("sm-application-overview", "sm-rto-rpo"):
        doc = json.load(open(os.path.join(TREE, f"monitoring/grafana/production/{uid}-production.json")))
        out.append(str(len(doc["panels"])))
    return out


def rules():
    n = 0
    for path in glob.glob(os.path.join(TREE, "monitoring/prometheus/rules/*.yml")):
        for group in yaml.safe_load(open(path))["groups"]:
            n += len(group["rules"])
    return [str(n)]


def main():
    if len(sys.argv) != 1:
        sys.exit(__doc__)
    readme = re.sub(r"\s+", " ", open(os.path.join(ROOT, "README.md")).read())
    figures = [
        ("production's quota", r"production's quota is (\d+) pods, (\S+) CPU and (\S+) memory requested, "
                               r"(\S+) memory limits, (\d+) claims, (\S+),", quota),
        ("generated files", r"renders its (\d+) files", files),
        ("dashboard panels", r"Application Overview \((\d+) panels\) and RTO/RPO Monitoring \((\d+) panels\)", panels),
        ("Prometheus rules", r"all (\d+) rules load", rules),
    ]
    failed = 0
    for name, pattern, compute in figures:
        match = re.search(pattern, readme)
        actual = compute()
        if not match:
            failed += 1
            print(f"FAIL {name}: README.md no longer has a sentence matching /{pattern}/ (the tree has {', '.join(actual)})")
        elif list(match.groups()) != actual:
            failed += 1
            print(f"FAIL {name}: README.md says {', '.join(match.groups())}; the tree has {', '.join(actual)}")
        else:
            print(f"ok   {name}: {', '.join(actual)}")
    print(f"README figures: {len(figures) - failed} match the tree, {failed} differ")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
