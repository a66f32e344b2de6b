"""An LSTM or a GRU walked by its formulas, not run along its sequence.

torch runs a recurrent layer on meta tensors one step at a time, at about 18 ms a step, so a
1,000-step sequence took 17 s to validate and eight bidirectional layers 280 s; even run on 1
and 2 steps, such a layer cost a second of CPU, and a request of thirty of them, each of another
size, held a CPU slot for a minute. Yet all a recurrent layer gives follows from its settings:
torch builds it on meta (milliseconds, with no forward pass) for its tensors, and its output,
multiply-adds and what autograd keeps are counted here (tests/backend/test_recurrent.py checks
them against torch run along the whole sequence, and the built network).

What autograd keeps of it is not what a meta run keeps: meta runs torch's decomposed cells, while
the CPU worker trains with a fused kernel (oneDNN's, for an LSTM) that keeps 1.2 to 36 times more
(an LSTM of 16 on 512 channels: 36). So the walk counts that kernel's tensors, measured per step
(tests/backend/test_estimate.py checks designs against the real network's saved tensors).
"""

import math
from typing import Any

import torch

from torchcanvas.design.layer_cache import (
    LayerCache,
    LayerCaches,
    LayerFailure,
    LayerKeeps,
    LayerShape,
    Shape,
    layer_key,
)
from torchcanvas.design.modules import module_class

GATES = {"LSTM": 4, "GRU": 3}  # the weight rows each hidden unit has, one per gate


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
    built = _built(layer_type, kwargs, channels, caches.shapes if caches else None)
    if isinstance(built, LayerFailure):
        return built, 0, None
    width = (2 if kwargs["bidirectional"] else 1) * kwargs["hidden_size"]
    output = (width, steps) if kwargs["output"] == "sequence" else (width,)
    whole = LayerShape(output, built.params, built.tensors)
    if not count_macs:
        return whole, 0, None
    kept = fused_kept_bytes(layer_type, kwargs, channels, steps)
    # It saves its input, and its output is a new tensor of its own, which it does not keep.
    keeps = LayerKeeps(inputs=(True,), output=False, view_of=None, other_bytes=kept)
    return whole, recurrent_macs(layer_type, kwargs, channels, steps), keeps


def _built(
    layer_type: str,
    kwargs: dict[str, Any],
    channels: int,
    cache: LayerCache[LayerShape | LayerFailure] | None,
) -> LayerShape | LayerFailure:
    """The layer built by torch on meta, no pass run: its tensors, or what torch raised."""
    key = layer_key(layer_type, kwargs, [(channels,)]) if cache is not None else ""
    found = cache.get(key) if cache is not None else None
    if found is not None:
        return found
    try:
        with torch.device("meta"):
            module = module_class(layer_type)(**kwargs)
    except Exception as exc:  # torch's own message says what is wrong with the settings
        text = str(exc).strip()
        result: LayerShape | LayerFailure = LayerFailure(text.splitlines()[0] if text else "")
    else:
        tensors = tuple((name, tuple(p.shape)) for name, p in module.named_parameters())
        result = LayerShape((), sum(p.numel() for p in module.parameters()), tensors)
    if cache is not None:
        cache.put(key, result)
    return result


def _reads(kwargs: dict[str, Any], channels: int) -> list[int]:
    """The values each stacked layer reads a step: the input's channels, then the one below's
    output (both directions of it)."""
    directions = 2 if kwargs["bidirectional"] else 1
    later = directions * kwargs["hidden_size"]
    return [channels if layer == 0 else later for layer in range(kwargs["num_layers"])]


def recurrent_macs(layer_type: str, kwargs: dict[str, Any], channels: int, steps: int) -> int:
    """One sample's multiply-adds, as torch's flop counter counts them: each step, each layer and
    direction multiplies what it reads and its hidden state by a row per gate of each unit."""
    hidden, rows = kwargs["hidden_size"], GATES[layer_type] * kwargs["hidden_size"]
    directions = 2 if kwargs["bidirectional"] else 1
    return sum(directions * steps * (reads + hidden) * rows for reads in _reads(kwargs, channels))


def fused_kept_bytes(layer_type: str, kwargs: dict[str, Any], channels: int, steps: int) -> int:
    """What torch's fused CPU kernel keeps of one sample beyond the layer's input: for each layer
    and direction, each step, a GRU's 7.2 values per hidden unit, or an LSTM's workspace of 9 per
    hidden unit, 2 per hidden unit and 7 per value of the wider of its input and hidden state,
    those two counted in whole blocks of 16 (oneDNN's); the input sequence of each stacked
    layer above the first, which reads the one below's output, and with dropout what it dropped
    of it (measured on torch 2.13 from 1 to 512 channels and 1 to 256 hidden units, 1 to 3
    layers: up to 16 % above)."""
    hidden, dropout = kwargs["hidden_size"], kwargs["dropout"]
    directions = 2 if kwargs["bidirectional"] else 1
    values = 0.0
    for layer, reads in enumerate(_reads(kwargs, channels)):
        # A copy of what it reads in each direction; the first layer's one copy is the layer's
        # input, which autograd keeps as such.
        copies = directions * reads - (0 if layer else reads)
        if layer_type == "LSTM":
            step = 9 * hidden + 2 * _blocks(hidden) + 7 * _blocks(max(reads, hidden))
        else:
            step = 7.2 * hidden
        # Dropout between stacked layers keeps what it dropped from the one below's output.
        dropped = (2 * hidden if layer_type == "LSTM" else reads) if layer and dropout else 0
        values += steps * (directions * step + copies + dropped)
    return math.ceil(values * 4)  # float32


def _blocks(values: int) -> int:
    """`values` rounded up to whole blocks of 16, as oneDNN lays out an LSTM's workspace."""
    return -(-values // 16) * 16
