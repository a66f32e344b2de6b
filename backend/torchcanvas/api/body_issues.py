"""A body's or a query's errors as the design's issues: named by field or layer, in plain words.

Pydantic's own messages ("Input should be less than or equal to 1000") leave out what was sent
and what to send instead; these say both, and name the field as the run checks name theirs.
"""

from typing import Any

from fastapi import Request

from torchcanvas.api.body_fields import allowed_fields
from torchcanvas.design.schema import DesignIssue


def _layer_id(body: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the layer a body error points into, if it has one."""
    if "layers" not in loc:
        return None
    at = loc.index("layers")
    try:
        node = body
        for key in loc[1 : at + 2]:
            node = node[key]
        return str(node["id"]) if isinstance(node, dict) and "id" in node else None
    except (KeyError, IndexError, TypeError):
        return None


def body_issue(error: dict[str, Any], body: Any, request: Request | None = None) -> DesignIssue:
    """A body or query error as an issue: `field` is a layer's param where it names a layer
    (`node`), else the path from the body's root to the last name (`training.epochs`, `edges`
    of `design.edges.0.1`), as the run checks name theirs."""
    loc = tuple(error.get("loc", ()))
    parts = [part for part in loc[1:] if part != "body"]
    named_id = _layer_id_issue(error, parts)
    if named_id is not None:
        return named_id
    path = ".".join(str(part) for part in parts)
    named = [at for at, part in enumerate(parts) if isinstance(part, str)]
    name = parts[named[-1]] if named else None
    node = _layer_id(body, loc)
    to_name = ".".join(map(str, parts[: named[-1] + 1])) if named else None
    field = name if node is not None else to_name
    said = (
        _bound(error)
        or _too_large(error)
        or _true_or_false(error)
        or _blank(error)
        or _own_words(error)
    )
    unknown = error.get("type") == "extra_forbidden"
    if unknown and request is not None:
        known = allowed_fields(request, tuple(parts[:-1]))
        fields = (
            f"the only field is {known[0]}"
            if len(known) == 1
            else f"the fields are {', '.join(known)}"
        )
        said = f"not a field here: {fields}" if known else "not a field here"
    message = f"{path or 'body'}: {said}."
    if name in _SHAPES and not unknown:
        message = f"{message[:-1]}: {_SHAPES[str(name)]}."
    return DesignIssue(node=node, field=None if field is None else str(field), message=message)


def _own_words(error: dict[str, Any]) -> str:
    """Pydantic's message, without the "Value error, " it puts before a validator's own words
    ("title: Value error, is blank: give the upload a name")."""
    message = str(error.get("msg", "is invalid"))
    if error.get("type") == "value_error":
        return message.removeprefix("Value error, ")
    return message


def _layer_id_issue(error: dict[str, Any], parts: list[Any]) -> DesignIssue | None:
    """A layer's id empty or too long, said as the editor's own id checks say theirs: "Layer 3
    has no id", not Pydantic's "String should have at least 1 character"."""
    kind = error.get("type")
    if kind not in ("string_too_short", "string_too_long") or len(parts) < 3:
        return None
    layers, index, field = parts[-3:]
    if (layers, field) != ("layers", "id") or not isinstance(index, int):
        return None
    if kind == "string_too_short":
        message = f"Layer {index + 1} has no id: give it one, such as conv1 or fc."
    else:
        sent = str(error.get("input", ""))
        most = (error.get("ctx") or {}).get("max_length")
        message = (
            f"Layer {index + 1}'s id `{sent[:20]}…` is {len(sent):,} characters long: give it "
            f"one of at most {most}, such as conv1 or fc."
        )
    return DesignIssue(field="id", message=message)


_ROOTS = ("design.", "training.")  # the run body's parts; a design's issues name neither


def from_body_root(issues: list[DesignIssue]) -> list[DesignIssue]:
    """A design's own issues named from the request body's root (`design.input_shape`), as the
    body's other errors are; a layer's keep its param, with the layer as `node`."""
    return [
        issue.model_copy(update={"field": f"design.{issue.field}"})
        if issue.node is None and issue.field and not issue.field.startswith(_ROOTS)
        else issue
        for issue in issues
    ]


# A number past a bound: what Pydantic's words ("Input should be less than or equal to 1000")
# leave out is the value that was sent.
_BOUNDS = {
    "less_than_equal": ("le", "is over the most allowed, {}"),
    "less_than": ("lt", "must be below {}"),
    "greater_than_equal": ("ge", "is under the least allowed, {}"),
    "greater_than": ("gt", "must be above {}"),
}


def _bound(error: dict[str, Any]) -> str | None:
    """'5000 is over the most allowed, 1000' for a number past a bound; None for other errors."""
    kind = _BOUNDS.get(str(error.get("type")))
    ctx = error.get("ctx") or {}
    if kind is None or kind[0] not in ctx:
        return None
    sent = str(error.get("input"))
    sent = sent if len(sent) <= 40 else f"{sent[:20]}…"
    if sent.lower().lstrip("+-") == "nan":  # past no bound: below and above both fail
        return f"{sent} is not a number"
    bound = ctx[kind[0]]
    shown = f"{bound:g}" if isinstance(bound, float) else str(bound)  # 0, not 0.0
    return f"{sent} {kind[1].format(shown)}"


def _too_large(error: dict[str, Any]) -> str | None:
    """A whole number too large for Pydantic to read (1e30 for a sample's size): "Unable to
    parse input string as an integer, exceeded maximum size" named neither it nor a way out."""
    if error.get("type") != "int_parsing_size":
        return None
    sent = str(error.get("input"))
    shown = sent if len(sent) <= 20 else f"{sent[:12]}…"
    return f"{shown} is far too large a number: give a whole number within the field's bounds"


def _blank(error: dict[str, Any]) -> str | None:
    """A text field sent empty, or only spaces where they are stripped: "String should have at
    least 1 character" (of a name of spaces) said neither."""
    if error.get("type") != "string_too_short" or error.get("ctx", {}).get("min_length") != 1:
        return None
    return "is blank: type some text that shows"


_NUMBERS = {"int_type": "a whole number", "float_type": "a number"}


def _true_or_false(error: dict[str, Any]) -> str | None:
    """'true is not a number: send a whole number' where a strict number field got true or
    false, which Pydantic's words ("Input should be a valid integer") left the sender to guess."""
    sent, wanted = error.get("input"), _NUMBERS.get(str(error.get("type")))
    if not isinstance(sent, bool) or wanted is None:
        return None
    return f"{'true' if sent else 'false'} is not a number: send {wanted}"


# What a value must look like, for fields whose Pydantic message alone does not say.
_SHAPES = {
    "edges": 'each edge is a pair of layer ids [from, to], with "input" for the input',
    "input_shape": "one sample's shape as 1 to 4 whole numbers, such as [1, 8, 8]",
    "after": "the seq of the last event you have, a whole number from 0 to 2**63-1",
    "lr": "the learning rate is a finite number above 0 and at most 10, such as 0.001",
    "range_test": 'an object, {} for the default sweep or {"start_lr", "end_lr", "steps"}, '
    "each optional",
}
