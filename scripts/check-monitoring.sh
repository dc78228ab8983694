#!/usr/bin/env bash
# check-monitoring.sh [GENERATED]   (default: <repo>/generated)
#
# Checks the generated monitoring files with the real tools (Debian's prometheus and
# prometheus-alertmanager, installed by install-test-tools.sh):
#   1. `promtool check rules` on every rules file and on the spec of every PrometheusRule;
#   1b. every PodMonitor and PrometheusRule against the Prometheus Operator's CRD models
#      (PyPI cloudcoil.models.prometheus_operator, generated from the operator's CRDs, which
#      kubernetes-validate does not ship): types and required fields, and no key the models drop
#      in a round trip (a misspelled field);
#   2. `promtool test rules` on every unit-test file (every alert fires after its `for` and
#      stays quiet in a healthy situation);
#   3. `promtool check config` on prometheus.yml. Debian's Prometheus 2.42 is built without
#      Kubernetes service discovery and rejects `kubernetes_sd_configs`, and check config stats
#      every file the config names: the check runs on a copy in which each kubernetes_sd_configs
#      block becomes a static_configs block and the service-account files point at empty files.
#      Nothing else changes; the SD blocks are checked by the PodMonitor/kubernetes-validate side
#      and by their use in production;
#   4. `amtool check-config` on alertmanager.yml, and `amtool config routes test`: each severity
#      reaches the receiver the model routes it to;
#   5. dashboards: valid JSON, unique panel ids, every panel expression parsed by promtool (as the
#      expression of a recording rule, since promtool has no query-parse command offline), and no
#      key that Grafana's own models (grafana-foundation-sdk) drop in a from_json/to_json round
#      trip, i.e. no misspelled dashboard, panel or field-config key (Grafana itself cannot run here);
#   6. yamllint on every generated monitoring YAML file.
# Ends with "N passed, N failed"; exits 1 if anything failed, 2 on a usage/setup error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
GEN="${1:-$ROOT/generated}"
PY="$ROOT/.tools/venv/bin/python"   # has PyYAML (a yamllint dependency)
# The heredoc checks share scripts/unknown_keys.py.
export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
[[ -d "$GEN/monitoring" ]] || { echo "check-monitoring: no $GEN/monitoring" >&2; exit 2; }
for tool in promtool amtool; do
    command -v "$tool" >/dev/null || { echo "check-monitoring: $tool missing (run scripts/install-test-tools.sh)" >&2; exit 2; }
done
[[ -x "$PY" ]] || { echo "check-monitoring: $PY missing (run scripts/install-test-tools.sh)" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PROM="$GEN/monitoring/prometheus"
AM="$GEN/monitoring/alertmanager/alertmanager.yml"

passed=0
failed=0
check() {   # check DESCRIPTION COMMAND...
    local what="$1" out
    shift
    if out="$("$@" 2>&1)"; then
        passed=$((passed + 1)); printf '%-4s %s\n' ok "$what"
    else
        failed=$((failed + 1)); printf '%-4s %s\n' FAIL "$what"; sed 's/^/       | /' <<<"$out"
    fi
}

# 1. Rules files and PrometheusRule specs.
for f in "$PROM"/rules/*.rules.yml; do
    check "promtool check rules ${f#"$GEN"/}" promtool check rules "$f"
done
mapfile -t operator_rules < <(find "$GEN/kubernetes" -name 'prometheusrule-*.yaml' | sort)
((${#operator_rules[@]} > 0)) || { echo "check-monitoring: no PrometheusRule in $GEN/kubernetes" >&2; exit 2; }
for f in "${operator_rules[@]}"; do
    spec="$WORK/$(basename "$f" .yaml).spec.yml"
    "$PY" -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(open(sys.argv[1]))["spec"], open(sys.argv[2], "w"))' "$f" "$spec"
    check "promtool check rules (PrometheusRule spec) ${f#"$GEN"/}" promtool check rules "$spec"
done

# 1b. Operator objects against the operator's CRD models.
mapfile -t operator_objects < <(find "$GEN/kubernetes" \( -name 'podmonitor-*.yaml' -o -name 'prometheusrule-*.yaml' \) | sort)
for f in "${operator_objects[@]}"; do
    check "Prometheus Operator CRD model ${f#"$GEN"/}" "$PY" - "$f" <<'PYEOF'
import sys, yaml
from cloudcoil.models.prometheus_operator import v1
document = yaml.safe_load(open(sys.argv[1]))
model = getattr(v1, document["kind"]).model_validate(document)
again = model.model_dump(by_alias=True, exclude_none=True, mode="json")
from unknown_keys import dropped
unknown = list(dropped(document, again))
assert not unknown, f"fields the CRD does not have: {unknown}"
PYEOF
done

# 2. Unit tests.
for f in "$PROM"/tests/*.test.yml; do
    check "promtool test rules ${f#"$GEN"/}" promtool test rules "$f"
done

# 3. prometheus.yml, kubernetes_sd_configs swapped for static_configs (see above).
mkdir -p "$WORK/prom" && cp -r "$PROM/rules" "$WORK/prom/"
"$PY" - "$PROM/prometheus.yml" "$WORK/prom/prometheus.yml" "$WORK" <<'PYEOF'
import sys, yaml
src, dst, work = sys.argv[1:]
config = yaml.safe_load(open(src))
open(f"{work}/empty", "w").close()
swapped = 0
for job in config["scrape_configs"]:
    if "kubernetes_sd_configs" in job:
        del job["kubernetes_sd_configs"]
        job["static_configs"] = [{"targets": ["127.0.0.1:9"]}]
        swapped += 1
    if "tls_config" in job and "ca_file" in job["tls_config"]:
        job["tls_config"]["ca_file"] = f"{work}/empty"
    if "authorization" in job and "credentials_file" in job["authorization"]:
        job["authorization"]["credentials_file"] = f"{work}/empty"
assert swapped == len(config["scrape_configs"]), "every job is expected to use Kubernetes SD"
yaml.safe_dump(config, open(dst, "w"), sort_keys=False)
PYEOF
check "promtool check config monitoring/prometheus/prometheus.yml (SD blocks swapped)" promtool check config "$WORK/prom/prometheus.yml"

# 4. Alertmanager.
check "amtool check-config ${AM#"$GEN"/}" amtool check-config "$AM"
route_is() {   # route_is RECEIVER LABEL=VALUE...
    local want="$1" got
    shift
    got="$(amtool config routes test --config.file="$AM" "$@" 2>/dev/null)"
    [[ "$got" == "$want" ]] || { echo "routed to '$got', expected '$want'"; return 1; }
}
check "route: severity=critical → slack-oncall" route_is slack-oncall alertname=DatabaseDown severity=critical namespace=production
check "route: severity=warning → slack-team" route_is slack-team alertname=DiskSpaceLow severity=warning
check "route: Watchdog → watchdog" route_is watchdog alertname=Watchdog severity=none

# 5. Dashboards.
mapfile -t dashboards < <(find "$GEN/monitoring/grafana" -name '*.json' | sort)
((${#dashboards[@]} > 0)) || { echo "check-monitoring: no dashboards" >&2; exit 2; }
for f in "${dashboards[@]}"; do
    rules="$WORK/$(basename "$f" .json).exprs.yml"
    check "dashboard ${f#"$GEN"/}: JSON, unique panel ids" "$PY" - "$f" "$rules" <<'PYEOF'
import json, sys, yaml
d = json.load(open(sys.argv[1]))
ids = [p["id"] for p in d["panels"]]
assert len(ids) == len(set(ids)), f"duplicate panel ids: {ids}"
assert d["uid"] and len(d["uid"]) <= 40, "uid missing or longer than Grafana's 40 characters"
exprs = [t["expr"] for p in d["panels"] for t in p["targets"]]
assert all(exprs), "a target has no expression"
rules = [{"record": f"dashboard:panel_{p['id']}:{t['refId'].lower()}", "expr": t["expr"]}
         for p in d["panels"] for t in p["targets"]]
yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(sys.argv[2], "w"))
print(f"{len(ids)} panels, {len(exprs)} expressions")
PYEOF
    check "dashboard ${f#"$GEN"/}: every expression parses (promtool)" promtool check rules "$rules"
    check "dashboard ${f#"$GEN"/}: every key known to Grafana's models" "$PY" - "$f" <<'PYEOF'
import json, sys
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import Dashboard
original = json.load(open(sys.argv[1]))
again = json.loads(json.dumps(Dashboard.from_json(original), cls=JSONEncoder))
from unknown_keys import dropped
unknown = list(dropped(original, again))
assert not unknown, f"keys Grafana's models do not know: {unknown}"
PYEOF
done

# 6. YAML style of every generated monitoring file (the project's yamllint config).
check "yamllint monitoring/" "$ROOT/.tools/bin/yamllint" -s -c "$ROOT/.yamllint.yaml" "$GEN/monitoring"

echo "check-monitoring: $passed passed, $failed failed"
((failed == 0))
