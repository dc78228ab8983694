#!/usr/bin/env python3
"""measure.py: run one command and print its wall time and peak memory, for scripts/bench.sh.

    measure.py [--timeout SECONDS] LOG -- COMMAND...

Runs COMMAND with stdout and stderr to LOG and prints one line: `wall_ns max_rss_kib status`.
Wall time is taken around spawn and wait with a monotonic clock. The peak resident set is GNU
time's %M (ru_maxrss of the command alone): Linux counts a child's memory from before its exec,
so a child of this Python process would report at least Python's own 13 MiB, whereas GNU time's
child starts from time's own small image. On timeout the whole process group is killed and
status is `timeout`; otherwise it is the command's exit status.
"""
import os
import signal
import sys
import threading
import time


def main() -> int:
    args = sys.argv[1:]
    timeout = None
    while args and args[0].startswith("--") and args[0] != "--":
        flag = args.pop(0)
        if flag == "--timeout":
            timeout = float(args.pop(0))
        else:
            sys.exit(f"measure.py: unknown option {flag}")
    if len(args) < 3 or args[1] != "--":
        sys.exit("usage: measure.py [--timeout SECONDS] LOG -- COMMAND...")
    log, command = args[0], args[2:]
    peak = log + ".rss"
    with open(log, "wb") as out:
        start = time.monotonic_ns()
        pid = os.posix_spawn("/usr/bin/time", ["/usr/bin/time", "-f", "%M", "-o", peak, "--", *command], os.environ,
                             setsid=True, file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                                        (os.POSIX_SPAWN_DUP2, out.fileno(), 2)])
        timed_out = []

        def stop() -> None:
            timed_out.append(True)
            os.killpg(pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop) if timeout is not None else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.monotonic_ns() - start
        if timer:
            timer.cancel()
    if timed_out:
        print(f"{elapsed} 0 timeout")
        return 0
    with open(peak) as f:
        lines = f.read().split()
    os.unlink(peak)
    # GNU time writes "Command exited with non-zero status N" before %M when the command fails.
    print(f"{elapsed} {lines[-1]} {os.waitstatus_to_exitcode(status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
