#!/usr/bin/env bash
# bench.sh: measure how long gen takes, and print the figures as a Markdown table.
#
#   1. cold        .build/release/gen --output FRESH_DIR          (empty output folder)
#   2. warm        .build/release/gen --output SAME_DIR           (second run: nothing to write)
#   3. check       .build/release/gen --check --output SAME_DIR   (up-to-date folder)
#   4. edit loop   touch environments/production.swift; swift run gen production --output DIR
#                  (debug build, as the README says; includes SwiftPM's incremental rebuild)
#
# Runs per measurement: 10 for 1-3 and 5 for 4; BENCH_RUNS=N sets both. Each figure is wall time
# of the whole process, taken with `date +%s%N`; min, median and max are in milliseconds.
# The release binary is built once first (`swift build -c release --product gen`, not timed);
# 1-3 and 4 each get one warm-up run that is not counted.
#
# Nothing in the repo is written except .build/ (SwiftPM): output goes to a temp folder, and
# environments/production.swift gets its original timestamps back on exit (its contents are never
# changed; if someone edited it meanwhile, it is left alone).
# The Markdown goes to stdout, progress to stderr. Exit status: 0 ok, 1 a run failed, 2 usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
GEN="$ROOT/.build/release/gen"
EDITED="$ROOT/environments/production.swift"

usage_error() {
    echo "bench: $*" >&2
    exit 2
}

[[ $# -eq 0 ]] || usage_error "usage: [BENCH_RUNS=N] $0"
if [[ -n "${BENCH_RUNS:-}" ]]; then
    [[ "$BENCH_RUNS" =~ ^[1-9][0-9]*$ ]] || usage_error "BENCH_RUNS must be a positive integer, got \"$BENCH_RUNS\""
fi
RUNS_FAST="${BENCH_RUNS:-10}"
RUNS_LOOP="${BENCH_RUNS:-5}"
[[ -f "$EDITED" ]] || usage_error "missing $EDITED"

SCRIPT_START_NS="$(date +%s%N)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gen-bench.XXXXXX")"

# Remember production.swift's timestamps (on a reference file) and contents before touching it.
touch -r "$EDITED" "$tmp/mtime-ref"
EDITED_SHA="$(sha256sum <"$EDITED")"
touched=false

cleanup() {
    if [[ "$touched" == true ]]; then
        if [[ "$(sha256sum <"$EDITED")" == "$EDITED_SHA" ]]; then
            touch -r "$tmp/mtime-ref" "$EDITED"
        else
            echo "bench: $EDITED was edited during the benchmark; its timestamps were left as they are" >&2
        fi
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    echo "bench: $*" >&2
    exit 1
}

# run_timed LOG CMD...: run CMD (stdout+stderr to LOG) and set ELAPSED_NS to its wall time.
# A failing run prints its log and ends the script with status 1.
ELAPSED_NS=0
run_timed() {
    local log="$1" start end status=0
    shift
    start="$(date +%s%N)"
    "$@" >"$log" 2>&1 || status=$?
    end="$(date +%s%N)"
    if [[ $status -ne 0 ]]; then
        echo "bench: failed (exit $status): $*" >&2
        sed 's/^/    /' "$log" >&2
        exit 1
    fi
    ELAPSED_NS=$((end - start))
}

# expect_output LOG PATTERN WHAT: the run must have printed PATTERN (a sanity check on what was measured).
expect_output() {
    grep -q -- "$2" "$1" || fail "$3: expected output matching \"$2\", got: $(cat "$1")"
}

# row NAME NS...: one Markdown table row with run count, min, median and max in ms.
row() {
    local name="$1"
    shift
    printf '%s\n' "$@" | sort -n | awk -v name="$name" '
        { v[NR] = $1 / 1e6 }
        END {
            median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "| %s | %d | %.1f | %.1f | %.1f |\n", name, NR, v[1], median, v[NR]
        }'
}

cd "$ROOT"

echo "bench: building the release binary (not timed)..." >&2
swift build -c release --product gen >"$tmp/build-release.log" 2>&1 \
    || { sed 's/^/    /' "$tmp/build-release.log" >&2; fail "swift build -c release --product gen failed"; }
[[ -x "$GEN" ]] || fail "no binary at $GEN after the release build"

# 1-3: release binary. Warm-up (page cache, dynamic loader), then N rounds of cold, warm, check.
run_timed "$tmp/warmup.log" "$GEN" --output "$tmp/warmup"
cold=() warm=() check=()
for ((i = 1; i <= RUNS_FAST; i++)); do
    echo "bench: release binary, round $i/$RUNS_FAST" >&2
    out="$tmp/out-$i"
    run_timed "$tmp/cold.log" "$GEN" --output "$out"
    expect_output "$tmp/cold.log" " 0 unchanged, 0 deleted" "cold run"
    cold+=("$ELAPSED_NS")
    run_timed "$tmp/warm.log" "$GEN" --output "$out"
    expect_output "$tmp/warm.log" "^gen: 0 written, [0-9]* unchanged, 0 deleted" "warm run"
    warm+=("$ELAPSED_NS")
    run_timed "$tmp/check.log" "$GEN" --check --output "$out"
    expect_output "$tmp/check.log" "is up to date" "--check run"
    check+=("$ELAPSED_NS")
done

# 4: edit-to-tree loop with the debug build. The warm-up brings .build/debug up to date.
echo "bench: edit loop, warm-up (debug build may take a while)" >&2
run_timed "$tmp/loop-warmup.log" swift run gen production --output "$tmp/loop"
loop=()
recompiled=0
for ((i = 1; i <= RUNS_LOOP; i++)); do
    echo "bench: edit loop, run $i/$RUNS_LOOP" >&2
    touched=true
    touch "$EDITED"
    run_timed "$tmp/loop.log" swift run gen production --output "$tmp/loop"
    expect_output "$tmp/loop.log" "^gen: [0-9]* written, " "swift run gen production"
    if grep -q "Compiling Environments" "$tmp/loop.log"; then
        recompiled=$((recompiled + 1))
    fi
    loop+=("$ELAPSED_NS")
done

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
swift_version="$(swift --version 2>&1 | head -1)"
total_s="$(awk -v ns="$(($(date +%s%N) - SCRIPT_START_NS))" 'BEGIN { printf "%.1f", ns / 1e9 }')"

echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; ${swift_version}; $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo
echo "| Measurement | Runs | Min (ms) | Median (ms) | Max (ms) |"
echo "| --- | ---: | ---: | ---: | ---: |"
row "release \`gen\`, all environments, cold (empty output folder)" "${cold[@]}"
row "release \`gen\`, all environments, warm (up to date, nothing written)" "${warm[@]}"
row "release \`gen --check\`, up-to-date folder" "${check[@]}"
row "edit loop: \`touch environments/production.swift\` + \`swift run gen production\` (debug, incl. rebuild)" "${loop[@]}"
echo
echo "Edit loop: Environments recompiled in $recompiled of $RUNS_LOOP runs. Script wall time ${total_s} s (release build included)."
