"""A small MLP's weights at epoch ends, for the run page's weights drawing and its epoch slider:
the insight looks carry them too, but at most once a second, so a run of 0.3 s (moons 2→8→2 for
30 epochs) had two looks to replay. These come at every epoch's end of a run of up to MAX_SNAPSHOTS
epochs; a longer run sends one every `every` epochs (at most about MAX_SNAPSHOTS), and always its
first and last epochs.

Cheap: only a network small enough to draw (live_weights.WeightsDrawing) sends them, one read back
of at most 936 numbers at an epoch's end, where the epoch's loss is read back anyway; a network too
big or not an MLP sends none and reads nothing. At most about 100 × 8 KB of JSON a run.
"""

import math
from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.training.live_weights import NetworkWeights, WeightsDrawing

MAX_SNAPSHOTS = 100  # as the page keeps at most (weightHistory.ts MAX_WEIGHT_LOOKS)


class WeightsEvent(BaseModel):
    """A small MLP's weights at an epoch's end, as the insight looks carry them."""

    type: Literal["weights"] = "weights"
    epoch: int
    step: int
    network: NetworkWeights = Field(
        description="The drawn Linear layers' weights (never `not_drawn`: a network not drawn "
        "sends no such event)."
    )


class EpochWeights:
    """Says at which epoch ends the weights are sent, and reads them."""

    def __init__(self, drawing: WeightsDrawing, epochs: int) -> None:
        self.drawing = drawing
        # Epochs between snapshots on a long run: MAX_SNAPSHOTS of them, and the first epoch's.
        self.every = math.ceil(epochs / MAX_SNAPSHOTS)

    @classmethod
    def for_run(cls, drawing: WeightsDrawing, epochs: int) -> "EpochWeights | None":
        """Snapshots for a network the page draws; None (nothing sent, nothing read) for any other."""
        return cls(drawing, epochs) if drawing.reason is None else None

    def due(self, epoch: int, last: bool) -> bool:
        """Whether this epoch's end sends the weights: the first, the last, every `every`."""
        return last or epoch == 1 or epoch % self.every == 0

    def make(self, epoch: int, step: int) -> WeightsEvent | None:
        """The weights now; None where one is not finite (the look says so)."""
        device = self.drawing.linears[0][1].weight.device
        network = self.drawing.read(self.drawing.flat(device).tolist())
        if network.not_drawn is not None:
            return None
        return WeightsEvent(epoch=epoch, step=step, network=network)
