"""Prints every kustomization directory under TREE, one per line, relative to TREE and sorted:
"K <dir>" for a Kustomization, "C <dir>" for a Component (which cannot be built alone).
Used by validate-kubernetes.sh and checkov-overlays.sh."""
import os
import sys

import yaml

tree = sys.argv[1]
for root, dirs, files in os.walk(tree):
    dirs.sort()
    # kustomize accepts these three file names.
    names = [n for n in ("kustomization.yaml", "kustomization.yml", "Kustomization") if n in files]
    if not names:
        continue
    kind = None
    try:
        with open(os.path.join(root, names[0])) as f:
            doc = yaml.safe_load(f)
        if isinstance(doc, dict):
            kind = doc.get("kind")
    except Exception:
        pass  # unparsable: let kustomize report it
    print(("C " if kind == "Component" else "K ") + os.path.relpath(root, tree))
