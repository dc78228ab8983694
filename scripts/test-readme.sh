#!/usr/bin/env bash
# test-readme.sh: the README's "Adding a service" snippets, applied to a copy of the repository
# exactly as a reader would apply them, must build, generate, and pass the validators.
#
# Each ```swift block of that section starts with a comment naming the file and how the block
# goes in: "(new file)", "(replaces the line starting "<prefix>")" or "(inside Environment.named)"
# (inserted before the closing line of the environment's configuration). The copy builds in
# .build-readme/ (kept between runs: incremental after the first). Then `gen` writes its tree, the
# service (and the scheduled job) the snippet declares must appear in it, validate-kubernetes, validate-workflows and
# check-monitoring run on that tree, and the unit suites about the product (GeneratorTests,
# MonitoringTests) run unedited on the copy. Ends with "N passed, N failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PATH="$ROOT/.tools/bin:$PATH"
WORK="$ROOT/.build-readme"
COPY="$WORK/repo"
rm -rf "$COPY"
mkdir -p "$COPY"
# The committed files only: what a reader has after a clone.
git -C "$ROOT" ls-files -z | (cd "$ROOT" && xargs -0 cp --parents --preserve=timestamps -t "$COPY")

python3 - "$ROOT/README.md" "$COPY" <<'PY'
import pathlib, re, sys
readme, copy = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
section = readme.split("\n## Adding a service\n", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```swift\n(.*?)```", section, re.S)
if not blocks:
    sys.exit("test-readme: no swift block in \"Adding a service\"")
for block in blocks:
    first, body = block.split("\n", 1)
    m = re.fullmatch(r"// (\S+) \((.*)\)", first.strip())
    if not m:
        sys.exit(f"test-readme: a block does not start with `// <path> (<how>)`: {first}")
    path, how = copy / m[1], m[2]
    if how == "new file":
        if path.exists():
            sys.exit(f"test-readme: {m[1]} exists already")
        path.write_text(body)
    elif how.startswith('replaces the line starting "'):
        prefix = how[len('replaces the line starting "'):-1]
        lines = path.read_text().split("\n")
        hits = [i for i, l in enumerate(lines) if l.strip().startswith(prefix)]
        if len(hits) != 1:
            sys.exit(f"test-readme: {len(hits)} lines of {m[1]} start with {prefix!r}")
        lines[hits[0]:hits[0] + 1] = body.rstrip("\n").split("\n")
        path.write_text("\n".join(lines))
    elif how == "inside Environment.named":
        text = path.read_text()
        end = text.rindex("\n}")
        path.write_text(text[:end] + "\n" + body.rstrip("\n") + text[end:])
    else:
        sys.exit(f"test-readme: unknown placement {how!r}")
    print(f"applied to {m[1]} ({how})")
PY

# The service the snippet declares, by the name in its declaration.
SERVICE="$(python3 - "$ROOT/README.md" <<'PY'
import re, sys
section = open(sys.argv[1]).read().split("\n## Adding a service\n", 1)[1]
print(re.search(r'AppService\(\s*"([a-z0-9-]+)"', section)[1])
PY
)"
# The scheduled job it declares, likewise.
JOB="$(python3 - "$ROOT/README.md" <<'PY'
import re, sys
section = open(sys.argv[1]).read().split("\n## Adding a service\n", 1)[1]
print(re.search(r'AppJob\(\s*"([a-z0-9-]+)"', section)[1])
PY
)"

# shellcheck source=scripts/checks.sh
source "$ROOT/scripts/checks.sh"

echo "building the copy (scratch path $WORK/build)"
check "swift build" swift build --package-path "$COPY" --scratch-path "$WORK/build" -q
check "gen writes the tree" "$WORK/build/debug/gen" --output "$COPY/generated"
check "$SERVICE has a Deployment" test -n "$(grep -rl "name: $SERVICE\$" "$COPY/generated/kubernetes/base/workloads")"
check "$SERVICE has a Dockerfile" test -f "$COPY/generated/docker/$SERVICE/Dockerfile"
check "$JOB has a CronJob" grep -q "^kind: CronJob\$" "$COPY/generated/kubernetes/base/shared/cronjob-$JOB.yaml"
check "$SERVICE is in CI's build matrix" grep -q -- "- $SERVICE\$" "$COPY/generated/.github/workflows/ci.yml"
check "validate-kubernetes" bash "$ROOT/scripts/validate-kubernetes.sh" "$COPY/generated/kubernetes"
check "validate-workflows" bash "$ROOT/scripts/validate-workflows.sh" "$COPY/generated"
check "check-monitoring" bash "$ROOT/scripts/check-monitoring.sh" "$COPY/generated"
# No test names today's services: the suites about the product pass unedited with one more.
check "swift build --build-tests" swift build --package-path "$COPY" --scratch-path "$WORK/build" --build-tests -q
check "GeneratorTests and MonitoringTests, unedited" swift test --package-path "$COPY" --scratch-path "$WORK/build" \
    --skip-build --disable-swift-testing --filter 'GeneratorTests|MonitoringTests'
checks_summary test-readme
