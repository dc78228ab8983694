#!/usr/bin/env bash
# scripts/measure-lint-corpus.sh GITDIRS [GEN]
#
# Re-measures the "Real repositories" figures of docs/policy-comparison.md: gen lint and checkov
# on folders of five public repositories, at the commits below. Not part of `make test`: the
# repositories are not in this one (nothing of them is committed) and CI has no copy of them.
#
# GITDIRS holds their git directories, bare or not, as the library's fetch tool lays them out
# (GITDIRS/<owner>+<name>/repo) or as plain clones (GITDIRS/<name>). Each folder is checked out
# from its commit into a temporary directory, without the blobs a partial mirror lacks (images;
# they are listed on standard error), and Tests/PolicyCorpus/measure_repos.py prints the tables.
# GEN defaults to a release build of gen, built here when missing; RUNS (default 3) runs of every
# command, medians reported.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
GITDIRS="${1:?usage: $0 GITDIRS [GEN]}"
GEN="${2:-$ROOT/.build/release/gen}"

# name, repository, commit, folder linted (. for the whole repository)
REPOS=(
    "microservices-demo GoogleCloudPlatform/microservices-demo 34ffea9175946982c3088ed84994fe6019ad6e92 ."
    "istio-samples istio/istio 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c samples"
    "kubernetes-examples kubernetes/examples 279e8e4fe314f6cb7bc55fa3fbc21bbeaa48c0ea ."
    "kube-prometheus prometheus-operator/kube-prometheus 4d719f1dea8853540b3823ab1fbe6be74a9953b3 manifests"
    "argo-cd argoproj/argo-cd 37ee0097cf851bc2dd7665fc081bbce61a7e836e manifests"
)

if [[ ! -x "$GEN" ]]; then
    (cd "$ROOT" && swift build -c release --product gen >&2)
fi
[[ -x "$ROOT/.tools/bin/checkov" && -x "$ROOT/.tools/bin/kubectl" ]] || bash "$ROOT/scripts/install-test-tools.sh" >&2

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# checkout GITDIR COMMIT FOLDER DEST: every file of FOLDER at COMMIT that the git directory holds.
checkout() {
    local git=$1 commit=$2 folder=$3 dest=$4 mode type sha path
    git -C "$git" ls-tree -r "$commit" -- "$folder" | while IFS=$'\t' read -r meta path; do
        read -r mode type sha <<<"$meta"
        [[ $type == blob ]] || continue
        mkdir -p "$dest/$(dirname "$path")"
        if [[ $mode == 120000 ]]; then
            ln -s "$(git -C "$git" cat-file blob "$sha")" "$dest/$path"
        elif ! git -C "$git" cat-file blob "$sha" >"$dest/$path" 2>/dev/null; then
            echo "measure-lint-corpus: $path is not in $git, left out" >&2
            rm -f "$dest/$path"
        fi
    done
}

args=()
for entry in "${REPOS[@]}"; do
    read -r name repo commit folder <<<"$entry"
    git=""
    for candidate in "$GITDIRS/${repo/\//+}/repo" "$GITDIRS/${repo#*/}"; do
        if git -C "$candidate" cat-file -e "$commit^{commit}" 2>/dev/null; then git=$candidate; break; fi
    done
    [[ -n $git ]] || { echo "measure-lint-corpus: no git directory of $repo with commit $commit in $GITDIRS" >&2; exit 2; }
    checkout "$git" "$commit" "$folder" "$WORK/$name"
    echo "<!-- $name: $repo ${commit:0:7}, folder $folder -->"
    if [[ $folder == . ]]; then args+=("$name=$WORK/$name"); else args+=("$name=$WORK/$name/$folder"); fi
done

"$ROOT/.tools/venv/bin/python" "$ROOT/Tests/PolicyCorpus/measure_repos.py" "$GEN" "${args[@]}"
