#!/usr/bin/env bash
# test-example.sh: the second product, Examples/guestbook (what `gen init guestbook` writes),
# depends on this package's library products by path. Build it (in .build-example/, kept between
# runs), let its own executable write its tree, and run the validators the Secure Messenger tree
# passes: validate-kubernetes, validate-workflows, check-monitoring. Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PATH="$ROOT/.tools/bin:$PATH"
SCRATCH="$ROOT/.build-example"
TREE="$SCRATCH/tree"
rm -rf "$TREE"

# shellcheck source=scripts/checks.sh
source "$ROOT/scripts/checks.sh"
build() { swift build --package-path "$ROOT/Examples/guestbook" --scratch-path "$SCRATCH" -q; }
# SwiftPM's incremental build of a path dependency can miss a source file added to it since the
# last run (seen: "cannot find 'Shell' in scope"); a clean build is the arbiter.
clean_build() { build || { echo "incremental build failed; building clean"; rm -rf "$SCRATCH"; build; }; }
check "swift build Examples/guestbook" clean_build
check "guestbook-gen writes its tree" "$SCRATCH/debug/guestbook-gen" --output "$TREE"
check "guestbook-gen --check finds it current" "$SCRATCH/debug/guestbook-gen" --check --output "$TREE"
check "validate-kubernetes" bash "$ROOT/scripts/validate-kubernetes.sh" "$TREE/kubernetes"
check "validate-workflows" bash "$ROOT/scripts/validate-workflows.sh" "$TREE"
check "check-monitoring" bash "$ROOT/scripts/check-monitoring.sh" "$TREE"
checks_summary test-example
