#!/usr/bin/env bash
# Runs `make test`'s steps one after another and tells how it goes:
#   - a header per step ("==> [3/12] validate");
#   - a line whenever a step has been silent for HEARTBEAT seconds (default 10), so that no
#     stretch of the run is silent for longer;
#   - a last line over every step, "make test: N passed, M failed in T (step T, …)", also written
#     to .build/test-summary.txt for .ci/run to print after make's own messages.
# The steps are make targets. A failed step does not stop the others (their results are worth
# having), except the first two, the tools and the build, which every later step needs.
# Usage: bash scripts/test-steps.sh STEP...
set -uo pipefail
cd "$(dirname "$0")/.."

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

passed=0 failed=0 times=() start_all="$SECONDS" n=0
for step in "$@"; do
    n=$((n + 1))
    printf '==> [%d/%d] %s\n' "$n" "$#" "$step"
    start="$SECONDS"
    # -o: the prerequisites every step names (tools, build) ran as steps of their own.
    old=()
    for prerequisite in "${FATAL[@]}"; do [[ "$prerequisite" == "$step" ]] || old+=(-o "$prerequisite"); done
    make --no-print-directory "${old[@]}" "$step" 2>&1 | heartbeat "$step"
    status="${PIPESTATUS[0]}"
    took="$(duration $((SECONDS - start)))"
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
            break
        fi
    fi
done
skipped=$(($# - passed - failed))
line="make test: $passed passed, $failed failed$( ((skipped == 0)) || printf ', %d not run' "$skipped") in $(duration $((SECONDS - start_all))) ($(IFS=,; echo "${times[*]}" | sed 's/,/, /g'))"
mkdir -p "$(dirname "$SUMMARY")"
echo "$line" >"$SUMMARY"
echo "$line"
((failed == 0))
