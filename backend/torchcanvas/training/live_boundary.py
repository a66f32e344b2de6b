"""The decision boundary while a 2-D classification run trains: the model's answer on a coarse
grid at epoch ends, as TensorFlow Playground shows it forming.

Paced so it costs little (bench/boundary_maps.py measures it): one map at most every
MAP_SECONDS of wall time, and after COST_SHARE times as long as the last one took; a long run
skips epochs so that it makes at most about MAX_MAPS. The run's first and last epochs always get
one, and so do the first EARLY_MAPS after the first, unpaced: a fast run's boundary often forms in
its first second, which two maps a second would pass over (and pacing by their cost skipped most
of them: maps at epochs 1, 4, 12 and 13 of a 30-epoch spiral).
Each map carries the network's neurons at that moment too (training/live_neurons.py).
"""

import base64
import math
import time
from typing import Literal

import torch
import torch.nn as nn
from pydantic import BaseModel, Field

from torchcanvas.training.class_chances import predicted_chance
from torchcanvas.training.data.plane import Feature, plane_input
from torchcanvas.training.live_neurons import NEURON_GRID, LiveNeurons, live_neurons
from torchcanvas.training.map_cells import boundary_extent, boundary_grid, boundary_points
from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.pass_rows import EVAL_BATCH, forward_in_parts

LIVE_GRID = 32  # cells per side; the finished run's map (results.GRID) is finer
MAP_SECONDS = 0.5  # at most two maps a second
COST_SHARE = 50  # the next map waits 50 times as long as the last took: 2 % of the run at most
# Maps a run makes at most, about: each is about 2.8 KB (without its points and neurons), so a
# run of 1000 epochs stores under 600 KB of them, and at most about 3.5 MB more of neurons.
MAX_MAPS = 200
EARLY_MAPS = 8  # maps after the first that nothing paces
MAX_CLASSES = 256  # a class index is one byte


class BoundaryEvent(BaseModel):
    """The predicted class and its probability over a grid covering a 2-D dataset, at an epoch's
    end. Its size is bounded: two strings of 4 × ceil(size² / 3) characters (1,368 at size 32),
    the neurons (at most 16 KB of base64 and 96 numbers) and, in a run's first map only, at most
    400 points (about 20 KB) and the class names."""

    type: Literal["boundary"] = "boundary"
    epoch: int
    step: int
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    size: int = Field(description="Cells per side.")
    classes: str = Field(
        description="Base64 of size × size bytes: each cell's predicted class, row by row from "
        "y_min, each row from x_min."
    )
    confidence: str = Field(
        description="Base64 of size × size bytes: the probability of each cell's class, "
        "0 to 255 for 0 to 1."
    )
    points: list[list[float]] | None = Field(
        default=None,
        description="Validation points as [x, y, class], as the finished run's map shows them: "
        "in the first map a training session sends, null in the next (they do not change).",
    )
    class_names: list[str] | None = Field(
        default=None,
        description="Each class's name, by its index in `classes`, for the map's key: with the "
        "points, in the first map a training session sends; null in the next, and in logs "
        "written before maps carried them.",
    )
    neurons: LiveNeurons | None = Field(
        default=None,
        description="The network's units over the plane at the same moment, as the model page's "
        "Neurons draws them, coarser; null where a unit's values are not finite, and in logs "
        "written before maps carried them.",
    )


def _bytes(values: torch.Tensor) -> str:
    """(N,) integers 0 to 255 -> base64 of N bytes."""
    return base64.b64encode(values.to(torch.uint8).cpu().numpy().tobytes()).decode("ascii")


class BoundaryMaps:
    """Says at which epoch ends a map is due, and makes it."""

    def __init__(
        self,
        x: torch.Tensor,
        y: torch.Tensor,
        class_names: list[str],
        epochs: int,
        features: list[Feature] | None = None,
        rows: int = EVAL_BATCH,
    ) -> None:
        """x (N, 2), y (N,): the validation points before any features, on the model's device;
        `features`: a 2-D set's (DatasetInfo.plane), which the model takes instead of x1, x2;
        `rows`: the samples the model takes at once (pass_rows.py)."""
        self.rows = rows
        self.low, self.high = boundary_extent(x)
        grid = boundary_grid(self.low, self.high, LIVE_GRID, x.device)  # (G*G, 2)
        self.grid = plane_input(grid, features)  # (G*G, F): what the model takes
        # The neurons' coarser grid over the same extent; None makes maps without them (the bench).
        # Each layer's outputs on every cell are kept at once: none where they would be more than
        # one pass may make (the maps are for small models).
        cells = boundary_grid(self.low, self.high, NEURON_GRID, x.device)  # (N*N, 2)
        neurons = plane_input(cells, features) if len(cells) <= rows else None  # (N*N, F)
        self.neuron_grid: torch.Tensor | None = neurons
        self.points: list[list[float]] | None = boundary_points(x, y)
        self.class_names: list[str] | None = class_names
        # Epochs between maps on a long run: MAX_MAPS less the first and the last, which always get one.
        self.every = math.ceil(epochs / (MAX_MAPS - 2))
        self.made = 0  # maps made so far
        self.made_at = -math.inf  # time.monotonic() of the last map
        self.cost = 0.0  # seconds the last map took
        self.spent = 0.0  # seconds all maps took, for the bench

    @classmethod
    def for_run(
        cls,
        x: torch.Tensor,
        y: torch.Tensor,
        class_names: list[str] | None,
        epochs: int,
        device: torch.device,
        features: list[Feature] | None = None,
        rows: int = EVAL_BATCH,
    ) -> "BoundaryMaps | None":
        """Maps for a classification run (of these classes) on 2-D points, on the model's device
        (x may be in host memory), the model taking `features` of them, `rows` at a time; None
        for any other run."""
        classes = len(class_names or [])
        if x.dim() != 2 or x.shape[1] != 2 or not 0 < classes <= MAX_CLASSES or len(x) == 0:
            return None
        return cls(x.to(device), y.to(device), class_names or [], epochs, features, rows)

    def due(self, epoch: int, last: bool) -> bool:
        """Whether this epoch's end gets a map: always the run's first and last and the EARLY_MAPS
        after the first, else when paced."""
        if last or epoch == 1:
            return True
        if epoch % self.every:
            return False
        early = self.made <= EARLY_MAPS
        return early or time.monotonic() - self.made_at >= max(MAP_SECONDS, COST_SHARE * self.cost)

    def make(self, model: nn.Module, loss_fn: LossFunction, epoch: int, step: int) -> BoundaryEvent:
        """The model's answer on the grid, in eval mode with no gradients; its mode is kept."""
        started = time.monotonic()
        training = model.training
        model.eval()
        output = forward_in_parts(model, self.grid, self.rows)  # (G*G, classes), or (G*G, 1)
        neurons = None if self.neuron_grid is None else live_neurons(model, self.neuron_grid)
        model.train(training)
        classes = loss_fn.predict(output).view(-1)  # (G*G,)
        sure = (predicted_chance(output, loss_fn.spec, classes) * 255).round()  # (G*G,) 0 to 255
        event = BoundaryEvent(
            epoch=epoch,
            step=step,
            x_min=self.low[0],
            x_max=self.high[0],
            y_min=self.low[1],
            y_max=self.high[1],
            size=LIVE_GRID,
            classes=_bytes(classes),
            confidence=_bytes(sure),
            points=self.points,
            class_names=self.class_names,
            neurons=neurons,
        )
        self.points = self.class_names = None  # the first map carries them
        self.made_at = time.monotonic()
        self.cost = self.made_at - started
        self.spent += self.cost
        self.made += 1
        return event
