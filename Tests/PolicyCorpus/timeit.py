"""Wall-clock time of a whole command, N runs, median (what docs/policy-comparison.md reports).

    python timeit.py N COMMAND [ARG...]

Runs COMMAND N times with stdout/stderr discarded and BC_SKIP_MAPPING=TRUE in the environment
(checkov's offline switch; gen ignores it), and prints each run and the median in seconds.
"""
import os
import statistics
import subprocess
import sys
import time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
env = dict(os.environ, BC_SKIP_MAPPING="TRUE")
times = []
for _ in range(runs):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    times.append(time.perf_counter() - start)
print(f"{' '.join(cmd[:2])}: exit {proc.returncode}; runs " + ", ".join(f"{t:.3f}" for t in times)
      + f"; median {statistics.median(times):.3f} s")
