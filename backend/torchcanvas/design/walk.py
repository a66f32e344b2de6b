"""Runs a design on the meta device layer by layer: torch itself says each shape, count and error."""

from dataclasses import dataclass, field
from typing import Any

from torchcanvas.design.catalog import InputKind, LayerSpec
from torchcanvas.design.graph import INPUT, Graph, resolve_graph
from torchcanvas.design.layer_run import (
    SHARED_CACHES,
    LayerCaches,
    LayerFailure,
    Shape,
    layer_macs,
    layer_shape,
)
from torchcanvas.design.params import check_id, find_spec, resolve_params
from torchcanvas.design.schema import (
    Design,
    DesignFix,
    DesignIssue,
    Layer,
    LayerToInsert,
    format_shape,
)

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


@dataclass(frozen=True)
class WalkedLayer:
    """A layer that worked on the meta device: its full constructor arguments and what it gives.

    Shared by every walk that meets the same layer on the same inputs: read it, never change it."""

    spec: LayerSpec
    kwargs: dict[str, Any]
    output_shape: tuple[int, ...]
    params: int
    tensors: list[tuple[str, list[int]]]  # its learnable tensors: name and shape
    macs: int  # multiply-accumulates for one sample, as torch's flop counter says


@dataclass
class Walk:
    """The result of walking a design: the layers that worked, in order, and the issues found."""

    layers: dict[str, WalkedLayer] = field(default_factory=dict)
    issues: list[DesignIssue] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)


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


def _join_issue(
    spec: LayerSpec, node: str, sources: list[str], shapes: list[tuple[int, ...]]
) -> DesignIssue | None:
    """Why the branches that meet at an Add or a Concat do not fit together, or None."""
    label = _label(spec, node)
    if len(sources) < 2:
        return DesignIssue(
            node=node,
            message=(f"{label} joins branches but has {len(sources)} input: connect two or more."),
        )
    first, where = shapes[0], f"`{sources[0]}`"
    for src, shape in zip(sources[1:], shapes[1:], strict=True):
        gets = f"{format_shape(first)} from {where} and {format_shape(shape)} from `{src}`"
        if spec.type == "Add" and shape != first:
            fix = None
            if len(shape) == len(first) and shape[1:] == first[1:]:
                fix = DesignFix(
                    label=f"Insert a 1×1 Conv2d with {first[0]} channels after `{src}`",
                    insert=LayerToInsert(
                        type="Conv2d" if len(first) == 3 else "Conv1d",
                        params={"out_channels": first[0], "kernel_size": 1},
                    ),
                    after=src,
                    before=node,
                )
                how = f"the channels differ, so insert a 1×1 Conv2d with out_channels={first[0]} after `{src}`."
            else:
                how = "make the branches end in the same shape."
            return DesignIssue(
                node=node,
                fix=fix,
                message=(f"{label} needs inputs of the same shape but gets {gets}: {how}"),
            )
        if spec.type == "Concat" and (len(shape) != len(first) or shape[1:] != first[1:]):
            return DesignIssue(
                node=node,
                message=(
                    f"{label} joins along the channels, so the other sizes must match, but it gets "
                    f"{gets}: pool or resize one branch so that they agree."
                ),
            )
    return None


def _rank_issue(
    spec: LayerSpec, node: str, source: str, shape: tuple[int, ...]
) -> DesignIssue | None:
    ranks, wanted, fix = _RANKS[spec.input]
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
    return DesignIssue(
        node=node,
        fix=flatten,
        message=(f"{_label(spec, node)} expects {wanted} but gets {format_shape(shape)}: {fix}."),
    )


def _dim_issue(
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
            f"{_label(spec, node)}: dim {dim} is out of range for input {format_shape(shape)}, "
            f"whose dims are 1 to {rank - 1} after the batch (0): use 1 for the first."
        ),
    )


def _torch_issue(spec: LayerSpec, node: str, shapes: list[Shape], reason: str) -> DesignIssue:
    """What torch raised on the layer, tied to its node, with a hint where one is clear."""
    hint, field = _fix_for_torch_error(spec, reason)
    shown = " and ".join(format_shape(shape) for shape in shapes)
    return DesignIssue(
        node=node,
        field=field,
        message=(f"{_label(spec, node)} cannot work on input {shown}: {reason}.{hint}"),
    )


def walk_design(
    design: Design, count_macs: bool = True, caches: LayerCaches | None = SHARED_CACHES
) -> Walk:
    """Build each layer on the meta device and pass meta tensors through the graph, in order.

    Without `count_macs` every layer's MACs are 0, and the walk is about twice as fast. Each
    layer's result is looked up in `caches` by its type, arguments and input shapes (None: none).
    """
    walk = Walk(issues=_check_structure(design))
    if walk.issues:
        return walk
    graph = resolve_graph(design)
    walk.graph = graph
    walk.issues.extend(graph.issues)
    shapes: dict[str, tuple[int, ...]] = {INPUT: tuple(design.input_shape)}
    layers = {layer.id: layer for layer in design.layers}
    # Params are checked for every layer; shapes only along the order, while inputs are known.
    in_order = set(graph.order)
    ordered = graph.order + [node for node in layers if node not in in_order]
    memo = caches.nodes if caches is not None else None
    for node in ordered:
        layer = layers[node]
        sources = graph.inputs.get(node, [])
        ready = node in in_order and all(src in shapes for src in sources)
        key = _node_key(layer.type, layer.params, sources, shapes, count_macs) if ready else ""
        known = memo.get(key) if memo is not None and ready else None
        if known is not None:  # this layer on these inputs worked before: nothing to check
            shapes[node] = known.output_shape
            walk.layers[node] = known
            continue
        walked = _walk_layer(walk, layer, sources, shapes, ready, count_macs, caches)
        if walked is not None:
            shapes[node] = walked.output_shape
            walk.layers[node] = walked
            if memo is not None:
                memo.put(key, walked)
    return walk


def _node_key(
    layer_type: str,
    params: dict[str, Any],
    sources: list[str],
    shapes: dict[str, tuple[int, ...]],
    count_macs: bool,
) -> str:
    """What a node's walked layer depends on, besides its id; repr keeps 1, 1.0 and True apart."""
    return repr((layer_type, params, [shapes[src] for src in sources], count_macs))


def _walk_layer(
    walk: Walk,
    layer: Layer,
    sources: list[str],
    shapes: dict[str, tuple[int, ...]],
    ready: bool,
    count_macs: bool,
    caches: LayerCaches | None,
) -> WalkedLayer | None:
    """One layer checked, then run on its input shapes; None (and its issues noted) when it fails.

    Its params are checked even when its inputs are not known (`ready` is False)."""
    node = layer.id
    spec, unknown = find_spec(layer)
    if spec is None:
        assert unknown is not None  # find_spec gives one or the other
        walk.issues.append(unknown)
        return None
    kwargs, issues = resolve_params(spec.params, layer.params, node, _label(spec, node))
    walk.issues.extend(issues)
    if issues or not ready:
        return None
    inputs = [shapes[src] for src in sources]
    if spec.joins:
        problem = _join_issue(spec, node, sources, inputs)
    elif len(sources) != 1:
        problem = DesignIssue(
            node=node,
            field="edges",
            message=(
                f"{_label(spec, node)} takes one input but {len(sources)} are connected: "
                "join them with an Add or a Concat first."
            ),
        )
    else:
        problem = _rank_issue(spec, node, sources[0], inputs[0])
    if problem is None:
        problem = _dim_issue(spec, node, kwargs, inputs[0])
    if problem is not None:
        walk.issues.append(problem)
        return None
    kwargs = {**spec.fixed, **(_inferred(spec, inputs[0]) if not spec.joins else {}), **kwargs}
    ran = layer_shape(spec.type, kwargs, inputs, caches.shapes if caches else None)
    if isinstance(ran, LayerFailure):
        walk.issues.append(_torch_issue(spec, node, inputs, ran.reason))
        return None
    macs = 0
    if count_macs:  # only once the shapes are known: they never wait for the flop counter
        macs = layer_macs(spec.type, kwargs, inputs, ran, caches.macs if caches else None)
    tensors = [(name, list(shape)) for name, shape in ran.tensors]
    return WalkedLayer(spec, kwargs, ran.output_shape, ran.params, tensors, macs)
