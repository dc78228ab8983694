#!/usr/bin/env bash
# Tests/PolicyCorpus/compare.sh [GEN]   (GEN: the gen binary, default <repo>/.build/debug/gen)
#
# Runs `gen lint --format json` and checkov (offline, Kubernetes checks) on the whole corpus as
# one input each, then compare.py, which prints the Markdown tables of docs/policy-comparison.md
# (totals, per concept, disagreements). The raw reports are left in $OUT (default a temp dir).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
GEN="${1:-$ROOT/.build/debug/gen}"
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
[[ -x "$GEN" ]] || { echo "compare: no gen binary at $GEN (swift build first)" >&2; exit 2; }
[[ -x "$ROOT/.tools/bin/checkov" ]] || bash "$ROOT/scripts/install-test-tools.sh" >&2

"$GEN" lint --fail-on none --format json "$HERE/manifests" >"$OUT/gen.json"
"$GEN" checks >"$OUT/gen-checks.txt"
rc=0
(cd "$HERE" && BC_SKIP_MAPPING=TRUE "$ROOT/.tools/bin/checkov" -d manifests --framework kubernetes \
    --skip-download --quiet --compact -o json >"$OUT/checkov.json" 2>"$OUT/checkov.err") || rc=$?
if ((rc > 1)) || [[ -s "$OUT/checkov.err" ]]; then
    echo "compare: checkov failed (exit $rc)" >&2
    cat "$OUT/checkov.err" >&2
    exit 2
fi
echo "<!-- gen $("$GEN" --version 2>/dev/null || echo '?'), $(wc -l <"$OUT/gen-checks.txt") lines of \`gen checks\`; checkov $(sed -n 's/.*"checkov_version": "\([^"]*\)".*/\1/p' "$OUT/checkov.json" | head -1); raw reports in $OUT -->"
"$ROOT/.tools/venv/bin/python" "$HERE/compare.py" "$OUT/gen.json" "$OUT/checkov.json" "$OUT/gen-checks.txt" \
    "$HERE/manifests" "$HERE/expectations.yaml"
