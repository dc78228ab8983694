#!/usr/bin/env bash
# bench.sh: measure gen against its peers and the floors, in one run, and print Markdown tables.
#
#   generate  release `gen` on Secure Messenger: cold (empty folder), warm (up to date), --check;
#             `cp -r` of the same output (the I/O floor); the edit-to-tree loop
#             (touch environments/production.swift; swift run gen production, debug, incl. rebuild)
#   scale     gen-scale N OUTPUT (Secure Messenger plus N services, generated and written as gen
#             writes its tree) for N in BENCH_SCALE (default "0 10 100 1000 5000"), against
#             cdk8s + cdk8s-plus-33 synthesising the same objects per service in as many
#             environments (Benchmarks/cdk8s/app.py), and `kubectl kustomize` of the first
#             environment's overlay gen-scale wrote (what a user of the overlays runs) and of its base
#             alone (plain resources: kustomize's own cost for that many objects)
#   lint      gen lint --format json --fail-on none on BENCH_LINT Deployments in one file (default
#             "1 100 1000 10000"), and the largest as one file each, against checkov
#             (--framework kubernetes) and against libyaml's bare event parse of the same file
#             (yaml-events, the floor)
#   build     the first `swift run gen production` on a fresh clone (clone, resolve, debug build,
#             run), once
#
# Every figure is one whole process: wall time and peak RSS from scripts/measure.py (GNU time's
# %M). Runs: BENCH_RUNS (default 10 for generate, 5 for the edit loop and lint, 3 for scale and the
# peers); a tool runs once on an input when its first run there takes more than 60 s, and is
# stopped after BENCH_PEER_TIMEOUT seconds (default 300; its cell then says "> limit"). The
# release binaries are built first (not timed); each section has one warm-up run not counted.
# Peers come from `make bench-tools` (.tools/bench-venv, .tools/bin/checkov); without one, its
# cells say so. BENCH_ONLY=generate|scale|lint|build runs one section (default: all).
# BENCH_SCRATCH_PATH=DIR builds the release binaries there instead of .build.
#
# Nothing in the repo is written except .build/ (SwiftPM): output goes to a temp folder, and
# environments/production.swift gets its original timestamps back on exit (its contents are never
# changed; if someone edited it meanwhile, it is left alone).
# The Markdown goes to stdout, progress to stderr. Exit status: 0 ok, 1 a run failed, 2 usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build}"
GEN="$SCRATCH/release/gen"
SCALE="$SCRATCH/release/gen-scale"
FLOOR="$SCRATCH/release/yaml-events"
EDITED="$ROOT/environments/production.swift"
BENCH_VENV="$ROOT/.tools/bench-venv"

usage_error() {
    echo "bench: $*" >&2
    exit 2
}

positive() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage_error "$1 must be a positive integer, got \"$2\""; }
[[ $# -eq 0 ]] || usage_error "usage: [BENCH_RUNS=N] [BENCH_ONLY=SECTION] [BENCH_SCALE=\"N...\"] $0"
[[ -z "${BENCH_RUNS:-}" ]] || positive BENCH_RUNS "$BENCH_RUNS"
RUNS_FAST="${BENCH_RUNS:-10}"
RUNS_SLOW="${BENCH_RUNS:-5}"
RUNS_PEER="${BENCH_RUNS:-3}"
PEER_TIMEOUT="${BENCH_PEER_TIMEOUT:-300}"
positive BENCH_PEER_TIMEOUT "$PEER_TIMEOUT"
SCALES="${BENCH_SCALE:-0 10 100 1000 5000}"
[[ "$SCALES" =~ ^[0-9]+( [0-9]+)*$ ]] || usage_error "BENCH_SCALE must be numbers separated by spaces, got \"$SCALES\""
LINT_SIZES="${BENCH_LINT:-1 100 1000 10000}"
[[ "$LINT_SIZES" =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || usage_error "BENCH_LINT must be positive numbers separated by spaces, got \"$LINT_SIZES\""
BENCH_ONLY="${BENCH_ONLY:-all}"
[[ "$BENCH_ONLY" =~ ^(all|generate|scale|lint|build)$ ]] || usage_error "BENCH_ONLY must be all, generate, scale, lint or build, got \"$BENCH_ONLY\""
wants() { [[ "$BENCH_ONLY" == all || "$BENCH_ONLY" == "$1" ]]; }
[[ -f "$EDITED" ]] || usage_error "missing $EDITED"
[[ -x /usr/bin/time ]] || usage_error "GNU time (/usr/bin/time) is missing: run make bench-tools"

SCRIPT_START_NS="$(date +%s%N)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gen-bench.XXXXXX")"

# Remember production.swift's timestamps (on a reference file) and contents before touching it.
touch -r "$EDITED" "$tmp/mtime-ref"
EDITED_SHA="$(sha256sum <"$EDITED")"
touched=false

cleanup() {
    if [[ "$touched" == true ]]; then
        if [[ "$(sha256sum <"$EDITED")" == "$EDITED_SHA" ]]; then
            touch -r "$tmp/mtime-ref" "$EDITED"
        else
            echo "bench: $EDITED was edited during the benchmark; its timestamps were left as they are" >&2
        fi
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    echo "bench: $*" >&2
    exit 1
}

# measure LOG CMD...: one run of CMD (stdout+stderr to LOG), stopped after PEER_TIMEOUT seconds.
# Sets ELAPSED_NS, RSS_KIB and TIMED_OUT; a failing run prints its log and ends the script.
ELAPSED_NS=0 RSS_KIB=0 TIMED_OUT=false
measure() {
    local log="$1" result status
    shift
    result="$(python3 "$ROOT/scripts/measure.py" --timeout "$PEER_TIMEOUT" "$log" -- "$@")" || fail "measure.py failed on: $*"
    read -r ELAPSED_NS RSS_KIB status <<<"$result"
    TIMED_OUT=false
    if [[ "$status" == timeout ]]; then
        TIMED_OUT=true
    elif [[ "$status" != 0 ]]; then
        echo "bench: failed (exit $status): $*" >&2
        tail -n 30 "$log" | sed 's/^/    /' >&2
        exit 1
    fi
}

# expect_output LOG PATTERN WHAT: the run must have printed PATTERN (a sanity check on what was measured).
expect_output() {
    grep -q -- "$2" "$1" || fail "$3: expected output matching \"$2\", got: $(head -c 2000 "$1")"
}

# set_aside PATH...: moves trees a run wrote out of the way, into $tmp/set-aside (a rename each),
# deleted with $tmp at exit. Deleting them between runs charged the next run for the deletion:
# this VM's ext4 has no journal (/sys/fs/ext4/vda/journal_task: <none>), and without one the
# inode allocator skips every inode freed less than 60 s ago (300 s while its inode table block
# is unwritten), reading that block for each (fs/ext4/ialloc.c, recently_deleted). gen-scale
# 1 000 wrote its tree in 0.85, then 9.2, then 12.8 s in three runs each after `rm -rf` and
# `sync`; strace: 0.6 ms per openat(O_CREAT); perf: 28 % of the run in find_get_block_common and
# recently_deleted. A peer that writes one file per environment never meets it.
set_aside() {
    local path
    mkdir -p "$tmp/set-aside"
    for path in "$@"; do
        if [[ -e "$path" ]]; then mv "$path" "$(mktemp -u "$tmp/set-aside/XXXXXXXX")"; fi
    done
}

# series NAME RUNS PATTERN CMD...: RUNS runs of CMD, each with `$tmp/out` set aside first
# (commands that write a tree write it there), each checked for PATTERN. Once when the first run takes over 60 s.
# Sets S_CELL ("runs | median (min–max)" in ms, or "> limit"), S_MEDIAN (ms, empty when stopped),
# S_RSS (peak MiB over the runs) and S_LOG (the last run's log).
S_CELL="" S_MEDIAN="" S_RSS="" S_LOG=""
series() {
    local name="$1" runs="$2" pattern="$3" r times=() peak=0 stats
    shift 3
    S_LOG="$tmp/$(tr -c 'a-zA-Z0-9\n' - <<<"$name").log"
    for ((r = 1; r <= runs; r++)); do
        echo "bench: $name, run $r/$runs" >&2
        set_aside "$tmp/out"
        # Each run starts on a quiet disk: gen's syncfs would otherwise wait for the write-back of
        # the previous run's tree, which no peer (none syncs) pays for.
        sync
        measure "$S_LOG" "$@"
        if [[ "$TIMED_OUT" == true ]]; then
            notes+=("$name: stopped after $PEER_TIMEOUT s, unfinished.")
            break
        fi
        expect_output "$S_LOG" "$pattern" "$name"
        times+=("$ELAPSED_NS")
        if ((RSS_KIB > peak)); then peak=$RSS_KIB; fi
        if ((r == 1 && r < runs && ELAPSED_NS > 60 * 1000 * 1000 * 1000)); then
            notes+=("$name: measured once (the run took more than 60 s).")
            break
        fi
    done
    S_RSS="$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')"
    if ((${#times[@]} == 0)); then
        S_MEDIAN="" S_CELL="0 | > $((PEER_TIMEOUT * 1000))" S_RSS="—"
        return
    fi
    stats="$(printf '%s\n' "${times[@]}" | sort -n | awk '
        { v[NR] = $1 / 1e6 }
        END {
            median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%d %.1f %.1f %.1f\n", NR, v[1], median, v[NR]
        }')"
    local n min max
    read -r n min S_MEDIAN max <<<"$stats"
    S_CELL="$n | $S_MEDIAN ($min–$max)"
}

# ratio PEER_MS GEN_MS: "12.3×", "> 12×" when the peer was stopped, "—" when either is missing.
ratio() {
    if [[ -z "$2" ]]; then echo "—"
    elif [[ -z "$1" ]]; then awk -v c="$((PEER_TIMEOUT * 1000))" -v g="$2" 'BEGIN { printf "> %.0f×", c / g }'
    else awk -v c="$1" -v g="$2" 'BEGIN { printf "%.1f×", c / g }'
    fi
}

notes=()
cd "$ROOT"

# Linked with the Swift runtime and Foundation inside, as a release of a CLI ships (kustomize and
# kubectl are static Go binaries): loading them as shared libraries costs about 4.5 ms per run
# on this machine (gen --version: 8.9 ms dynamic, 4.5 ms static, 2026-12-07).
echo "bench: building the release binaries (not timed)..." >&2
for product in gen gen-scale yaml-events; do
    swift build -c release --static-swift-stdlib --product "$product" --scratch-path "$SCRATCH" >"$tmp/build-release.log" 2>&1 \
        || { sed 's/^/    /' "$tmp/build-release.log" >&2; fail "swift build -c release --static-swift-stdlib --product $product failed"; }
done

# The peers, from make bench-tools (or the machine's own).
cdk8s_python=""
if [[ -x "$BENCH_VENV/bin/python" ]] && "$BENCH_VENV/bin/python" -c 'import cdk8s, cdk8s_plus_33' 2>/dev/null \
    && command -v node >/dev/null; then
    cdk8s_python="$BENCH_VENV/bin/python"
    notes+=("cdk8s $("$cdk8s_python" -c 'import importlib.metadata as m; print(m.version("cdk8s") + ", cdk8s-plus-33 " + m.version("cdk8s-plus-33"))') on Node.js $(node --version) (PyPI's jsii packages, .tools/bench-venv).")
else
    notes+=("cdk8s not installed (make bench-tools installs it into .tools/bench-venv): no cdk8s figures.")
fi
# jsii warns on every run that Node 20 is past its end of life; the warning is not what is measured.
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
kubectl_bin="$(command -v kubectl || true)"
[[ -n "$kubectl_bin" ]] || notes+=("kubectl not found (make test-tools installs it): no kustomize figures.")
checkov="${CHECKOV:-}"
if [[ -z "$checkov" ]]; then
    if command -v checkov >/dev/null 2>&1; then
        checkov="$(command -v checkov)"
    elif [[ -x "$ROOT/.tools/bin/checkov" ]]; then
        checkov="$ROOT/.tools/bin/checkov"
    fi
fi

generate_rows=()
if wants generate; then
    # Warm-up (page cache, dynamic loader), then rounds of cold, warm, check and cp -r.
    measure "$tmp/warmup.log" "$GEN" --output "$tmp/warmup"
    cold=() warm=() check=() copy=() cold_rss=0 check_rss=0
    for ((i = 1; i <= RUNS_FAST; i++)); do
        echo "bench: Secure Messenger, round $i/$RUNS_FAST" >&2
        out="$tmp/sm-$i"
        measure "$tmp/cold.log" "$GEN" --output "$out"
        expect_output "$tmp/cold.log" " 0 unchanged, 0 deleted" "cold run"
        cold+=("$ELAPSED_NS")
        if ((RSS_KIB > cold_rss)); then cold_rss=$RSS_KIB; fi
        measure "$tmp/warm.log" "$GEN" --output "$out"
        expect_output "$tmp/warm.log" "^gen: 0 written, [0-9]* unchanged, 0 deleted" "warm run"
        warm+=("$ELAPSED_NS")
        measure "$tmp/check.log" "$GEN" --check --output "$out"
        expect_output "$tmp/check.log" "is up to date" "--check run"
        check+=("$ELAPSED_NS")
        if ((RSS_KIB > check_rss)); then check_rss=$RSS_KIB; fi
        measure "$tmp/copy.log" cp -r "$out" "$tmp/copy-$i"
        copy+=("$ELAPSED_NS")
        set_aside "$out" "$tmp/copy-$i"
    done
    files="$(find "$tmp/warmup" -type f | wc -l)"
    # row NAME RSS NS...: "| name | runs | median (min–max) |" plus the ratio to cp -r's median.
    copy_median="$(printf '%s\n' "${copy[@]}" | sort -n | awk '{ v[NR] = $1 / 1e6 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    # A floor of 0 leaves the ratio out (the edit loop compiles: cp -r is no floor for it).
    row() {
        local name="$1" rss="$2" floor="$3"
        shift 3
        printf '%s\n' "$@" | sort -n | awk -v name="$name" -v rss="$rss" -v floor="$floor" '
            { v[NR] = $1 / 1e6 }
            END {
                median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                ratio = floor > 0 ? sprintf("%.1f×", median / floor) : "—"
                printf "| %s | %d | %.1f (%.1f–%.1f) | %s | %s |\n", name, NR, median, v[1], v[NR], rss, ratio
            }'
    }
    mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
    generate_rows+=("$(row "release \`gen\`, all environments, empty output folder ($files files)" "$(mib "$cold_rss")" "$copy_median" "${cold[@]}")")
    generate_rows+=("$(row "release \`gen\`, up to date (nothing written)" "—" "$copy_median" "${warm[@]}")")
    generate_rows+=("$(row "release \`gen --check\`, up-to-date folder" "$(mib "$check_rss")" "$copy_median" "${check[@]}")")
    generate_rows+=("$(row "\`cp -r\` of the same output (the I/O floor)" "—" "$copy_median" "${copy[@]}")")

    # The edit-to-tree loop with the debug build. The warm-up brings .build/debug up to date.
    echo "bench: edit loop, warm-up (debug build may take a while)" >&2
    PEER_TIMEOUT_SAVED=$PEER_TIMEOUT PEER_TIMEOUT=3600
    measure "$tmp/loop-warmup.log" swift run gen production --output "$tmp/loop"
    loop=()
    recompiled=0
    for ((i = 1; i <= RUNS_SLOW; i++)); do
        echo "bench: edit loop, run $i/$RUNS_SLOW" >&2
        touched=true
        touch "$EDITED"
        measure "$tmp/loop.log" swift run gen production --output "$tmp/loop"
        expect_output "$tmp/loop.log" "^gen: [0-9]* written, " "swift run gen production"
        if grep -q "Compiling Environments" "$tmp/loop.log"; then recompiled=$((recompiled + 1)); fi
        loop+=("$ELAPSED_NS")
    done
    PEER_TIMEOUT=$PEER_TIMEOUT_SAVED
    generate_rows+=("$(row "edit loop: \`touch environments/production.swift\` + \`swift run gen production\` (debug, incl. rebuild)" "—" 0 "${loop[@]}")")
    notes+=("Edit loop: Environments recompiled in $recompiled of $RUNS_SLOW runs.")
fi

scale_rows=()
if wants scale; then
    measure "$tmp/scale-warmup.log" "$SCALE" 0 "$tmp/scale-warmup"
    # The environments' names: cdk8s writes as many; kustomize builds the first one's overlay.
    names="$(awk '{ print $5 }' "$tmp/scale-warmup.log")"
    [[ "$names" =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]] || fail "gen-scale printed no environments: $(cat "$tmp/scale-warmup.log")"
    environments="$(tr ',' '\n' <<<"$names" | wc -l)"
    overlay="${names%%,*}"
    base_median=""
    for n in $SCALES; do
        series "gen-scale $n" "$RUNS_PEER" "^$n [0-9]* [0-9]* [0-9]* " "$SCALE" "$n" "$tmp/out"
        gen_cell="$S_CELL" gen_median="$S_MEDIAN" gen_rss="$S_RSS"
        files="$(awk '{ print $4 }' "$S_LOG")"
        # gen-scale leaves its last tree in $tmp/out: kustomize builds one environment's overlay.
        # The base alone is plain resources, no patch: kustomize's own cost for that many objects.
        kustomize_cell="— | —" kustomize_ratio="—" base_cell="— | —" base_objects="—"
        if [[ -n "$kubectl_bin" && -d "$tmp/out/kubernetes/overlays/$overlay" ]]; then
            mv "$tmp/out" "$tmp/scale-tree"
            series "kubectl kustomize, N = $n" "$RUNS_PEER" "^kind: Deployment" "$kubectl_bin" kustomize "$tmp/scale-tree/kubernetes/overlays/$overlay"
            kustomize_cell="$S_CELL" kustomize_ratio="$(ratio "$S_MEDIAN" "$gen_median")"
            series "kubectl kustomize of the base, N = $n" "$RUNS_PEER" "^kind: Deployment" "$kubectl_bin" kustomize "$tmp/scale-tree/kubernetes/base"
            base_cell="$S_CELL"
            if [[ -n "$S_MEDIAN" ]]; then base_objects="$(grep -c '^kind:' "$S_LOG")"; fi
            set_aside "$tmp/scale-tree"
        fi
        per_service="—"
        if ((n == 0)); then
            base_median="$gen_median"
        elif [[ -n "$base_median" && -n "$gen_median" ]]; then
            per_service="$(awk -v t="$gen_median" -v b="$base_median" -v n="$n" 'BEGIN { printf "%.2f", (t - b) / n }')"
        fi
        cdk8s_cell="— | —" cdk8s_objects="—" cdk8s_rss="—" cdk8s_ratio="—"
        if [[ -n "$cdk8s_python" ]]; then
            series "cdk8s, N = $n" "$RUNS_PEER" "^[0-9][0-9]*$" "$cdk8s_python" "$ROOT/Benchmarks/cdk8s/app.py" "$n" "$environments" "$tmp/out"
            cdk8s_cell="$S_CELL" cdk8s_rss="$S_RSS" cdk8s_ratio="$(ratio "$S_MEDIAN" "$gen_median")"
            if [[ -n "$S_MEDIAN" ]]; then cdk8s_objects="$(tail -n 1 "$S_LOG")"; fi
        fi
        scale_rows+=("| $n | $gen_cell | $per_service | $gen_rss | $files | $cdk8s_cell | $cdk8s_objects | $cdk8s_rss | $cdk8s_ratio | $kustomize_cell | $kustomize_ratio | $base_objects | $base_cell |")
    done
fi

lint_rows=()
if wants lint; then
    mkdir -p "$tmp/lint"
    cat >"$tmp/deployment.template" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
  namespace: shop
  labels:
    app.kubernetes.io/name: NAME
    app.kubernetes.io/part-of: shop
  annotations:
    description: "Serves the shop's storefront; scaled by the HPA of the same name."
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: NAME
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: NAME
        app.kubernetes.io/part-of: shop
    spec:
      serviceAccountName: NAME
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: web
        image: registry.example/shop/web:1.4.2
        imagePullPolicy: IfNotPresent
        args: ["--port=8080", "--log-format=json"]
        ports:
        - {name: http, containerPort: 8080}
        env:
        - {name: LOG_LEVEL, value: info}
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: NAME-db, key: password}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 256Mi}
        livenessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 10
          failureThreshold: 3
        readinessProbe:
          httpGet: {path: /ready, port: http}
          periodSeconds: 5
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
        volumeMounts:
        - {name: tmp, mountPath: /tmp}
      volumes:
      - name: tmp
        emptyDir: {}
YAML
    # corpus N OUT [DIR]: N copies named web-00001…, as one stream in OUT, or one file each in DIR.
    corpus() {
        awk -v n="$1" -v out="$2" -v dir="${3:-}" -v template="$tmp/deployment.template" 'BEGIN {
            while ((getline line < template) > 0) text = text line "\n"
            for (i = 1; i <= n; i++) {
                doc = text
                gsub(/NAME/, sprintf("web-%05d", i), doc)
                if (dir == "") { printf "%s%s", (i > 1 ? "---\n" : ""), doc > out }
                else { file = sprintf("%s/web-%05d.yaml", dir, i); printf "%s", doc > file; close(file) }
            }
        }'
    }
    lint_inputs=() lint_names=()
    for n in $LINT_SIZES; do
        corpus "$n" "$tmp/lint/$n.yaml"
        lint_inputs+=("$n.yaml")
        if ((n == 1)); then lint_names+=("1 object, one file"); else lint_names+=("$n objects, one file"); fi
    done
    # The largest again, one file per object.
    mkdir -p "$tmp/lint/split-$n"
    corpus "$n" "" "$tmp/lint/split-$n"
    lint_inputs+=("split-$n")
    lint_names+=("$n objects, one file each")
    if [[ -n "$checkov" ]]; then
        notes+=("checkov $(BC_SKIP_MAPPING=TRUE "$checkov" --version 2>/dev/null | tail -1 || echo "(unknown version)") at $checkov.")
    else
        notes+=("checkov not found on PATH or in .tools/bin (make test-tools installs it): no checkov figures.")
    fi
    export BC_SKIP_MAPPING=TRUE
    measure "$tmp/lint-warmup.log" "$GEN" lint --format json --fail-on none "$tmp/lint/1.yaml"
    for i in "${!lint_inputs[@]}"; do
        input="$tmp/lint/${lint_inputs[$i]}"
        name="${lint_names[$i]}"
        series "gen lint, $name" "$RUNS_SLOW" '"findings"' "$GEN" lint --format json --fail-on none "$input"
        gen_cell="$S_CELL" gen_median="$S_MEDIAN" gen_rss="$S_RSS" size="$(du -sb "$input" | cut -f1)"
        floor_cell="— | —" floor_ratio="—"
        if [[ -f "$input" ]]; then
            series "yaml-events, $name" "$RUNS_SLOW" '^[0-9]' "$FLOOR" "$input"
            floor_cell="$S_CELL" floor_ratio="$(ratio "$gen_median" "$S_MEDIAN")"
        fi
        checkov_cell="— | —" checkov_rss="—" checkov_ratio="—"
        if [[ -n "$checkov" ]]; then
            flag=-f
            [[ -d "$input" ]] && flag=-d
            # --soft-fail only makes checkov exit 0 despite its findings.
            series "checkov, $name" "$RUNS_PEER" '"check_type": "kubernetes"' "$checkov" --framework kubernetes \
                --skip-download --quiet --soft-fail -o json "$flag" "$input"
            checkov_cell="$S_CELL" checkov_rss="$S_RSS" checkov_ratio="$(ratio "$S_MEDIAN" "$gen_median")"
        fi
        lint_rows+=("| $name ($(awk -v b="$size" 'BEGIN { if (b < 1e6) printf "%.1f kB", b / 1e3; else printf "%.1f MB", b / 1e6 }')) | $gen_cell | $gen_rss | $floor_cell | $floor_ratio | $checkov_cell | $checkov_rss | $checkov_ratio |")
    done
fi

build_row=""
if wants build; then
    # A clone of the committed tree (HEAD), built and run as the README's first command says.
    echo "bench: first build on a fresh clone (once; several minutes)" >&2
    git clone -q "$ROOT" "$tmp/clone"
    PEER_TIMEOUT=3600
    # shellcheck disable=SC2016  # $1 is the inner shell's argument
    measure "$tmp/first-build.log" bash -c 'cd "$1" && swift run gen production' first-build "$tmp/clone"
    expect_output "$tmp/first-build.log" "^gen: [0-9]* written, " "first build"
    build_row="$(awk -v ns="$ELAPSED_NS" 'BEGIN { printf "%.1f", ns / 1e9 }')"
    rm -rf "$tmp/clone"
fi

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
swift_version="$(swift --version 2>&1 | head -1)"
total_s="$(awk -v ns="$(($(date +%s%N) - SCRIPT_START_NS))" 'BEGIN { printf "%.1f", ns / 1e9 }')"

echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); ${swift_version}; $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo
echo "Times are whole processes, in ms: runs | median (min–max). Peak RSS in MiB."
if wants generate; then
    echo
    echo "| Secure Messenger | Runs | Median (min–max) ms | Peak RSS | ÷ \`cp -r\` |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${generate_rows[@]}"
fi
if wants scale; then
    echo
    echo "Secure Messenger plus N services (\`gen-scale N\`, generated and written; per service: above N = 0), against cdk8s + cdk8s-plus-33 synthesising the same 7 objects per service in each of the $environments environments (Benchmarks/cdk8s/app.py), and \`kubectl kustomize\` of the \`$overlay\` overlay gen wrote (that whole environment in one build; gen's time covers all $environments environments) and of its base alone (plain resources, no patch: kustomize's own cost for that many objects):"
    echo
    echo "| N | gen runs | gen median (min–max) | gen per service | gen RSS | files | cdk8s runs | cdk8s median (min–max) | cdk8s objects | cdk8s RSS | cdk8s ÷ gen | kustomize runs | kustomize median (min–max) | kustomize ÷ gen | base objects | base runs | base median (min–max) |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${scale_rows[@]}"
fi
if wants lint; then
    echo
    echo "\`gen lint --format json --fail-on none\`, libyaml's bare event parse (\`yaml-events\`, the floor) and \`checkov --framework kubernetes\` on the same Deployments:"
    echo
    echo "| Input | gen runs | gen median (min–max) | gen RSS | floor runs | floor median (min–max) | gen ÷ floor | checkov runs | checkov median (min–max) | checkov RSS | checkov ÷ gen |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${lint_rows[@]}"
fi
if wants build; then
    echo
    echo "First \`swift run gen production\` on a fresh clone (clone, package resolution, debug build, run): ${build_row} s, once."
fi
echo
((${#notes[@]} == 0)) || printf '%s\n' "${notes[@]}"
echo
echo "Script wall time ${total_s} s (release builds included)."
