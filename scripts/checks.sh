# shellcheck shell=bash
# Sourced by the test scripts that run a list of checks: `check NAME COMMAND…` runs one and counts
# it, `checks_summary SCRIPT` prints "SCRIPT: N passed, N failed" and fails when any did.
passed=0 failed=0
check() {
    local name="$1"; shift
    if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
checks_summary() {
    echo "$1: $passed passed, $failed failed"
    ((failed == 0))
}
