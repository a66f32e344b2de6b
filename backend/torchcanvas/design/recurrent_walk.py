"""An LSTM or a GRU on the meta device in two short runs, not along its whole sequence.

torch runs a recurrent layer on meta tensors one step at a time, at about 18 ms a step, so a
1,000-step sequence took 17 s to validate and eight bidirectional layers 280 s: an edit in the
editor waited that long. Nothing a recurrent layer gives depends on the length but linearly:
its weights not at all, its every-step output by its length alone, its multiply-adds by a fixed
amount a step. So torch runs it on 1 step and on 2, and the walk carries the difference to L
steps (tests/backend/test_recurrent.py checks it against the whole length).

What autograd keeps of it is not what a meta run keeps: meta runs torch's decomposed cells, while
the CPU worker trains with a fused kernel (oneDNN's, for an LSTM) that keeps 1.2 to 36 times more
(an LSTM of 16 on 512 channels: 36). So the walk counts that kernel's tensors, measured per step
(tests/backend/test_estimate.py checks designs against the real network's saved tensors).
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
    macs = macs_one + (steps - 1) * (macs_two - macs_one)  # each further step as the second
    keeps = layer_keeps(layer_type, kwargs, one, keeps_cache)  # which of its tensors it saves
    kept = fused_kept_bytes(layer_type, kwargs, channels, steps)
    return whole, macs, replace(keeps, other_bytes=kept)


def fused_kept_bytes(layer_type: str, kwargs: dict[str, Any], channels: int, steps: int) -> int:
    """What torch's fused CPU kernel keeps of one sample: for each layer and direction, a copy of
    its input sequence and, each step, a GRU's 7 values per hidden unit or an LSTM's workspace of
    about 10 per hidden unit and 7 per value of the wider of its input and hidden state (measured
    on torch 2.13 from 4 to 512 channels and 16 to 256 hidden units: up to 20 % above)."""
    hidden = kwargs["hidden_size"]
    directions = 2 if kwargs["bidirectional"] else 1
    values = 0
    for layer in range(kwargs["num_layers"]):
        width = channels if layer == 0 else directions * hidden  # what the layer reads
        if layer_type == "LSTM":
            step = 10 * hidden + 7 * max(width, hidden) + width
        else:
            step = 7 * hidden + width
        values += directions * steps * step
    return values * 4  # float32
