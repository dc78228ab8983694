"""Keys of a document that a model dropped when it parsed and wrote it back: the fields the
model does not know (a misspelled `gridPos`, a PodMonitor `prot`). Used by check-monitoring.sh."""


def dropped(original, again, path=""):
    """Yield the path of every key of `original` missing from `again`."""
    if isinstance(original, dict):
        for key, value in original.items():
            if not isinstance(again, dict) or key not in again:
                yield path + key
            else:
                yield from dropped(value, again[key], path + key + ".")
    elif isinstance(original, list) and isinstance(again, list):
        for i, (x, y) in enumerate(zip(original, again)):
            yield from dropped(x, y, f"{path}[{i}].")
