"""Checks a layer's params against its catalogue entry, and fills in the defaults."""

import difflib
import keyword
import re
from typing import Any

import torch.nn as nn

from torchcanvas.design.catalog import LAYERS_BY_TYPE
from torchcanvas.design.layer_spec import LayerSpec, ParamSpec
from torchcanvas.design.schema import DesignIssue, Layer

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Names that would clash with nn.Module's own attributes when used as a submodule name.
_RESERVED = set(dir(nn.Sequential())) | {"input"}  # instance attributes too, like `training`


def check_id(layer_id: str) -> str | None:
    """Why a layer id cannot be used, or None when it is fine."""
    if keyword.iskeyword(layer_id):
        return f"Layer id `{layer_id}` is a Python keyword: pick another name, like `{layer_id}_1`."
    if not _ID.fullmatch(layer_id):  # match(): `$` let "fc\n" through, and its code broke
        return (
            f"Layer id `{layer_id}` is not a valid name: use letters, digits and underscores, "
            "starting with a letter, like `conv1`."
        )
    if layer_id in _RESERVED:
        return f"Layer id `{layer_id}` is reserved: pick another name, like `{layer_id}_1`."
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _range_text(spec: ParamSpec) -> str:
    return f"from {spec.min:g} to {spec.max:g}"


def _check_value(spec: ParamSpec, value: Any) -> str | None:
    """Why a value does not fit its param spec, or None."""

    def in_range(v: float) -> bool:
        return (spec.min is None or v >= spec.min) and (spec.max is None or v <= spec.max)

    if value is None and spec.default is None:
        return None  # torch's own default, such as a pooling stride equal to kernel_size
    if spec.kind == "int":
        if not _is_int(value) or not in_range(value):
            return f"must be a whole number {_range_text(spec)}"
    elif spec.kind == "float":
        if not (_is_int(value) or isinstance(value, float)) or not in_range(value):
            return f"must be a number {_range_text(spec)}"
    elif spec.kind == "bool":
        if not isinstance(value, bool):
            return "must be true or false"
    elif spec.kind == "int_or_pair":
        items = value if isinstance(value, list) and len(value) == 2 else [value]
        if not all(_is_int(v) and in_range(v) for v in items):
            return f"must be a whole number {_range_text(spec)}, or a pair of them like [3, 5]"
    elif spec.kind == "int_list":
        if not (isinstance(value, list) and 1 <= len(value) <= 4):
            return f"must be a list of 1 to 4 whole numbers {_range_text(spec)}, like [16, 4, 4]"
        if not all(_is_int(v) and in_range(v) for v in value):
            return f"must hold whole numbers {_range_text(spec)}"
    elif spec.kind == "choice" and value not in (spec.choices or []):
        return f"must be one of {', '.join(repr(c) for c in spec.choices or [])}"
    return None


def _show(value: Any) -> str:
    return (
        repr(value)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


def resolve_params(
    specs: list[ParamSpec],
    params: dict[str, Any],
    node: str | None,
    label: str,
    checked_apart: tuple[str, ...] = (),
) -> tuple[dict[str, Any], list[DesignIssue]]:
    """Keyword arguments with defaults filled in, and any issues with the given ones.

    `checked_apart` names params the caller takes and checks itself (a loss's class `weight`):
    an unknown param's message names them too, as the params it may give."""
    known = {p.name: p for p in specs}
    issues: list[DesignIssue] = []
    for name in params:
        if name not in known:
            offered = ", ".join([*known, *checked_apart]) or "none"
            issues.append(
                DesignIssue(
                    node=node,
                    field=name,
                    message=f"{label} has no param `{name}`: remove it (its params: {offered}).",
                )
            )
    kwargs: dict[str, Any] = {}
    for name, pspec in known.items():
        value = params.get(name, pspec.default)
        problem = _check_value(pspec, value)
        if problem:
            issues.append(
                DesignIssue(
                    node=node,
                    field=name,
                    message=f"{label}: {name} {problem}, got {_show(value)}.",
                )
            )
        kwargs[name] = tuple(value) if isinstance(value, list) else value
    return kwargs, issues


def closest_type(name: str) -> str | None:
    """The catalogue's layer type that `name` most likely meant (a wrong case or a typo), if any."""
    by_lower = {layer_type.lower(): layer_type for layer_type in LAYERS_BY_TYPE}
    # 0.75: "Lineer" and "conv3d" still find Linear and Conv2d; "Swish" finds nothing.
    close = difflib.get_close_matches(name.lower(), by_lower, n=1, cutoff=0.75)
    return by_lower[close[0]] if close else None


def find_spec(layer: Layer) -> tuple[LayerSpec | None, DesignIssue | None]:
    """The catalogue entry of a layer, or the issue that says its type is unknown."""
    spec = LAYERS_BY_TYPE.get(layer.type)
    if spec is not None:
        return spec, None
    unknown = f"Layer `{layer.id}` has unknown type `{layer.type}`."
    meant = closest_type(layer.type)
    # Not the whole list of types: the palette shows them, and thirty names hid the one that was meant.
    message = (
        f"{unknown} Did you mean `{meant}`? Replace the layer with a {meant} from the palette."
        if meant
        else f"{unknown} Replace it with a layer from the palette (Add a layer)."
    )
    return None, DesignIssue(node=layer.id, field="type", message=message)
