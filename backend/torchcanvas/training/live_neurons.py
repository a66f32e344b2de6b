"""A 2-D run's neurons as it trains, as TensorFlow Playground shows them change: each vector
layer's first units over a coarse grid of the plane, carried by the live decision boundary's events
(training/live_boundary.py), so they come at the same epoch ends, paced and capped as its maps are.

Compact, as a run keeps up to about 200 of them: a 16×16 grid, the first MAX_UNITS units of
MAX_LAYERS vector layers after the input, the first ones and the last (the input's maps never
change; the model page draws them), each unit's values as bytes between its own min and max. An event's neurons are at
most 6 × 8 × 256 bytes, 16 KB of base64; a 2 → 32 → 32 → 2 Tanh MLP's are 34 maps, about 12 KB.
"""

import base64
import math

import torch
import torch.nn as nn
from pydantic import BaseModel, Field

from torchcanvas.design.build import Network, layer_outputs
from torchcanvas.design.graph import INPUT

NEURON_GRID = 16  # cells a side; the model page's maps (export/neurons.py) are 32
MAX_LAYERS = 6  # vector layers drawn after the input: the first 5 and the last, the rest named
MAX_UNITS = 8  # maps a layer: its first units, as TensorFlow Playground's widest layer
LEVELS = 255  # a byte's steps between a map's min and max
# Layers whose output is their input (in eval mode): a map of theirs repeats the one before.
PASSING = (nn.Flatten, nn.Unflatten, nn.Identity, nn.Dropout)


class LiveLayerNeurons(BaseModel):
    """One layer's first units over the grid, at an epoch's end."""

    id: str = Field(description="The layer's id.")
    type: str = Field(description="The layer's type, such as Linear.")
    units: int = Field(description="How many units the layer has; `maps` holds the first ones.")
    min: list[float] = Field(description="Each map's smallest value, its byte 0: one a map.")
    max: list[float] = Field(description="Each map's largest value, its byte 255: one a map.")
    maps: str = Field(
        description="Base64 of len(min) × size × size bytes: map after map, each row by row from "
        "y_min, each row from x_min; byte b stands for min + b × (max − min) / 255."
    )


class LiveNeurons(BaseModel):
    """The vector layers' units over a grid covering the boundary map's extent."""

    size: int = Field(description="Cells a side of every map.")
    layers: list[LiveLayerNeurons] = Field(description="In the order the data flows.")
    omitted: list[str] = Field(
        description="Ids of the vector layers not drawn: those between the first ones and the last."
    )


def live_neurons(model: nn.Module, grid: torch.Tensor) -> LiveNeurons | None:
    """The model's units on `grid` (G*G, F), the model in eval mode; None where the model is not
    a design's Network, or where a unit's values are not finite (a diverging run's)."""
    if not isinstance(model, Network):
        return None
    vectors: list[tuple[str, str, torch.Tensor]] = []  # (id, type, (G*G, units))
    for node, output in layer_outputs(model, grid):
        module = model.get_submodule(node) if node != INPUT else None
        if module is None or isinstance(module, PASSING) or output.dim() != 2:
            continue  # (G*G, units) only: a picture or sequence has no one unit a cell
        vectors.append((node, type(module).__name__, output))
    # Over the limit, the last layer is drawn in place of one before it: the output, where the
    # classes are decided, is the layer a learner watches most.
    cut = len(vectors) > MAX_LAYERS
    drawn = vectors[: MAX_LAYERS - 1] + vectors[-1:] if cut else vectors
    omitted = [node for node, _, _ in vectors[MAX_LAYERS - 1 : -1]] if cut else []
    layers: list[LiveLayerNeurons] = []
    for node, type_, output in drawn:
        layer = _layer(node, type_, output)
        if layer is None:
            return None
        layers.append(layer)
    return LiveNeurons(size=NEURON_GRID, layers=layers, omitted=omitted)


def _layer(node: str, type_: str, output: torch.Tensor) -> LiveLayerNeurons | None:
    """(G*G, units) -> the first MAX_UNITS units' maps as bytes, each between its own min and max."""
    units = output[:, :MAX_UNITS].float()  # (G*G, U)
    low, high = units.aminmax(dim=0)  # (U,), (U,)
    # Six significant digits are sent; the bytes are made against them, so they decode exactly.
    ends = [float(f"{v:.6g}") for v in torch.cat([low, high]).tolist()]
    if not all(math.isfinite(v) for v in ends):
        return None
    count = units.shape[1]
    low = torch.tensor(ends[:count], device=units.device)
    high = torch.tensor(ends[count:], device=units.device)
    span = high - low
    scale = torch.where(span > 0, LEVELS / span, torch.zeros_like(span))  # a flat unit: all 0
    steps = ((units - low) * scale).round().clamp(0, LEVELS)  # (G*G, U)
    data = steps.T.to(torch.uint8).cpu().numpy().tobytes()  # (U, G*G): map after map
    return LiveLayerNeurons(
        id=node,
        type=type_,
        units=output.shape[1],
        min=ends[:count],
        max=ends[count:],
        maps=base64.b64encode(data).decode("ascii"),
    )
