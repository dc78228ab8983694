#!/usr/bin/env bash
# Runs `make test`'s steps one after another and tells how it goes:
#   - a header per step ("==> [3/12] validate");
#   - a line whenever a step has been silent for HEARTBEAT seconds (default 10), so that no
#     stretch of the run is silent for longer;
#   - a last line over every step, "make test: N passed, M failed in T (step T, …)", also written
#     to .build/test-summary.txt for .ci/run to print after make's own messages.
# The steps are make targets. A failed step does not stop the others (their results are worth
# having), except the first two, the tools and the build, which every later step needs.
#   - STEP+STEP runs those steps at the same time (each of their lines prefixed "[step] ").
# Usage: bash scripts/test-steps.sh STEP[+STEP]...
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

HEARTBEAT="${HEARTBEAT:-10}"
SUMMARY=.build/test-summary.txt
FATAL=(test-tools build)

# Copies standard input to standard output; after each HEARTBEAT seconds without a line, says
# that `step` is still running and for how long.
heartbeat() {
    local step="$1" start="$SECONDS" line status pending=""
    while true; do
        status=0
        IFS= read -r -t "$HEARTBEAT" line || status=$?
        if ((status == 0)); then
            printf '%s%s\n' "$pending" "$line"
            pending=""
        elif ((status > 128)); then
            pending+="$line"   # the start of a line, kept for when the rest comes
            printf '    ... %s: still running (%s)\n' "$step" "$(duration $((SECONDS - start)))"
        else
            [[ -z "$pending$line" ]] || printf '%s%s\n' "$pending" "$line"  # a last line without newline
            return 0
        fi
    done
}

duration() {
    local s="$1"
    if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# Runs one make target with a heartbeat; its output lines start with PREFIX (empty when alone).
# Writes "status seconds" to the file $2.
run_step() {
    local step="$1" result="$2" prefix="$3" start="$SECONDS" old=() prerequisite
    # -o: the prerequisites every step names (tools, build) ran as steps of their own.
    for prerequisite in "${FATAL[@]}"; do [[ "$prerequisite" == "$step" ]] || old+=(-o "$prerequisite"); done
    make --no-print-directory "${old[@]}" "$step" 2>&1 | heartbeat "$step" | sed -u "s/^/$prefix/"
    echo "${PIPESTATUS[0]} $((SECONDS - start))" >"$result"
}

RESULTS="$(mktemp -d)"
trap 'rm -rf "$RESULTS"' EXIT
total=0
for group in "$@"; do IFS=+ read -ra members <<<"$group"; total=$((total + ${#members[@]})); done
passed=0 failed=0 times=() start_all="$SECONDS" n=0 stop=0
for group in "$@"; do
    # "a+b": steps that share nothing but the machine (a Swift build beside a single-threaded
    # Python or PostgreSQL step) run at the same time, each line prefixed with its step.
    IFS=+ read -ra members <<<"$group"
    prefix=""
    for step in "${members[@]}"; do
        n=$((n + 1))
        printf '==> [%d/%d] %s\n' "$n" "$total" "$step"
    done
    for step in "${members[@]}"; do
        ((${#members[@]} == 1)) || prefix="[$step] "
        run_step "$step" "$RESULTS/$step" "$prefix" &
    done
    wait
    for step in "${members[@]}"; do
        read -r status seconds <"$RESULTS/$step"
        took="$(duration "$seconds")"
        if ((status == 0)); then
            passed=$((passed + 1))
            times+=("$step $took")
            printf '<== %s passed (%s)\n' "$step" "$took"
        else
            failed=$((failed + 1))
            times+=("$step FAILED $took")
            printf '<== %s FAILED (exit %d, %s)\n' "$step" "$status" "$took"
            if [[ " ${FATAL[*]} " == *" $step "* ]]; then
                printf '<== stopping: every later step needs %s\n' "$step"
                stop=1
            fi
        fi
    done
    ((stop == 0)) || break
done
skipped=$((total - passed - failed))
line="make test: $passed passed, $failed failed$( ((skipped == 0)) || printf ', %d not run' "$skipped") in $(duration $((SECONDS - start_all))) ($(IFS=,; echo "${times[*]}" | sed 's/,/, /g'))"
mkdir -p "$(dirname "$SUMMARY")"
echo "$line" >"$SUMMARY"
echo "$line"
((failed == 0))
