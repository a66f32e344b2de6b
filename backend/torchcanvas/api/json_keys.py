"""A key sent twice in one object of a JSON body: 422 naming it and where, before a route reads it.

Python's json keeps the last of two same keys, other readers the first, some refuse: a body with
`{"epochs": 1, "epochs": 500}` trained 500 epochs, where a reader that keeps the first sees 1.
Nothing a person means is said twice, so the body is refused, naming the key and its path.
Keys are compared as JSON reads them: `"a"` and `"\\u0061"` are the same key.

A body is first counted at C speed (`holds_repeated_key`): its keys as sent against the keys of
the objects json.loads makes of it, which keep one of each. Only a body where they differ (one
that is refused) is read again with a Python hook for which key and where (`repeated_key`), which
is slow: a megabyte of tiny objects took half a CPU-second that way.
"""

import json
import re
from typing import Any

from torchcanvas.design.schema import DesignIssue


class _Repeated(dict[str, Any]):
    """An object of the body in which some key came more than once."""

    repeated: dict[str, int]  # each such key, and how many times it came


def _pairs_to_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):  # the usual case: no key twice
        return found
    marked = _Repeated(found)
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    marked.repeated = {key: count for key, count in counts.items() if count > 1}
    return marked


Path = tuple[str | int, ...]

# A JSON string as sent: its escapes are a backslash and what follows. Outside strings valid JSON
# has no `"`, so removing these leaves the body's structure, where each `:` follows one key.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _keys_in(text: bytes) -> int:
    """How many keys valid JSON text holds: its colons outside strings."""
    return _STRING.sub(b"", text).count(b":")


def holds_repeated_key(body: bytes) -> bool:
    """Whether some object of the body may hold a key twice: False only where none does (or the
    body is no JSON, which `repeated_key` reads as None too). At C speed: the keys as sent against
    those of the objects read, which keep one of each, so the two differ exactly where an object
    holds a key twice; the body has each key once where they are equal."""
    if body.count(b":") < 2:  # two same keys need two colons
        return False
    if json.detect_encoding(body) not in ("utf-8", "utf-8-sig"):
        return True  # not counted here (refused as not UTF-8 before): read it
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):  # not JSON: the hook's reading fails the same way
        return False
    try:
        read = json.dumps(value).encode()  # ASCII, each key once in each object
    except (ValueError, RecursionError):
        return True
    return _keys_in(body) != _keys_in(read)


def repeated_key(body: bytes) -> tuple[Path, str, int, Any] | None:
    """The first key, in the body's order, that an object holds twice or more: the path of that
    object, the key, how many times it came, and the body as read (the last of each key). None
    for a body without one, or one that is not JSON at all (the route says so)."""
    try:
        value = json.loads(body, object_pairs_hook=_pairs_to_object)
    except (ValueError, RecursionError):  # not JSON, or nested too deep: the route says so
        return None
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:  # iterative, in document order: any depth
        item, path = stack.pop()
        if isinstance(item, _Repeated):
            key, count = next(iter(item.repeated.items()))
            return path, key, count, value
        if isinstance(item, dict):
            stack.extend((inner, (*path, key)) for key, inner in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((item[i], (*path, i)) for i in range(len(item) - 1, -1, -1))
    return None


def _words(path: Path) -> str:
    """`design.layers[0].params`, as the other body checks name a place."""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part[:40]}" for part in path)
    return text.removeprefix(".")


def repeated_key_issue(path: Path, key: str, count: int, body: Any) -> DesignIssue:
    """The issue, named as a body error names its field: a layer's param with the layer as node,
    else the path from the body's root (`training.epochs`)."""
    shown = key[:40] + ("…" if len(key) > 40 else "")
    where = f"`{_words((*path, key))}`" if path else f"`{shown}`"
    times = "twice" if count == 2 else f"{count} times"
    message = (
        f"{where} is sent {times}: send each key of an object once (JSON readers differ on "
        "which one counts, so this server takes none)."
    )
    node = _layer_id(path, body)
    field = key if node is not None else ".".join(str(part) for part in (*path, key))
    return DesignIssue(node=node, field=field, message=message)


def _layer_id(path: Path, body: Any) -> str | None:
    """The id of the layer of `design.layers[i]` the key is in, where it has one."""
    if path[:2] != ("design", "layers") or len(path) < 3 or not isinstance(path[2], int):
        return None
    try:
        layer = body["design"]["layers"][path[2]]
    except (KeyError, IndexError, TypeError):
        return None
    repeated = isinstance(layer, _Repeated) and "id" in layer.repeated
    layer_id = layer.get("id") if isinstance(layer, dict) else None
    return layer_id if isinstance(layer_id, str) and not repeated else None
