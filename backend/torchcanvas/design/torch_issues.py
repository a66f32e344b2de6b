"""Torch's errors on a layer, as issues that name the field to change and the size that fits."""

from typing import Any

from torchcanvas.design.issues import layer_label
from torchcanvas.design.layer_cache import Shape
from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.schema import DesignIssue, ParamFix, format_shape

# Where a layer's input is smaller than the design's: a pooling, a stride or a kernel without
# padding before it took the room, which is not always a pooling's doing.
SHRINK_LESS = (
    "let the layers before it shrink its input less (a pooling, a stride, a kernel without padding)"
)


def fix_for_torch_error(spec: LayerSpec, reason: str, shrunk: bool) -> tuple[str, str | None]:
    """A hint and the field to blame for an error that torch raised."""
    if spec.type.startswith("ConvTranspose"):  # its padding takes from the output: less is more
        return (
            " Use less padding: a transposed convolution's padding takes rows and columns off "
            "its output.",
            "padding",
        )
    if "pad should be" in reason:
        return " Use less padding: at most half of kernel_size.", "padding"
    if "kernel_size" in {p.name for p in spec.params}:
        pooled = f", or {SHRINK_LESS}" if shrunk else ""
        return f" Use a smaller kernel_size, add padding{pooled}.", "kernel_size"
    return "", None


def _per_dim(value: Any, dims: int) -> list[int] | None:
    """A kernel_size, padding or dilation as one int a spatial dim; None for "same" and "valid"."""
    if isinstance(value, int):
        return [value] * dims
    if isinstance(value, (list, tuple)) and len(value) == dims:
        return [int(v) for v in value]
    return None


def kernel_past_input(
    spec: LayerSpec, node: str, kwargs: dict[str, Any], shape: Shape, shrunk: bool
) -> DesignIssue | None:
    """Where a convolution's or pooling's window, dilated, is larger than its input with its
    padding: the message names the sizes and the largest kernel_size that fits, where torch's
    names the padded size alone ("Output size is too small" for a pooling)."""
    dims = len(shape) - 1  # after the channels
    kernel = _per_dim(kwargs.get("kernel_size"), dims)
    padding = _per_dim(kwargs.get("padding", 0), dims)
    dilation = _per_dim(kwargs.get("dilation", 1), dims)
    if dims < 1 or kernel is None or padding is None or dilation is None:
        return None
    sides = [size + 2 * pad for size, pad in zip(shape[1:], padding, strict=True)]
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True)]
    if all(span <= side for span, side in zip(spans, sides, strict=True)):
        return None
    fits = min((side - 1) // d + 1 for side, d in zip(sides, dilation, strict=True))
    padded = "" if sides == list(shape[1:]) else f", {_times(sides)} with its padding"
    dilated = "" if spans == kernel else f" ({_times(spans)} dilated)"
    pooled = f", or {SHRINK_LESS}" if shrunk else ""
    # A pooling over one value a side does nothing: the room is gone.
    fix = f"use a kernel_size of at most {fits}{pooled}"
    # One click sets the largest that fits, where the kernel is square (a pair's other side may
    # fit) and, for a pooling, its padding stays within half the kernel as torch asks.
    smaller: ParamFix | None = None
    if len(set(kernel)) == 1 and ("Pool" not in spec.type or 2 * max(padding) <= fits):
        label = f"Set kernel_size of `{node}` to {fits}"
        smaller = ParamFix(label=label, layer=node, param="kernel_size", value=fits)
    if fits == 1 and "Pool" in spec.type:
        fix = f"remove it{pooled}"
        smaller = None
    return DesignIssue(
        node=node,
        field="kernel_size",
        message=(
            f"{layer_label(spec, node)}'s kernel {_times(kernel)}{dilated} is larger than its "
            f"input {format_shape(shape)}{padded}: {fix}."
        ),
        fix=smaller,
    )


def _shrunk(shape: Shape, design_input: Shape) -> bool:
    """Whether a layer's input is smaller than the design's, of the same rank: a pooling or a
    stride before it took the room."""
    same_rank = len(shape) == len(design_input) > 1
    return same_rank and any(a < b for a, b in zip(shape[1:], design_input[1:], strict=True))


def _times(sizes: list[int]) -> str:
    """Sizes as a window is said: 5×5, or 5 on a sequence."""
    return "×".join(str(size) for size in sizes)


def torch_issue(
    spec: LayerSpec,
    node: str,
    kwargs: dict[str, Any],
    shapes: list[Shape],
    reason: str,
    design_input: Shape,
) -> DesignIssue:
    """What torch raised on the layer, tied to its node, with a hint where one is clear."""
    shrunk = len(shapes) == 1 and _shrunk(shapes[0], design_input)
    if len(shapes) == 1:
        past = kernel_past_input(spec, node, kwargs, shapes[0], shrunk)
        if past is not None:
            return past
        if "divisible by groups" in reason:
            return groups_issue(spec, node, kwargs, shapes[0])
    hint, field = fix_for_torch_error(spec, reason, shrunk)
    shown = " and ".join(format_shape(shape) for shape in shapes)
    return DesignIssue(
        node=node,
        field=field,
        message=(f"{layer_label(spec, node)} cannot work on input {shown}: {reason}.{hint}"),
    )


def groups_issue(spec: LayerSpec, node: str, kwargs: dict[str, Any], shape: Shape) -> DesignIssue:
    """A grouped convolution whose channels do not divide by its groups: which, and the groups
    that would fit both its input's and its output's channels."""
    groups, channels, out = int(kwargs["groups"]), shape[0], int(kwargs["out_channels"])
    fits = [g for g in range(1, min(channels, out) + 1) if channels % g == 0 and out % g == 0]
    shown = ", ".join(str(g) for g in fits[:-1]) + (" or " if len(fits) > 1 else "") + str(fits[-1])
    which = [
        f"{n} {side} channels" for n, side in ((channels, "input"), (out, "output")) if n % groups
    ]
    return DesignIssue(
        node=node,
        field="groups",
        message=(
            f"{layer_label(spec, node)} splits its channels into {groups} groups, but its "
            f"{' and '.join(which)} do not divide by {groups}: set groups to {shown}, or change "
            "out_channels or the channels before it."
        ),
    )
