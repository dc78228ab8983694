#!/usr/bin/env python3
"""Measures the writer's guarantees with the real gen (the README's guarantees section).

1. Kills: KILLS times, delete a few generated files of a scratch output, start `gen --output` and
   SIGKILL it at a random moment within its run. After each kill the output must be the tree before
   the run or the complete new one (every file in .gen-manifest present with its hash, or exactly
   the deleted files missing), never a mix; a following run must leave no temporary tree beside it.
2. Concurrency: PARALLEL gens at once on one output (they wait for each other's lock: all succeed,
   the tree is complete, nothing is left beside it), and on PARALLEL outputs in one folder (no run
   waits: none prints the waiting message).

Usage: stress-writer.py [--kills N] [--parallel N] [--seed N] GEN
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def manifest(out):
    entries = {}
    for line in open(os.path.join(out, ".gen-manifest")).read().splitlines():
        if line and not line.startswith("#"):
            sha, _scope, path = line.split("  ", 2)
            entries[path] = sha
    return entries


def state(out):
    """(paths missing, paths whose bytes differ from the manifest)."""
    missing, wrong = set(), set()
    for path, sha in manifest(out).items():
        full = os.path.join(out, path)
        if not os.path.exists(full):
            missing.add(path)
        elif hashlib.sha256(open(full, "rb").read()).hexdigest() != sha:
            wrong.add(path)
    return missing, wrong


def debris(parent, name):
    return [n for n in os.listdir(parent) if n.startswith(f".{name}.gen-tmp-")]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("gen")
    p.add_argument("--kills", type=int, default=200)
    p.add_argument("--parallel", type=int, default=8)
    p.add_argument("--seed", type=int, default=int(time.time()))
    a = p.parse_args()
    r = random.Random(a.seed)
    gen = os.path.abspath(a.gen)
    work = tempfile.mkdtemp(prefix="gen-stress-")
    out = os.path.join(work, "out")
    failures = 0
    try:
        subprocess.run([gen, "--output", out], check=True, capture_output=True)
        start = time.monotonic()
        subprocess.run([gen, "--output", out], check=True, capture_output=True)
        run_seconds = time.monotonic() - start
        print(f"stress-writer: seed {a.seed}; an up-to-date run takes {run_seconds:.2f} s", flush=True)

        before_swap = after_swap = left = 0
        for i in range(a.kills):
            paths = sorted(manifest(out))
            deleted = set(r.sample(paths, r.randint(1, 10)))
            for path in deleted:
                os.remove(os.path.join(out, path))
            proc = subprocess.Popen([gen, "--output", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(r.uniform(0, run_seconds * 1.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            missing, wrong = state(out)
            if wrong or missing not in (set(), deleted):
                failures += 1
                print(f"FAIL kill {i}: {len(missing)} missing (deleted {len(deleted)}), {len(wrong)} with other bytes")
            elif missing:
                before_swap += 1
            else:
                after_swap += 1
            left += bool(debris(work, "out"))
            subprocess.run([gen, "--output", out], check=True, capture_output=True)
            if debris(work, "out") or state(out) != (set(), set()):
                failures += 1
                print(f"FAIL kill {i}: the next run left {debris(work, 'out')} or an incomplete tree")
        print(f"stress-writer: {a.kills} SIGKILLs: {before_swap} left the previous tree, {after_swap} the new one, "
              f"{a.kills - before_swap - after_swap} a mix; {left} left a temporary tree, every one removed by "
              f"the next run", flush=True)

        for path in r.sample(sorted(manifest(out)), 10):
            os.remove(os.path.join(out, path))
        start = time.monotonic()
        procs = [subprocess.Popen([gen, "--output", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for _ in range(a.parallel)]
        errs = [proc.communicate()[1].decode() for proc in procs]
        waited = sum("is writing" in e for e in errs)
        bad = [proc.returncode for proc in procs if proc.returncode != 0]
        if bad or state(out) != (set(), set()) or debris(work, "out"):
            failures += 1
            print(f"FAIL {a.parallel} runs on one output: exit statuses {bad}, debris {debris(work, 'out')}")
        print(f"stress-writer: {a.parallel} runs at once on one output: all succeeded, {waited} waited for "
              f"another's lock, {time.monotonic() - start:.1f} s in all", flush=True)

        outs = [os.path.join(work, f"side-{n}") for n in range(a.parallel)]
        procs = [subprocess.Popen([gen, "--output", o], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for o in outs]
        errs = [proc.communicate()[1].decode() for proc in procs]
        waited = sum("is writing" in e for e in errs)
        if waited or any(proc.returncode for proc in procs):
            failures += 1
            print(f"FAIL {a.parallel} outputs side by side: {waited} runs waited")
        print(f"stress-writer: {a.parallel} runs at once on {a.parallel} outputs in one folder: {waited} waited")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"stress-writer: {failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
