#!/usr/bin/env bash
# `bash -n` and `shellcheck -x` on every generated shell script: every *.sh under the tree (the
# secrets scripts, the backup scripts and their library). The workflows' `run:` blocks are
# shellchecked by actionlint (scripts/validate-workflows.sh).
# Expects shellcheck on PATH (make puts .tools/bin first); the tree defaults to generated/.
set -euo pipefail

TREE="${1:-generated}"
mapfile -t scripts < <(find "$TREE" -name '*.sh' -type f | LC_ALL=C sort)
((${#scripts[@]} > 0)) || { echo "check-shell: no shell script under $TREE" >&2; exit 1; }

for script in "${scripts[@]}"; do
    bash -n "$script"
done
echo "bash -n: ${#scripts[@]} scripts parse"
# -x follows `source` (the backup library); --norc: no .shellcheckrc may switch checks off.
# Each script from its own folder, so that `source-path=SCRIPTDIR` resolves.
for script in "${scripts[@]}"; do
    (cd "$(dirname "$script")" && shellcheck --norc -x "$(basename "$script")")
done
echo "check-shell: shellcheck $(shellcheck --version | sed -n 's/^version: //p') -x clean on ${#scripts[@]} scripts: ${scripts[*]#"$TREE"/}"
