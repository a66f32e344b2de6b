"""Why the branches that meet at an Add or a Concat do not fit together, and the layer that
makes them fit."""

from torchcanvas.design.issues import layer_label
from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.schema import DesignFix, DesignIssue, LayerToInsert, RemoveFix, format_shape


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
            fix, how = _add_fix(node, sources[0], first, src, shape)
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


def _add_fix(
    node: str, first_src: str, first: tuple[int, ...], src: str, shape: tuple[int, ...]
) -> tuple[DesignFix | None, str]:
    """The fix, if any, and the advice for an Add whose branch `src` ends in another shape than
    the first branch: pool where only the heights and widths differ, resize where only the
    first size does."""
    if shape[0] == first[0] and (pooled := _pool_fix(node, first_src, first, src, shape)):
        return pooled
    resize = _resizer(first) if shape[1:] == first[1:] else None
    if len(shape) != len(first) or resize is None:
        return None, "make the branches end in the same shape."
    layer, what, param = resize
    sizes = _SIZE_NAMES[len(first)]
    fix = DesignFix(
        label=f"Insert a {what} with {first[0]} {sizes} after `{src}`",
        insert=layer,
        after=src,
        before=node,
    )
    return fix, f"the {sizes} differ, so insert a {what} with {param}={first[0]} after `{src}`."


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
