"""Runs a design on the meta device layer by layer: torch itself says each shape, count and error."""

from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn as nn

from torchcanvas.design.catalog import InputKind, LayerSpec
from torchcanvas.design.params import check_id, find_spec, resolve_params
from torchcanvas.design.schema import Design, DesignIssue, format_shape

# Sample ranks (no batch dimension) that each input kind accepts, and the fix when it is wrong.
_RANKS: dict[InputKind, tuple[set[int], str, str]] = {
    "any": (set(range(1, 9)), "", ""),
    "flat": ({1}, "a flat input", "add a Flatten before it"),
    "image": ({3}, "an image (C, H, W)", "place it before any Flatten, on image data"),
    "sequence": (
        {2},
        "a sequence (C, L)",
        "use the 2d layers for images (C, H, W), or Linear for flat inputs",
    ),
    "flat_or_sequence": (
        {1, 2},
        "a flat input or a sequence (C, L)",
        "use BatchNorm2d for images, or add a Flatten before it",
    ),
}


@dataclass
class WalkedLayer:
    """A layer that worked on the meta device: its full constructor arguments and what it gives."""

    spec: LayerSpec
    kwargs: dict[str, Any]
    output_shape: tuple[int, ...]
    params: int


@dataclass
class Walk:
    """The result of walking a design: the layers that worked, in order, and the issues found."""

    layers: dict[str, WalkedLayer] = field(default_factory=dict)
    issues: list[DesignIssue] = field(default_factory=list)


def _label(spec: LayerSpec, node: str) -> str:
    return f"{spec.type} `{node}`"


def _inferred(spec: LayerSpec, shape: tuple[int, ...]) -> dict[str, int]:
    # (C, ...) -> C for "channels"; (..., F) -> F for "features"
    return {
        name: shape[0] if src == "channels" else shape[-1] for name, src in spec.inferred.items()
    }


def _fix_for_torch_error(spec: LayerSpec, reason: str) -> tuple[str, str | None]:
    """A hint and the field to blame for an error that torch raised."""
    if "pad should be" in reason:
        return " Use less padding: at most half of kernel_size.", "padding"
    if "kernel_size" in {p.name for p in spec.params}:
        return (
            " Use a smaller kernel_size, add padding, or remove a pooling layer before it.",
            "kernel_size",
        )
    return "", None


def _check_structure(design: Design) -> list[DesignIssue]:
    issues: list[DesignIssue] = []
    if any(d < 1 for d in design.input_shape):
        issues.append(
            DesignIssue(
                field="input_shape",
                message=(
                    f"input_shape {format_shape(design.input_shape)} has a size below 1: "
                    "every dimension must be at least 1."
                ),
            )
        )
    if not design.layers:
        issues.append(
            DesignIssue(
                field="layers", message="The design has no layers: add one from the palette."
            )
        )
    if design.edges is not None:
        issues.append(
            DesignIssue(
                field="edges",
                message=(
                    "Graphs with edges are not supported yet: remove `edges` to make the layers a stack."
                ),
            )
        )
    seen: set[str] = set()
    for layer in design.layers:
        problem = check_id(layer.id)
        if problem:
            issues.append(DesignIssue(node=layer.id, field="id", message=problem))
        elif layer.id in seen:
            issues.append(
                DesignIssue(
                    node=layer.id,
                    field="id",
                    message=(f"Layer id `{layer.id}` is used twice: give each layer its own id."),
                )
            )
        seen.add(layer.id)
    return issues


def walk_design(design: Design) -> Walk:
    """Build each layer on the meta device and pass a meta tensor through it, in order."""
    walk = Walk(issues=_check_structure(design))
    if walk.issues:
        return walk
    shape = tuple(design.input_shape)
    shape_known = True
    for layer in design.layers:
        spec, unknown = find_spec(layer)
        if spec is None:
            walk.issues.append(unknown)  # type: ignore[arg-type]
            shape_known = False
            continue
        label = _label(spec, layer.id)
        kwargs, issues = resolve_params(spec.params, layer.params, layer.id, label)
        walk.issues.extend(issues)
        if issues or not shape_known:
            shape_known = False
            continue
        ranks, wanted, fix = _RANKS[spec.input]
        if len(shape) not in ranks:
            walk.issues.append(
                DesignIssue(
                    node=layer.id,
                    message=(f"{label} expects {wanted} but gets {format_shape(shape)}: {fix}."),
                )
            )
            shape_known = False
            continue
        kwargs = {**_inferred(spec, shape), **kwargs}
        try:
            with torch.device("meta"):
                module: nn.Module = getattr(nn, spec.type)(**kwargs)
                out = module(torch.empty((2, *shape)))  # BatchNorm refuses a batch of 1
        except Exception as exc:  # torch's own message says what is wrong with the shape
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            hint, field = _fix_for_torch_error(spec, reason)
            walk.issues.append(
                DesignIssue(
                    node=layer.id,
                    field=field,
                    message=f"{label} cannot work on input {format_shape(shape)}: {reason}.{hint}",
                )
            )
            shape_known = False
            continue
        shape = tuple(out.shape[1:])  # (2, *sample) -> sample
        params = sum(p.numel() for p in module.parameters())
        walk.layers[layer.id] = WalkedLayer(spec, kwargs, shape, params)
    return walk
