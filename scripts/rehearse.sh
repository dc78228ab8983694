#!/usr/bin/env bash
# The rehearsal (Tests/Rehearsal): the generated deploy workflows run step by step against an
# emulated cluster, with faults injected and invariants checked after every step.
#   1. gen's model writes the tree of each active colour (the RehearsalTrees test, REHEARSAL_TREES),
#      and of the extended product's (REHEARSAL_EXTENDED_TREES: a worker, a third service, a job);
#   2. the one equal to the committed generated/ is the committed state (REHEARSAL_COMMITTED);
#   3. python -m unittest runs the scenarios; arguments are unittest's (e.g. -k staging).
# Expects `make build` done and the tools installed (.tools/); kubectl on PATH is the real one,
# used for `kubectl kustomize`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The backup tools' venv: Debian's python3 (with PyYAML, from moto), which starts in about 20 ms
# where pyenv's takes 160: every kubectl call of a rehearsed step starts one.
PYTHON="$ROOT/.tools/backup-venv/bin/python"
[[ -x "$PYTHON" ]] || { echo "rehearse: no $PYTHON (run scripts/install-test-tools.sh)" >&2; exit 1; }
REHEARSAL_REAL_KUBECTL="$(command -v kubectl)" || { echo "rehearse: no kubectl on PATH" >&2; exit 1; }
export REHEARSAL_REAL_KUBECTL
export REHEARSAL_GEN="$ROOT/.build/debug/gen"
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in the repository

TREES="$(mktemp -d)"
trap 'rm -rf "$TREES"' EXIT
export REHEARSAL_TREES="$TREES/product" REHEARSAL_EXTENDED_TREES="$TREES/extended"
(cd "$ROOT" && swift test --skip-build --disable-swift-testing --filter RehearsalTrees >"$TREES/log" 2>&1) \
    || { cat "$TREES/log" >&2; exit 1; }

REHEARSAL_COMMITTED=""
for tree in "$REHEARSAL_TREES"/*/; do
    if diff -rq -x .gen-manifest "$ROOT/generated" "$tree" >/dev/null; then
        REHEARSAL_COMMITTED="$(basename "$tree")"
    fi
done
[[ -n "$REHEARSAL_COMMITTED" ]] || { echo "rehearse: no tree of the model equals generated/ (run gen)" >&2; exit 1; }
export REHEARSAL_COMMITTED

cd "$ROOT/Tests/Rehearsal"
start=$SECONDS
"$PYTHON" -W error::ResourceWarning -m unittest "$@"
echo "rehearse: $((SECONDS - start)) s (committed tree: $REHEARSAL_COMMITTED active)"
