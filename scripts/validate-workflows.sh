#!/usr/bin/env bash
# Real validators on the generated GitHub Actions workflows and Dockerfiles:
#   yamllint (the project's .yamllint.yaml), actionlint (with shellcheck on every `run:` script), check-jsonschema against SchemaStore's
#   github-workflows schema, zizmor --offline (any finding fails), hadolint (any finding fails).
# Expects the tools on PATH (make puts .tools/bin first); the tree defaults to generated/.
set -euo pipefail

TREE="${1:-generated}"
shopt -s nullglob
workflows=("$TREE"/.github/workflows/*.yml)
dockerfiles=("$TREE"/docker/*/Dockerfile)
((${#workflows[@]} > 0)) || { echo "validate-workflows: no workflow under $TREE/.github/workflows" >&2; exit 1; }
((${#dockerfiles[@]} > 0)) || { echo "validate-workflows: no Dockerfile under $TREE/docker" >&2; exit 1; }

echo "yamllint -s on ${#workflows[@]} workflows"
yamllint -s -c "$(dirname "${BASH_SOURCE[0]}")/../.yamllint.yaml" "${workflows[@]}"

echo "actionlint $(actionlint -version | head -n 1) + shellcheck $(shellcheck --version | sed -n 's/^version: //p') on ${#workflows[@]} workflows"
actionlint -no-color -shellcheck="$(command -v shellcheck)" "${workflows[@]}"

echo "check-jsonschema --builtin-schema vendor.github-workflows on ${#workflows[@]} workflows"
check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}"

# Offline, zizmor skips the audits that ask GitHub (e.g. whether a pinned SHA matches its tag
# comment): the SHAs are checked by hand, see Sources/WorkflowModel/PinnedActions.swift.
echo "$(zizmor --version) --offline on ${#workflows[@]} workflows"
# The tree's own configuration (gen writes it, with its reasons) when it has one.
config=()
[[ -f "$TREE/.github/zizmor.yml" ]] && config=(--config "$TREE/.github/zizmor.yml")
zizmor --offline --no-progress "${config[@]}" "$TREE/.github/workflows"

echo "hadolint $(hadolint --version | sed 's/.* //') on ${#dockerfiles[@]} Dockerfiles (any finding fails)"
hadolint --no-color --failure-threshold info "${dockerfiles[@]}"

echo "validate-workflows: ${#workflows[@]} workflows and ${#dockerfiles[@]} Dockerfiles clean"
