#!/usr/bin/env bash
# bench.sh: measure how long gen takes, and print the figures as a Markdown table.
#
#   1. cold        .build/release/gen --output FRESH_DIR          (empty output folder)
#   2. warm        .build/release/gen --output SAME_DIR           (second run: nothing to write)
#   3. check       .build/release/gen --check --output SAME_DIR   (up-to-date folder)
#   4. edit loop   touch environments/production.swift; swift run gen production --output DIR
#                  (debug build, as the README says; includes SwiftPM's incremental rebuild)
#   5. lint        .build/release/gen lint --format json --fail-on none CORPUS, and the same
#                  corpus through checkov (--framework kubernetes) when it is installed
#
# Runs per measurement: 10 for 1-3 and 5 for 4 and 5; BENCH_RUNS=N sets all. Each figure is wall
# time of the whole process, taken with `date +%s%N`; min, median and max are in milliseconds.
# The release binary is built once first (`swift build -c release --product gen`, not timed);
# 1-3, 4 and 5 each get one warm-up run that is not counted.
#
# 5 generates its corpora in the temp folder: 1, 100, 1 000 and 10 000 copies of a realistic
# Deployment (distinct names) as one multi-document file, and the 10 000 as one file per object
# in a folder.
# checkov (`checkov --framework kubernetes --skip-download --quiet --soft-fail -o json -f FILE`,
# or `-d FOLDER`; BC_SKIP_MAPPING=TRUE; --soft-fail only makes it exit 0 despite findings) is
# the one on PATH, else .tools/bin/checkov, else CHECKOV=PATH; without it, its columns say so.
# checkov runs 3 times per corpus (BENCH_CHECKOV_RUNS=N). Either tool runs only once on a corpus
# when its first run there takes more than 60 s. A checkov run is stopped after 600 s
# (BENCH_CHECKOV_TIMEOUT=SECONDS) and its row then says "> limit" (its time grows faster than
# linearly with the objects in one run). The ratio column is checkov's median over gen's.
#
# BENCH_ONLY=generate runs 1-4, BENCH_ONLY=lint runs 5 (default: all). BENCH_SCRATCH_PATH=DIR
# builds the release binary there instead of .build (to stay clear of another build).
#
# Nothing in the repo is written except .build/ (SwiftPM): output goes to a temp folder, and
# environments/production.swift gets its original timestamps back on exit (its contents are never
# changed; if someone edited it meanwhile, it is left alone).
# The Markdown goes to stdout, progress to stderr. Exit status: 0 ok, 1 a run failed, 2 usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build}"
GEN="$SCRATCH/release/gen"
EDITED="$ROOT/environments/production.swift"

usage_error() {
    echo "bench: $*" >&2
    exit 2
}

[[ $# -eq 0 ]] || usage_error "usage: [BENCH_RUNS=N] $0"
if [[ -n "${BENCH_RUNS:-}" ]]; then
    [[ "$BENCH_RUNS" =~ ^[1-9][0-9]*$ ]] || usage_error "BENCH_RUNS must be a positive integer, got \"$BENCH_RUNS\""
fi
RUNS_FAST="${BENCH_RUNS:-10}"
RUNS_LOOP="${BENCH_RUNS:-5}"
RUNS_LINT="${BENCH_RUNS:-5}"
RUNS_CHECKOV="${BENCH_CHECKOV_RUNS:-3}"
[[ "$RUNS_CHECKOV" =~ ^[1-9][0-9]*$ ]] || usage_error "BENCH_CHECKOV_RUNS must be a positive integer, got \"$RUNS_CHECKOV\""
CHECKOV_TIMEOUT="${BENCH_CHECKOV_TIMEOUT:-600}"
[[ "$CHECKOV_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || usage_error "BENCH_CHECKOV_TIMEOUT must be a positive integer, got \"$CHECKOV_TIMEOUT\""
BENCH_ONLY="${BENCH_ONLY:-all}"
[[ "$BENCH_ONLY" =~ ^(all|generate|lint)$ ]] || usage_error "BENCH_ONLY must be all, generate or lint, got \"$BENCH_ONLY\""
wants() { [[ "$BENCH_ONLY" == all || "$BENCH_ONLY" == "$1" ]]; }
[[ -f "$EDITED" ]] || usage_error "missing $EDITED"

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

# run_timed LOG CMD...: run CMD (stdout+stderr to LOG) and set ELAPSED_NS to its wall time.
# A failing run prints its log and ends the script with status 1.
ELAPSED_NS=0
run_timed() {
    local log="$1" start end status=0
    shift
    start="$(date +%s%N)"
    "$@" >"$log" 2>&1 || status=$?
    end="$(date +%s%N)"
    if [[ $status -ne 0 ]]; then
        echo "bench: failed (exit $status): $*" >&2
        sed 's/^/    /' "$log" >&2
        exit 1
    fi
    ELAPSED_NS=$((end - start))
}

# expect_output LOG PATTERN WHAT: the run must have printed PATTERN (a sanity check on what was measured).
expect_output() {
    grep -q -- "$2" "$1" || fail "$3: expected output matching \"$2\", got: $(cat "$1")"
}

# stats NS...: "runs min median max", the last three in ms.
stats() {
    printf '%s\n' "$@" | sort -n | awk '
        { v[NR] = $1 / 1e6 }
        END {
            median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%d %.1f %.1f %.1f\n", NR, v[1], median, v[NR]
        }'
}

# row NAME NS...: one Markdown table row with run count, min, median and max in ms.
row() {
    local name="$1"
    shift
    printf '%s\n' "$@" | sort -n | awk -v name="$name" '
        { v[NR] = $1 / 1e6 }
        END {
            median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "| %s | %d | %.1f | %.1f | %.1f |\n", name, NR, v[1], median, v[NR]
        }'
}

cd "$ROOT"

echo "bench: building the release binary (not timed)..." >&2
swift build -c release --product gen --scratch-path "$SCRATCH" >"$tmp/build-release.log" 2>&1 \
    || { sed 's/^/    /' "$tmp/build-release.log" >&2; fail "swift build -c release --product gen failed"; }
[[ -x "$GEN" ]] || fail "no binary at $GEN after the release build"

if wants generate; then
    # 1-3: release binary. Warm-up (page cache, dynamic loader), then N rounds of cold, warm, check.
    run_timed "$tmp/warmup.log" "$GEN" --output "$tmp/warmup"
    cold=() warm=() check=()
    for ((i = 1; i <= RUNS_FAST; i++)); do
        echo "bench: release binary, round $i/$RUNS_FAST" >&2
        out="$tmp/out-$i"
        run_timed "$tmp/cold.log" "$GEN" --output "$out"
        expect_output "$tmp/cold.log" " 0 unchanged, 0 deleted" "cold run"
        cold+=("$ELAPSED_NS")
        run_timed "$tmp/warm.log" "$GEN" --output "$out"
        expect_output "$tmp/warm.log" "^gen: 0 written, [0-9]* unchanged, 0 deleted" "warm run"
        warm+=("$ELAPSED_NS")
        run_timed "$tmp/check.log" "$GEN" --check --output "$out"
        expect_output "$tmp/check.log" "is up to date" "--check run"
        check+=("$ELAPSED_NS")
    done

    # 4: edit-to-tree loop with the debug build. The warm-up brings .build/debug up to date.
    echo "bench: edit loop, warm-up (debug build may take a while)" >&2
    run_timed "$tmp/loop-warmup.log" swift run gen production --output "$tmp/loop"
    loop=()
    recompiled=0
    for ((i = 1; i <= RUNS_LOOP; i++)); do
        echo "bench: edit loop, run $i/$RUNS_LOOP" >&2
        touched=true
        touch "$EDITED"
        run_timed "$tmp/loop.log" swift run gen production --output "$tmp/loop"
        expect_output "$tmp/loop.log" "^gen: [0-9]* written, " "swift run gen production"
        if grep -q "Compiling Environments" "$tmp/loop.log"; then
            recompiled=$((recompiled + 1))
        fi
        loop+=("$ELAPSED_NS")
    done
fi

# 5: gen lint, and checkov on the same corpora.
lint_rows=()
lint_notes=()
if wants lint; then
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
    mkdir -p "$tmp/lint/split-10000"
    corpus 1 "$tmp/lint/1.yaml"
    corpus 100 "$tmp/lint/100.yaml"
    corpus 1000 "$tmp/lint/1000.yaml"
    corpus 10000 "$tmp/lint/10000.yaml"
    corpus 10000 "" "$tmp/lint/split-10000"
    lint_inputs=("1.yaml" "100.yaml" "1000.yaml" "10000.yaml" "split-10000")
    lint_names=("1 object, one file" "100 objects, one file" "1 000 objects, one file" "10 000 objects, one file"
        "10 000 objects, one file each")

    checkov="${CHECKOV:-}"
    if [[ -z "$checkov" ]]; then
        if command -v checkov >/dev/null 2>&1; then
            checkov="$(command -v checkov)"
        elif [[ -x "$ROOT/.tools/bin/checkov" ]]; then
            checkov="$ROOT/.tools/bin/checkov"
        fi
    fi
    if [[ -n "$checkov" ]]; then
        checkov_version="$(BC_SKIP_MAPPING=TRUE "$checkov" --version 2>/dev/null | tail -1 || true)"
        lint_notes+=("checkov ${checkov_version:-(unknown version)} at $checkov.")
    else
        lint_notes+=("checkov not found on PATH or in .tools/bin (scripts/install-test-tools.sh installs it): no checkov figures.")
    fi

    # checkov_timed LOG INPUT: one checkov run on a corpus file or folder. Sets ELAPSED_NS, and
    # TIMED_OUT=true when the run was stopped at the time limit (a failure otherwise ends the script).
    TIMED_OUT=false
    checkov_timed() {
        local flag=-f start end status=0
        [[ -d "$2" ]] && flag=-d
        start="$(date +%s%N)"
        BC_SKIP_MAPPING=TRUE timeout --kill-after=10 "$CHECKOV_TIMEOUT" "$checkov" --framework kubernetes \
            --skip-download --quiet --soft-fail -o json "$flag" "$2" >"$1" 2>&1 || status=$?
        end="$(date +%s%N)"
        ELAPSED_NS=$((end - start))
        TIMED_OUT=false
        if ((status == 124 || status == 137)); then
            TIMED_OUT=true
            return
        fi
        if ((status != 0)); then
            echo "bench: checkov failed (exit $status) on $2" >&2
            tail -n 20 "$1" | sed 's/^/    /' >&2
            exit 1
        fi
        expect_output "$1" '"check_type": "kubernetes"' "checkov on $2"
    }

    echo "bench: gen lint, warm-up" >&2
    run_timed "$tmp/lint-warmup.log" "$GEN" lint --format json --fail-on none "$tmp/lint/1.yaml"
    if [[ -n "$checkov" ]]; then
        echo "bench: checkov, warm-up" >&2
        checkov_timed "$tmp/checkov-warmup.log" "$tmp/lint/1.yaml"
        [[ "$TIMED_OUT" == false ]] || fail "checkov took more than $CHECKOV_TIMEOUT s on one object"
    fi
    for i in "${!lint_inputs[@]}"; do
        input="$tmp/lint/${lint_inputs[$i]}"
        times=()
        for ((r = 1; r <= RUNS_LINT; r++)); do
            echo "bench: gen lint, ${lint_names[$i]}, run $r/$RUNS_LINT" >&2
            run_timed "$tmp/lint.log" "$GEN" lint --format json --fail-on none "$input"
            expect_output "$tmp/lint.log" '"findings"' "gen lint on ${lint_inputs[$i]}"
            times+=("$ELAPSED_NS")
            if ((r == 1 && r < RUNS_LINT && ELAPSED_NS > 60 * 1000 * 1000 * 1000)); then
                lint_notes+=("gen lint on ${lint_names[$i]}: measured once (the run took more than 60 s).")
                break
            fi
        done
        read -r gen_runs gen_min gen_median gen_max <<<"$(stats "${times[@]}")"
        checkov_cells="— | — | — | — | —"
        if [[ -n "$checkov" ]]; then
            times=()
            for ((r = 1; r <= RUNS_CHECKOV; r++)); do
                echo "bench: checkov, ${lint_names[$i]}, run $r/$RUNS_CHECKOV" >&2
                checkov_timed "$tmp/checkov.log" "$input"
                if [[ "$TIMED_OUT" == true ]]; then
                    lint_notes+=("checkov on ${lint_names[$i]}: stopped after $CHECKOV_TIMEOUT s, unfinished.")
                    break
                fi
                times+=("$ELAPSED_NS")
                if ((r == 1 && ELAPSED_NS > 60 * 1000 * 1000 * 1000)); then
                    lint_notes+=("checkov on ${lint_names[$i]}: measured once (the run took more than 60 s).")
                    break
                fi
            done
            if ((${#times[@]} == 0)); then
                limit_ms="$((CHECKOV_TIMEOUT * 1000))"
                ratio="$(awk -v c="$limit_ms" -v g="$gen_median" 'BEGIN { printf "> %.0f×", c / g }')"
                checkov_cells="0 | > $limit_ms | > $limit_ms | > $limit_ms | $ratio"
            else
                read -r ck_runs ck_min ck_median ck_max <<<"$(stats "${times[@]}")"
                ratio="$(awk -v c="$ck_median" -v g="$gen_median" 'BEGIN { printf "%.1f×", c / g }')"
                checkov_cells="$ck_runs | $ck_min | $ck_median | $ck_max | $ratio"
            fi
        fi
        lint_rows+=("| ${lint_names[$i]} | $gen_runs | $gen_min | $gen_median | $gen_max | $checkov_cells |")
    done
fi

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
swift_version="$(swift --version 2>&1 | head -1)"
total_s="$(awk -v ns="$(($(date +%s%N) - SCRIPT_START_NS))" 'BEGIN { printf "%.1f", ns / 1e9 }')"

echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; ${swift_version}; $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
if wants generate; then
    echo
    echo "| Measurement | Runs | Min (ms) | Median (ms) | Max (ms) |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    row "release \`gen\`, all environments, cold (empty output folder)" "${cold[@]}"
    row "release \`gen\`, all environments, warm (up to date, nothing written)" "${warm[@]}"
    row "release \`gen --check\`, up-to-date folder" "${check[@]}"
    row "edit loop: \`touch environments/production.swift\` + \`swift run gen production\` (debug, incl. rebuild)" "${loop[@]}"
    echo
    echo "Edit loop: Environments recompiled in $recompiled of $RUNS_LOOP runs."
fi
if wants lint; then
    echo
    echo "\`gen lint --format json --fail-on none\` (release) and \`checkov --framework kubernetes\` on the same Deployments:"
    echo
    echo "| Input | gen runs | gen min (ms) | gen median (ms) | gen max (ms) | checkov runs | checkov min (ms) | checkov median (ms) | checkov max (ms) | checkov ÷ gen (median) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${lint_rows[@]}"
    echo
    printf '%s\n' "${lint_notes[@]}"
fi
echo
echo "Script wall time ${total_s} s (release build included)."
