"""Every neuron's picture over the plane of a 2-D model, as TensorFlow Playground draws them: each
layer whose output is a vector, one small map a unit, over the grid its decision boundary covers.

Bounded: one batched pass over GRID² = 1,024 points (the cost of predicting 1,024 samples), and
only for a model whose pass takes no more work and memory than one request may; at most
MAX_LAYERS layers of at most MAX_UNITS maps, each GRID² bytes (about 230 KB of base64 at most).
"""

import math
import time
from pathlib import Path

import torch
from pydantic import BaseModel, Field

from torchcanvas.design.build import layer_outputs
from torchcanvas.design.graph import INPUT
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design, format_shape
from torchcanvas.export.model_limits import check_batch_limits
from torchcanvas.export.quantised import Quantised, quantise
from torchcanvas.export.trained import cached_trained
from torchcanvas.problems import Invalid
from torchcanvas.training.data.plane import plane_input
from torchcanvas.training.live_boundary import LIVE_GRID
from torchcanvas.training.map_cells import boundary_grid
from torchcanvas.training.results import RunResults

GRID = LIVE_GRID  # cells a side, as the live decision boundary has
MAX_LAYERS = 10  # layers drawn: the first 9 and the output; the others are named in `omitted`
MAX_UNITS = 16  # maps a layer: its first units


class NotPlane(Invalid):
    """A model whose samples are not points of a plane, so its neurons have no map."""


class NeuronLimits(BaseModel):
    """What a reply holds at most."""

    size: int = Field(default=GRID, description="Cells a side of every map.")
    max_layers: int = Field(default=MAX_LAYERS, description="Layers drawn; the rest named.")
    max_units: int = Field(default=MAX_UNITS, description="Maps a layer: its first units.")


class LayerNeurons(BaseModel):
    """One layer's units over the plane (the first is the input, as the model takes it)."""

    id: str = Field(description="The layer's id; `input` for the model's input.")
    type: str = Field(description="The layer's type, such as Linear; `Input` for the input.")
    units: int = Field(description="How many units the layer has; `maps` holds the first ones.")
    maps: list[Quantised] = Field(
        description="One a unit, in order: a tile of size × size bytes, row by row from y_min, "
        "each row from x_min, scaled between that unit's own min and max."
    )


class NeuronMaps(BaseModel):
    """Each unit of each vector layer of a trained 2-D model, over a grid covering its data."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    layers: list[LayerNeurons] = Field(description="In the order the data flows.")
    omitted: list[str] = Field(
        description="Ids of the vector layers past `limits.max_layers` (less the output, which "
        "is drawn last), not drawn."
    )
    limits: NeuronLimits
    elapsed_ms: float


def neuron_maps(
    folder: Path, design: Design, results: RunResults, limits: DesignLimits
) -> NeuronMaps:
    """The trained model's units over the plane of its decision boundary, from one pass; NotPlane
    for a model of other samples, OverLimits where the pass costs more than a request may."""
    start = time.perf_counter()
    plane = results.boundary
    if plane is None:
        raise NotPlane(_not_plane(results))
    check_batch_limits(design, limits, GRID * GRID, "Neuron maps")
    model = cached_trained(folder, design)
    types = {layer.id: layer.type for layer in design.layers} | {INPUT: "Input"}
    low, high = [plane.x_min, plane.y_min], [plane.x_max, plane.y_max]
    # The model's input over the plane, made as the decision maps make theirs: (G*G, 2) cells,
    # as the features the model takes of them, (G*G, F).
    x = plane_input(boundary_grid(low, high, GRID, torch.device("cpu")), plane.features)
    vectors = [  # (G*G, units) only: a picture or sequence has no one unit a cell
        (node, output) for node, output in layer_outputs(model, x) if output.dim() == 2
    ]
    # Over the limit, the output is drawn in place of the layer before it, as on the run's page:
    # where the classes are decided is the layer a learner looks at most.
    cut = len(vectors) > MAX_LAYERS
    drawn = vectors[: MAX_LAYERS - 1] + vectors[-1:] if cut else vectors
    omitted = [node for node, _ in vectors[MAX_LAYERS - 1 : -1]] if cut else []
    layers = [_layer(node, types[node], output) for node, output in drawn]
    return NeuronMaps(
        x_min=plane.x_min,
        x_max=plane.x_max,
        y_min=plane.y_min,
        y_max=plane.y_max,
        layers=layers,
        omitted=omitted,
        limits=NeuronLimits(),
        elapsed_ms=round((time.perf_counter() - start) * 1000, 3),
    )


def _layer(node: str, type_: str, output: torch.Tensor) -> LayerNeurons:
    """(G*G, units) -> the first MAX_UNITS units' maps, each (G, G) with its own min and max."""
    maps = [quantise(unit.reshape(GRID, GRID)) for unit in output.T[:MAX_UNITS]]
    for unit, encoded in enumerate(maps):
        if not (math.isfinite(encoded.min) and math.isfinite(encoded.max)):
            raise NotPlane(
                f"Layer `{node}` gives NaN or infinity at unit {unit} over the plane: its "
                "weights do not give finite values; train the model again with a smaller lr."
            )
    return LayerNeurons(id=node, type=type_, units=output.shape[1], maps=maps)


def _not_plane(results: RunResults) -> str:
    what = "predicts values from" if results.task != "classification" else "classifies"
    return (
        f"This model {what} samples of shape {format_shape(results.sample_shape)}: neuron maps "
        "cover the plane of a classification of two inputs (spiral, moons, circles, xor, "
        "gaussian, or an upload of two features), the one its decision boundary is drawn over."
    )
