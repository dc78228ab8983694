#!/usr/bin/env bash
# checkov-overlays.sh [TREE]   (default: <repo>/generated/kubernetes)
#
# For every kustomization under TREE that is not a kustomize Component:
#   1. `kubectl kustomize DIR` (must exit 0 and build >= 1 object);
#   2. checkov's Kubernetes checks on what it built, offline:
#        BC_SKIP_MAPPING=TRUE checkov --framework kubernetes --skip-download --quiet --compact -o json
#      one checkov process per build, each on its own directory, so that checkov's graph checks
#      (CKV2_*: "a NetworkPolicy selects this pod") never see objects of another build.
# Prints every failed check (build, id, resource, checkov's name); a failure listed in SKIPS below
# is printed as "skip" with the reason, any other as FAIL; each build's line and the last line say
# "N passed, A accepted by SKIPS, F failed": passed counts checkov's passed results, accepted the
# failures SKIPS lists, failed the others and kustomize builds that fail. Exits 1 if anything failed, 2 on a usage/setup error (checkov missing, or its output
# not JSON).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TOOLS_BIN="$ROOT/.tools/bin"
VENV_PY="$ROOT/.tools/venv/bin/python"
TREE="${1:-$ROOT/generated/kubernetes}"

# ---------------------------------------------------------------------------------------------
# Failures we accept, one per line: CHECK_ID|BUILD_GLOB|RESOURCE_GLOB|WHY.
#   BUILD_GLOB matches the kustomization's path relative to TREE (bash pattern: base* matches
#   base, base/shared and base/workloads); RESOURCE_GLOB matches checkov's resource name
#   (Kind.namespace.name, or Pod.namespace.name.labels… for graph checks).
#   WHY is shown next to every failure it accepts. "DEFERRED to issue N" marks a failure where
#   checkov is right and the model changes in that issue (kept here only until it does); every
#   other entry is a check that is wrong for this tree, with the reason.
# An entry that accepts nothing is reported as stale (a note, not a failure): remove it.
SKIPS=(
    # Bases carry no namespace on purpose: every overlay that deploys them sets one (staging,
    # production, production-blue/green) and the bootstrap builds set theirs. base/ is never
    # applied alone. gen's missing-namespace check says the same on the base builds, only as a
    # warning.
    "CKV_K8S_21|base*|*|bases have no namespace by design; every overlay that deploys them sets one"

    # The restore job alone mounts its token: it scales the product's Deployments to zero and back
    # around the restore (workloads.sh), with a Role of exactly those requests on those Deployments
    # (deployments/scale get and patch, deployments get). gen records the same opt-out with its reason.
    "CKV_K8S_38|*|CronJob.*.postgres-restore|the restore stops and starts the applications through the API, with a Role of exactly those requests"

    # checkov wants imagePullPolicy: Always. Our images carry a version tag (gen's image-tag check
    # refuses latest/untagged), and for a versioned image IfNotPresent is the Kubernetes default
    # and the documented recommendation: Always makes every pod start (restart, reschedule,
    # scale-out) depend on the registry being up. checkov's reason — a pod reusing a private
    # image cached on the node without its pull secret — is closed cluster-wide by the
    # AlwaysPullImages admission plugin, not per manifest. gen's image-pull-policy check keeps
    # the part that matters (no Never, no IfNotPresent with a mutable tag).
    "CKV_K8S_15|*|*|IfNotPresent is right for versioned images; Always couples every pod start to the registry (use the AlwaysPullImages admission plugin for the shared-node concern)"

    # A tag can be re-pushed; a digest cannot. Redis and the exporters run by digest in production
    # (environments/production.swift: images[].digest in the overlay), so the entry no longer
    # covers production's Redis. Our own images (ghcr.io/secure-messenger/*) have no digest
    # before CI pushes them: the committed tree cannot hold it. PostgreSQL's (PostgresImage, run
    # by the server and every backup job) is built FROM the official image by digest, and its tag
    # is a hash of its Dockerfile that CI pushes once and never overwrites; production can pin the
    # pushed digest in env.imageDigests. Staging and the bases follow tags on purpose.
    "CKV_K8S_43|*|Deployment.*|app images get their digest when CI pushes them; the tree cannot hold it before"
    "CKV_K8S_43|base*|StatefulSet.*|bases are never applied; production pins the data tier by digest"
    "CKV_K8S_43|overlays/staging|StatefulSet.*|staging follows the data tier's tags; production pins them by digest"
    "CKV_K8S_43|*|CronJob.*.postgres-*|PostgreSQL's image is ours: a tag that hashes its Dockerfile, pushed once by CI, never overwritten; the digest exists only after that push"
    "CKV_K8S_43|*|CronJob.*.smoke-test*|the smoke tests run PostgreSQL's image (it has curl), which is ours: a tag that hashes its Dockerfile, pushed once by CI; the digest exists only after that push"
    "CKV_K8S_43|overlays/production|StatefulSet.production.postgres|PostgreSQL's image is ours: a tag that hashes its Dockerfile, pushed once by CI, never overwritten; the digest exists only after that push"


    # CIS 5.4.1 prefers Secrets as files. PostgreSQL and its exporter read the password from a
    # file (POSTGRES_PASSWORD_FILE, DATA_SOURCE_PASS_FILE). Three readers cannot: the NestJS
    # backend reads its settings from the environment (seed 10.1), and its DATABASE_URL and
    # REDIS_URL are composed by the kubelet from $(DATABASE_PASSWORD)-style references, which
    # only environment variables allow; Redis takes its password on the command line or in its
    # configuration only ($(REDIS_PASSWORD) in args), and redis_exporter from REDIS_PASSWORD.
    "CKV_K8S_35|*|Deployment.*.backend*|the NestJS app reads its settings from env; DATABASE_URL/REDIS_URL are composed from \$(VAR) references, which only env allows"
    "CKV_K8S_35|*|StatefulSet.*.redis|Redis reads its password only from argv/config and redis_exporter from env; Kubernetes expands \$(REDIS_PASSWORD) into the args"

    # checkov wants CPU limits everywhere; gen's cpu-limit check says the opposite, with the
    # reason: a CFS quota throttles a container even on an idle node. The web services keep the
    # seed's limits (suppressed with that reason in the model); the data tier, whose stalls every
    # request feels, runs with CPU requests and a memory limit only.
    "CKV_K8S_11|*|StatefulSet.*|a CPU limit throttles the database on an idle node (gen's cpu-limit check); requests guarantee its share"
    "CKV_K8S_11|*|CronJob.*.postgres-*|a CPU limit would stretch a dump or restore past its deadline (the RPO and RTO budgets) on an idle node; the request guarantees its share"
    "CKV_K8S_11|*|CronJob.*.smoke-test*|a CPU limit would only slow the deploy's smoke test (a few seconds of curl per deploy); the request guarantees its share"

    # CKV2_K8S_6 looks for a NetworkPolicy in the same build. The policies (a default deny and
    # one per component, derived from the typed connections) are shared objects: they live in
    # base/shared and overlays/production, while the Deployments they select sit in
    # base/workloads and in each colour's overlay, applied into the same namespace. gen's
    # networkpolicy-coverage check sees the whole environment and finds every pod covered;
    # NetworkIsolationTests evaluates the policies against every pod and connection.
    "CKV2_K8S_6|base/workloads|*|the NetworkPolicies are in base/shared, applied with these Deployments"
    "CKV2_K8S_6|overlays/production-*|*|the NetworkPolicies are in overlays/production, applied into the same namespace"

    # UID >= 10000: the app images and backup jobs run as 10001 (gen writes the Dockerfiles' USER
    # from the same value). PostgreSQL and Redis run as their official images' own users (70,
    # 999), which own the files the images ship; initdb needs its UID in /etc/passwd, which an
    # arbitrary UID lacks unless the image carries nss_wrapper: not verifiable here without a
    # container runtime, so the data tier keeps the images' users.
    "CKV_K8S_40|*|StatefulSet.*.postgres|the official postgres image's own user (70): initdb needs its UID in /etc/passwd"
    "CKV_K8S_40|*|StatefulSet.*.redis|the official redis image's own user (999), which owns its data folder"
    "CKV_K8S_40|*|CronJob.*.postgres-pitr|runs as the database server's user (70), which owns the data directory it restores into"
)
# ---------------------------------------------------------------------------------------------

usage_error() {
    echo "checkov-overlays: $*" >&2
    exit 2
}

[[ $# -le 1 ]] || usage_error "usage: $0 [TREE]"
[[ -d "$TREE" ]] || usage_error "no such directory: $TREE"
TREE="$(cd "$TREE" && pwd -P)"

if [[ ! -x "$TOOLS_BIN/checkov" || ! -x "$TOOLS_BIN/kubectl" || ! -x "$VENV_PY" ]]; then
    "$ROOT/scripts/install-test-tools.sh" >&2 || usage_error "installing the test tools failed"
fi
export PATH="$TOOLS_BIN:$PATH"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Kustomization directories, Components left out (they cannot be built alone).
mapfile -t KDIRS < <("$VENV_PY" "$ROOT/scripts/list-kustomizations.py" "$TREE")

echo "checkov-overlays: $TREE"
build_failures=0
BUILT=()   # "index<TAB>rel" of every build checkov must scan
i=0
for entry in "${KDIRS[@]}"; do
    rel="${entry#? }"
    if [[ "${entry%% *}" == C ]]; then
        printf '%-4s %s\n' - "skip $rel (Component)"
        continue
    fi
    i=$((i + 1))
    mkdir -p "$WORK/$i"
    rc=0
    kubectl kustomize "$TREE/$rel" >"$WORK/$i/build.yaml" 2>"$WORK/$i/build.err" || rc=$?
    if ((rc != 0)) || ! grep -q '^kind:' "$WORK/$i/build.yaml"; then
        build_failures=$((build_failures + 1))
        printf '%-4s %s\n' FAIL "kustomize $rel (exit $rc)"
        sed 's/^/       | /' "$WORK/$i/build.err"
        rm -rf "${WORK:?}/$i"
        continue
    fi
    BUILT+=("$i"$'\t'"$rel")
done
((${#BUILT[@]} > 0)) || usage_error "no buildable kustomization under $TREE"

# checkov, one process per build, as many at once as there are cores (each spends ~4 s mostly
# loading its checks). Exit 1 means "some check failed"; anything else, or stderr, is an error.
run_checkov() {
    local dir="$1" rc=0
    (cd "$dir" && BC_SKIP_MAPPING=TRUE checkov -d "$dir/scan" --framework kubernetes \
        --skip-download --quiet --compact -o json >"$dir/checkov.json" 2>"$dir/checkov.err") || rc=$?
    echo "$rc" >"$dir/checkov.rc"
    echo "checkov-overlays: scanned $(cat "$dir/rel")"   # progress: the scans take minutes in all
}
export -f run_checkov
# shellcheck disable=SC2016 # $1 is expanded by the child bash, on purpose
for b in "${BUILT[@]}"; do
    mkdir -p "$WORK/${b%%$'\t'*}/scan"
    mv "$WORK/${b%%$'\t'*}/build.yaml" "$WORK/${b%%$'\t'*}/scan/build.yaml"
    echo "${b#*$'\t'}" >"$WORK/${b%%$'\t'*}/rel"
    printf '%s\0' "$WORK/${b%%$'\t'*}"
done | xargs -0 -n1 -P "$(nproc)" bash -c 'run_checkov "$1"' _

# Match every failure against SKIPS, print, count.
printf '%s\n' "${BUILT[@]}" >"$WORK/builds.tsv"
printf '%s\n' "${SKIPS[@]}" >"$WORK/skips.txt"
# The README's figures are checked only for the committed tree, the one they describe.
readme=""
[[ "$TREE" != "$ROOT/generated/kubernetes" ]] || readme="$ROOT/README.md"
"$VENV_PY" - "$WORK" "$build_failures" "$readme" <<'EOF'
import fnmatch, json, os, re, sys

work, build_failures, readme = sys.argv[1], int(sys.argv[2]), sys.argv[3]
skips = []
for line in open(os.path.join(work, "skips.txt")):
    line = line.rstrip("\n")
    if not line:
        continue
    parts = line.split("|", 3)
    if len(parts) != 4:
        print(f"checkov-overlays: bad SKIPS entry {line!r} (want CHECK|BUILD_GLOB|RESOURCE_GLOB|WHY)", file=sys.stderr)
        sys.exit(2)
    skips.append({"check": parts[0], "build": parts[1], "resource": parts[2], "why": parts[3], "used": 0})

def glob(pattern, text):
    # bash-like: * crosses "/" (fnmatchcase does too); case-sensitive.
    return fnmatch.fnmatchcase(text, pattern)

passed = failed = accepted = 0
for row in open(os.path.join(work, "builds.tsv")):
    index, rel = row.rstrip("\n").split("\t", 1)
    d = os.path.join(work, index)
    rc = int(open(os.path.join(d, "checkov.rc")).read())
    err = open(os.path.join(d, "checkov.err")).read().strip()
    try:
        doc = json.load(open(os.path.join(d, "checkov.json")))
    except ValueError:
        doc = None
    if rc not in (0, 1) or err or doc is None:
        print(f"checkov-overlays: checkov failed on {rel} (exit {rc})", file=sys.stderr)
        print((err or open(os.path.join(d, "checkov.json")).read())[-4000:], file=sys.stderr)
        sys.exit(2)
    # One framework gives one report object; several would give a list. An input with no
    # resource checkov knows (only a CRD, say) gives a bare summary without "results". --quiet
    # leaves passed checks out of "results": their number is in the summary.
    reports = doc if isinstance(doc, list) else [doc]
    n_pass, n_parse_errors, fails = 0, 0, []
    for r in reports:
        if r.get("check_type", "kubernetes") != "kubernetes":
            continue
        summary = r.get("summary", r)
        n_pass += int(summary.get("passed", 0))
        n_parse_errors += int(summary.get("parsing_errors", 0))
        fails += (r.get("results") or {}).get("failed_checks", [])
    passed += n_pass
    if rc == 1 and not fails:
        print(f"checkov-overlays: checkov exited 1 on {rel} with no failed check", file=sys.stderr)
        sys.exit(2)
    # Match first, so that the build's line separates what SKIPS accepts from real failures.
    matched = []
    for f in sorted(fails, key=lambda f: (f["check_id"], f["resource"])):
        skip = next((s for s in skips if s["check"] == f["check_id"] and glob(s["build"], rel)
                     and glob(s["resource"], f["resource"])), None)
        matched.append((f, skip))
    n_accepted = sum(1 for _, skip in matched if skip)
    print(f"--   checkov {rel}: {n_pass} passed, {n_accepted} accepted by SKIPS, {len(fails) - n_accepted} failed")
    if n_parse_errors:
        failed += 1
        print(f"FAIL   checkov could not parse the build of {rel} ({n_parse_errors} parsing errors)")
    for f, skip in matched:
        line = f'{f["check_id"]:<11} {f["resource"]}  ({f["check_name"]})'
        if skip:
            skip["used"] += 1
            accepted += 1
            print(f"skip   {line}\n         why: {skip['why']}")
        else:
            failed += 1
            print(f"FAIL   {line}")

for s in skips:
    if not s["used"]:
        print(f"note: stale SKIPS entry {s['check']}|{s['build']}|{s['resource']} accepted nothing: remove it")
print(f"{accepted} failed checks accepted by SKIPS ({sum(1 for s in skips if s['why'].startswith('DEFERRED'))} entries deferred to a later issue)")
failed += build_failures
print(f"{passed} passed, {accepted} accepted by SKIPS, {failed} failed")
if readme:
    # "N checks pass, F fail; A failures of C checks are accepted": the README states what this run measures.
    text = re.sub(r"\s+", " ", open(readme).read())
    m = re.search(r"(\d+) checks pass, (\d+) fail; (\d+) failures of (\d+) checks are accepted", text)
    measured = (passed, failed, accepted, len({s["check"] for s in skips if s["used"]}))
    if not m:
        print("FAIL   README.md no longer states checkov's counts (\"N checks pass, F fail; A failures of C checks are accepted\")")
        failed += 1
    elif tuple(int(g) for g in m.groups()) != measured:
        print("FAIL   README.md says %s checks pass, %s fail; %s failures of %s checks are accepted; " % m.groups()
              + "measured: %d, %d; %d of %d: update it" % measured)
        failed += 1
sys.exit(1 if failed else 0)
EOF
