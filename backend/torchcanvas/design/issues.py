"""What is wrong with a layer where it stands in a design, as issues that name the node and the fix."""

from typing import Any

from torchcanvas.design.catalog import InputKind, LayerSpec
from torchcanvas.design.graph import INPUT
from torchcanvas.design.layer_run import Shape
from torchcanvas.design.params import check_id
from torchcanvas.design.schema import (
    Design,
    DesignFix,
    DesignIssue,
    LayerToInsert,
    ParamFix,
    RemoveFix,
    format_shape,
)

# Sample ranks (no batch dimension) that each input kind accepts, and the fix when it is wrong.
RANKS: dict[InputKind, tuple[set[int], str, str]] = {
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


def layer_label(spec: LayerSpec, node: str) -> str:
    """How a message names a layer: its type and its id."""
    return f"{spec.type} `{node}`"


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


def check_structure(design: Design) -> list[DesignIssue]:
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


def join_issue(
    spec: LayerSpec, node: str, sources: list[str], shapes: list[tuple[int, ...]]
) -> DesignIssue | None:
    """Why the branches that meet at an Add or a Concat do not fit together, or None."""
    label = layer_label(spec, node)
    # What Delete leaves when it empties a branch: the branch's input already fed the join.
    if len(sources) == 1:
        return DesignIssue(
            node=node,
            message=(
                f"{label} joins branches but has 1 input, from `{sources[0]}`: connect a second "
                f"branch into it, or remove it to pass `{sources[0]}` straight on."
            ),
            fix=RemoveFix(label=f"Remove `{node}`, passing `{sources[0]}` on", remove=node),
        )
    if len(sources) < 2:
        return DesignIssue(
            node=node,
            message=(f"{label} joins branches but has {len(sources)} input: connect two or more."),
        )
    first, where = shapes[0], f"`{sources[0]}`"
    for src, shape in zip(sources[1:], shapes[1:], strict=True):
        gets = f"{format_shape(first)} from {where} and {format_shape(shape)} from `{src}`"
        if spec.type == "Add" and shape != first:
            resize = _resizer(first) if shape[1:] == first[1:] else None
            fix, how = None, "make the branches end in the same shape."
            pooled = (
                _pool_fix(node, sources[0], first, src, shape) if shape[0] == first[0] else None
            )
            if pooled is not None:
                fix, how = pooled
            elif len(shape) == len(first) and resize is not None:
                layer, what, param = resize
                fix = DesignFix(
                    label=f"Insert a {what} with {first[0]} {_SIZE_NAMES[len(first)]} after `{src}`",
                    insert=layer,
                    after=src,
                    before=node,
                )
                how = (
                    f"the {_SIZE_NAMES[len(first)]} differ, so insert a {what} with "
                    f"{param}={first[0]} after `{src}`."
                )
            return DesignIssue(
                node=node,
                fix=fix,
                message=(f"{label} needs inputs of the same shape but gets {gets}: {how}"),
            )
        if spec.type == "Concat" and (len(shape) != len(first) or shape[1:] != first[1:]):
            pooled = _pool_fix(node, sources[0], first, src, shape)
            return DesignIssue(
                node=node,
                fix=pooled[0] if pooled else None,
                message=(
                    f"{label} joins along the channels, so the other sizes must match, but it gets "
                    f"{gets}: {pooled[1] if pooled else 'pool or resize one branch so that they agree.'}"
                ),
            )
    return None


def _pool_fix(
    node: str, first_src: str, first: tuple[int, ...], src: str, shape: tuple[int, ...]
) -> tuple[DesignFix, str] | None:
    """Where two images' heights and widths differ and one is no smaller either way: the fix
    that pools the larger down to the smaller (AdaptiveAvgPool2d), and the advice with it."""
    if len(first) != 3 or len(shape) != 3 or first[1:] == shape[1:]:
        return None
    if all(a >= b for a, b in zip(shape[1:], first[1:], strict=True)):
        larger, size = src, first[1:]
    elif all(a >= b for a, b in zip(first[1:], shape[1:], strict=True)):
        larger, size = first_src, shape[1:]
    else:
        return None
    height, width = size
    fix = DesignFix(
        label=f"Insert an AdaptiveAvgPool2d to {height}×{width} after `{larger}`",
        insert=LayerToInsert(type="AdaptiveAvgPool2d", params={"output_size": [height, width]}),
        after=larger,
        before=node,
    )
    how = (
        f"the heights and widths differ, so pool the larger branch, after `{larger}`, to "
        f"{height}×{width} with an AdaptiveAvgPool2d, or give the other branch's convolutions "
        "padding (kernel_size // 2 keeps a size) and take out its pooling."
    )
    return fix, how


# What the first size of a shape counts, by the shape's rank: (F), (C, L), (C, H, W).
_SIZE_NAMES = {1: "features", 2: "channels", 3: "channels"}


def _resizer(shape: tuple[int, ...]) -> tuple[LayerToInsert, str, str] | None:
    """The layer that makes a branch's first size `shape[0]` and keeps the rest: the layer, how
    a message names it, and its size param; None where no catalogue layer does (a volume)."""
    size = shape[0]
    if len(shape) == 1:
        return LayerToInsert(type="Linear", params={"out_features": size}), "Linear", "out_features"
    if len(shape) in (2, 3):
        conv = "Conv1d" if len(shape) == 2 else "Conv2d"
        params = {"out_channels": size, "kernel_size": 1}
        kernel = "1-wide" if len(shape) == 2 else "1×1"
        return LayerToInsert(type=conv, params=params), f"{kernel} {conv}", "out_channels"
    return None


def rank_issue(
    spec: LayerSpec, node: str, source: str, shape: Shape, design_input: Shape
) -> DesignIssue | None:
    ranks, wanted, fix = RANKS[spec.input]
    if len(shape) in ranks:
        return None
    flatten = None
    if spec.input == "flat":
        flatten = DesignFix(
            label=f"Insert a Flatten before `{node}`",
            insert=LayerToInsert(type="Flatten"),
            after=source,
            before=node,
        )
    if spec.input == "image" and len(design_input) == 1 and len(shape) == 1:
        # Nothing in the design to move it before: the dataset's samples are flat.
        gets = (
            f"the input gives {format_shape(shape)}, which is not an image"
            if source == INPUT
            else f"gets {format_shape(shape)}: the input's samples, {format_shape(design_input)}, "
            "are not images"
        )
        return DesignIssue(
            node=node,
            message=(
                f"{layer_label(spec, node)} expects {wanted} but {gets}: use Linear layers on "
                "such samples (Templates: MLP), or choose an image dataset."
            ),
        )
    return DesignIssue(
        node=node,
        fix=flatten,
        message=(
            f"{layer_label(spec, node)} expects {wanted} but gets {format_shape(shape)}: {fix}."
        ),
    )


def dim_issue(
    spec: LayerSpec, node: str, kwargs: dict[str, Any], shape: tuple[int, ...]
) -> DesignIssue | None:
    """A `dim` outside the batched input; meta tensors do not check it, so it is checked here."""
    dim = kwargs.get("dim")
    rank = len(shape) + 1  # with the batch
    if not isinstance(dim, int) or -rank <= dim < rank:
        return None
    return DesignIssue(
        node=node,
        field="dim",
        message=(
            f"{layer_label(spec, node)}: dim {dim} is out of range for input {format_shape(shape)}, "
            f"whose dims are 1 to {rank - 1} after the batch (0): use 1 for the first."
        ),
    )


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
