"""A look inside a training network at one step, as the run page gets it: each layer's weight and
gradient histograms and update ratio, the share of each ReLU's dead units, a small MLP's weights.

insight_watch.py decides when to look and gathers what a look needs; insight_look.py reads one
look back from the device and into these.
"""

from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.training.live_weights import NetworkWeights

BINS = 24  # a histogram's bins


class Histogram(BaseModel):
    min: float
    max: float
    counts: list[int]


class LayerInsight(BaseModel):
    weights: Histogram
    grads: Histogram | None
    update_ratio: float | None = Field(
        description="‖ΔW‖ / ‖W‖ of this step; about 1e-3 is healthy."
    )


class InsightEvent(BaseModel):
    """A look inside the network at one step."""

    type: Literal["insight"] = "insight"
    epoch: int
    step: int
    layers: dict[str, LayerInsight]
    dead: dict[str, float] = Field(
        description="Share of each ReLU's units (features, or a feature map's channels) that "
        "gave 0 for every one of the dead_samples samples: they pass no gradient back."
    )
    dead_samples: int = Field(
        default=0,
        description="The samples `dead` is measured over: this step's batch, with the steps "
        "just before it where a batch is under 64 samples (fewer only at a run's last look).",
    )
    network: NetworkWeights | None = Field(
        default=None,
        description="A small MLP's weights after this step, for the drawing of the network, "
        "or why it is not drawn; null in logs written before looks carried them.",
    )
