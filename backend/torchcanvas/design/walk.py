"""Runs a design on the meta device layer by layer: torch itself says each shape, count and error."""

import math
from dataclasses import dataclass, field
from typing import Any

from torchcanvas.design.graph import INPUT, Graph, resolve_graph
from torchcanvas.design.issues import check_structure, dim_issue, layer_label, rank_issue
from torchcanvas.design.join_issues import join_issue
from torchcanvas.design.layer_cache import (
    SHARED_CACHES,
    LayerCaches,
    LayerFailure,
    LayerKeeps,
    LayerShape,
)
from torchcanvas.design.layer_run import layer_counted, layer_shape
from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.limits import too_many_values
from torchcanvas.design.move_fix import move_before_flatten
from torchcanvas.design.params import find_spec, resolve_params
from torchcanvas.design.recurrent_walk import walk_recurrent
from torchcanvas.design.schema import Design, DesignIssue, Layer
from torchcanvas.design.sequence_issues import (
    RECURRENT,
    recurrent_settings_issue,
    sequence_input_issue,
)
from torchcanvas.design.torch_issues import torch_issue


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
    keeps: LayerKeeps | None = None  # what autograd keeps of it, found with the MACs


@dataclass
class Walk:
    """The result of walking a design: the layers that worked, in order, and the issues found."""

    layers: dict[str, WalkedLayer] = field(default_factory=dict)
    issues: list[DesignIssue] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)


def _inferred(spec: LayerSpec, shape: tuple[int, ...]) -> dict[str, int]:
    # (C, ...) -> C for "channels"; (..., F) -> F for "features"
    return {
        name: shape[0] if src == "channels" else shape[-1] for name, src in spec.inferred.items()
    }


def walk_design(
    design: Design,
    count_macs: bool = True,
    caches: LayerCaches | None = SHARED_CACHES,
    max_values: int | None = None,
) -> Walk:
    """Build each layer on the meta device and pass meta tensors through the graph, in order.

    Without `count_macs` every layer's MACs are 0, and the walk is about twice as fast. Each
    layer's result is looked up in `caches` by its type, arguments and input shapes (None: none).
    A layer whose output is more than `max_values` values a sample is an issue, and the layers
    after it are not walked: each Concat of a stack of them doubled the width, until torch
    itself could not count the values ("Storage size calculation overflowed").
    """
    walk = Walk(issues=check_structure(design))
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
        # This layer on these inputs worked before: nothing to check again.
        walked = (
            known
            if known is not None
            else _walk_layer(walk, layer, sources, shapes, ready, count_macs, caches)
        )
        if walked is None:
            continue
        walk.layers[node] = walked
        if memo is not None and known is None:
            memo.put(key, walked)
        if max_values is not None and math.prod(walked.output_shape) > max_values:
            walk.issues.append(
                too_many_values(
                    layer_label(walked.spec, node), node, walked.output_shape, max_values
                )
            )
        else:
            shapes[node] = walked.output_shape
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
    kwargs, issues = resolve_params(spec.params, layer.params, node, layer_label(spec, node))
    if not issues and (settings := recurrent_settings_issue(spec, node, kwargs)) is not None:
        issues.append(settings)
    walk.issues.extend(issues)
    if issues or not ready:
        return None
    inputs = [shapes[src] for src in sources]
    if spec.joins:
        problem = join_issue(spec, node, sources, inputs)
    elif len(sources) != 1:
        problem = DesignIssue(
            node=node,
            field="edges",
            message=(
                f"{layer_label(spec, node)} takes one input but {len(sources)} are connected: "
                "join them with an Add or a Concat first."
            ),
        )
    else:
        source = walk.layers.get(sources[0])
        problem = sequence_input_issue(
            spec,
            node,
            sources[0],
            inputs[0],
            source.spec if source is not None else None,
            source.kwargs if source is not None else {},
        ) or rank_issue(spec, node, sources[0], inputs[0], shapes[INPUT])
        if problem is not None and problem.fix is None and spec.input == "image":
            problem.fix = move_before_flatten(walk, node, sources[0])
    if problem is None:
        problem = dim_issue(spec, node, kwargs, inputs[0])
    if problem is not None:
        walk.issues.append(problem)
        return None
    kwargs = {**spec.fixed, **(_inferred(spec, inputs[0]) if not spec.joins else {}), **kwargs}
    run = walk_recurrent if spec.category == RECURRENT else _run_layer
    ran, macs, keeps = run(spec.type, kwargs, inputs, count_macs, caches)
    if isinstance(ran, LayerFailure):
        walk.issues.append(torch_issue(spec, node, kwargs, inputs, ran.reason, shapes[INPUT]))
        return None
    tensors = [(name, list(shape)) for name, shape in ran.tensors]
    return WalkedLayer(spec, kwargs, ran.output_shape, ran.params, tensors, macs, keeps)


def _run_layer(
    layer_type: str,
    kwargs: dict[str, Any],
    inputs: list[tuple[int, ...]],
    count_macs: bool,
    caches: LayerCaches | None,
) -> tuple[LayerShape | LayerFailure, int, LayerKeeps | None]:
    """The layer on its inputs on the meta device: its shape, and with `count_macs` its MACs and
    what autograd keeps too, from one counted run; without, its shape alone (no flop counter)."""
    if count_macs:
        return layer_counted(layer_type, kwargs, inputs, caches)
    return layer_shape(layer_type, kwargs, inputs, caches.shapes if caches else None), 0, None
