#!/usr/bin/env bash
# Installs what `make bench` measures against, project-local like the test tools:
#   cdk8s, cdk8s-plus-33   (pinned, from PyPI, into .tools/bench-venv: the jsii packages carry
#                           cdk8s's JavaScript and run it with the machine's Node.js; npm's
#                           registry is not needed, and is not reachable on these machines)
#   nodejs                 (Debian, when `node` is missing)
#   time                   (Debian, when /usr/bin/time is missing: GNU time gives each run's peak RSS)
# checkov and kubectl come from scripts/install-test-tools.sh. Idempotent (a stamp records the pins).
set -euo pipefail

CDK8S_VERSION=2.70.115
CDK8S_PLUS_VERSION=2.5.63   # cdk8s-plus-33: Kubernetes 1.33's API
CONSTRUCTS_VERSION=10.8.1

# need_apt and die, without installing the test tools.
# shellcheck source=scripts/install-test-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/install-test-tools.sh"

VENV="$TOOLS/bench-venv"
stamp="$TOOLS/.installed-bench"
want="cdk8s=$CDK8S_VERSION cdk8s-plus-33=$CDK8S_PLUS_VERSION constructs=$CONSTRUCTS_VERSION python=$(command -v python3) root=$ROOT"
[[ -x /usr/bin/time ]] || need_apt time
command -v node >/dev/null || need_apt nodejs
if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" || ! -x "$VENV/bin/python" ]]; then
    rm -rf "$VENV"
    mkdir -p "$TOOLS"
    ensure_venv
    pip_install "cdk8s==$CDK8S_VERSION" "cdk8s-plus-33==$CDK8S_PLUS_VERSION" "constructs==$CONSTRUCTS_VERSION"
    echo "$want" >"$stamp"
fi
echo "cdk8s $CDK8S_VERSION, cdk8s-plus-33 $CDK8S_PLUS_VERSION (.tools/bench-venv), Node.js $(node --version), GNU time $(dpkg-query -W -f='${Version}' time 2>/dev/null || echo "(not from Debian)")"
