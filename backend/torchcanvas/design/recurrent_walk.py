"""An LSTM or a GRU on the meta device in two short runs, not along its whole sequence.

torch runs a recurrent layer on meta tensors one step at a time, at about 18 ms a step, so a
1,000-step sequence took 17 s to validate and eight bidirectional layers 280 s: an edit in the
editor waited that long. Nothing a recurrent layer gives depends on the length but linearly:
its weights not at all, its every-step output by its length alone, its multiply-adds and what
autograd keeps by a fixed amount a step. So torch runs it on 1 step and on 2, and the walk carries
the difference to L steps (tests/backend/test_recurrent.py checks it against the whole length).
"""

from dataclasses import replace
from typing import Any

from torchcanvas.design.layer_run import (
    LayerCaches,
    LayerFailure,
    LayerKeeps,
    LayerShape,
    Shape,
    layer_keeps,
    layer_macs,
    layer_shape,
)


def walk_recurrent(
    layer_type: str,
    kwargs: dict[str, Any],
    inputs: list[Shape],
    count_macs: bool,
    caches: LayerCaches | None,
) -> tuple[LayerShape | LayerFailure, int, LayerKeeps | None]:
    """What a recurrent layer gives on its one (C, L) input: its shape and tensors, then (with
    `count_macs`) its multiply-adds and what autograd keeps, as a walk of all L steps would."""
    ((channels, steps),) = inputs
    one: list[Shape] = [(channels, 1)]  # (C, 1)
    two: list[Shape] = [(channels, 2)]  # (C, 2)
    ran = layer_shape(layer_type, kwargs, one, caches.shapes if caches else None)
    if isinstance(ran, LayerFailure):
        return ran, 0, None
    output = ran.output_shape
    if kwargs["output"] == "sequence":  # (D*H, 1) -> (D*H, L)
        output = (*output[:-1], steps)
    whole = LayerShape(output, ran.params, ran.tensors)
    if not count_macs:
        return whole, 0, None
    ran_two = layer_shape(layer_type, kwargs, two, caches.shapes if caches else None)
    assert not isinstance(ran_two, LayerFailure)  # what works on 1 step works on 2
    macs_cache, keeps_cache = (caches.macs, caches.keeps) if caches else (None, None)
    macs_one = layer_macs(layer_type, kwargs, one, ran, macs_cache)
    macs_two = layer_macs(layer_type, kwargs, two, ran_two, macs_cache)
    keeps_one = layer_keeps(layer_type, kwargs, one, keeps_cache)
    keeps_two = layer_keeps(layer_type, kwargs, two, keeps_cache)
    more = steps - 1  # steps after the first, each costing what the second did
    macs = macs_one + more * (macs_two - macs_one)
    kept = keeps_one.other_bytes + more * (keeps_two.other_bytes - keeps_one.other_bytes)
    return whole, macs, replace(keeps_one, other_bytes=kept)
