"""The events a training run emits: (downloading), started, progress frames and epochs, then end.

Besides: looks inside the network (training/insight.py) and, on 2-D data, the decision boundary
as it forms (training/live_boundary.py).

An epoch's event waits for the checkpoint that covers it (training/loop.py), so on short epochs
it may come after progress frames of the epochs after it.
"""

from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.training.epoch_weights import WeightsEvent
from torchcanvas.training.held_out import TestMetrics
from torchcanvas.training.insight import InsightEvent
from torchcanvas.training.insight_warnings import WarningEvent
from torchcanvas.training.live_boundary import BoundaryEvent

RunEnd = Literal["succeeded", "failed", "cancelled"]


class Metrics(BaseModel):
    """The latest numbers of a run."""

    epoch: int = 0
    step: int = 0
    train_loss: float | None = None
    val_loss: float | None = None
    val_accuracy: float | None = Field(default=None, description="0 to 1; null for regression.")
    guess_accuracy: float | None = Field(
        default=None,
        description="A classifier's validation accuracy were it always to answer the class its "
        "validation set holds most of, set as the run ends: what its accuracy is weighed "
        "against. Null for regression, and for runs that ended before it was kept.",
    )
    kept_epoch: int | None = Field(
        default=None,
        description="The epoch whose weights the run kept, when early stopping put back its "
        "epoch of lowest validation loss (restore_best_weights): the losses and accuracy here "
        "are then that epoch's, while `epoch` and `step` say how far it trained. Null: the "
        "weights are the last trained.",
    )
    test: TestMetrics | None = Field(
        default=None,
        description="The ended run's model on its held-out test set (training.test_fraction), "
        "measured once as it ended; null without one.",
    )


class DownloadingEvent(BaseModel):
    """The run's dataset is being downloaded into the data folder, once, before it starts."""

    type: Literal["downloading"] = "downloading"
    dataset: str
    title: str
    megabytes: int = Field(description="About how much is downloaded.")


class StartedEvent(BaseModel):
    """The run has its data and network and begins its first epoch."""

    type: Literal["started"] = "started"
    device: str
    epochs: int
    steps_per_epoch: int
    total_steps: int
    layers: list[str] = Field(
        description="The layers that have parameters and train, as in grad_norms."
    )
    frozen: list[str] = Field(
        default_factory=list,
        description="The frozen layers: they keep their weights, and have no gradient norms.",
    )
    first_epoch: int = Field(default=1, description="Above 1 when a run goes on from a checkpoint.")
    first_step: int = Field(default=0, description="Steps already done, from the checkpoint.")
    lr: float | None = Field(
        default=None,
        description="The new learning rate a Continue set from this start on (the optimizer's "
        "state kept, a schedule started over from it); null: the rate goes on as it was.",
    )
    worker: str | None = Field(
        default=None, description="Which worker trains it, and on which node of a cluster."
    )
    threads: int | None = Field(
        default=None,
        description="The CPU threads torch trains it with: its script uses as many, so that its "
        "sums are added in the same order and it prints the run's own losses.",
    )
    note: str | None = Field(
        default=None,
        description="Something to know about how it starts, such as a damaged "
        "checkpoint passed over.",
    )


class ProgressEvent(BaseModel):
    """One frame: the steps since the last frame, at most about 20 frames a second."""

    type: Literal["progress"] = "progress"
    epoch: int
    step: int = Field(description="Global step, from 1.")
    loss: float | None = Field(description="Mean training loss over this frame's steps.")
    losses: list[float | None] = Field(
        default_factory=list,
        description="Each step's training loss in this frame, in order; the last is `step`'s.",
    )
    grad_norms: dict[str, float | None] = Field(description="L2 norm of each layer's gradients.")
    elapsed: float
    eta: float
    samples_per_second: float = Field(
        description="Samples trained a second over about the last second, paused time left out."
    )
    lr: float | None = Field(default=None, description="Learning rate of the frame's last step.")
    lrs: list[float] | None = Field(
        default=None,
        description="Each step's learning rate in this frame, in order, where it changed within "
        "the frame (a schedule stepped per batch, a range test); null: every step's was `lr`.",
    )


class EpochEvent(BaseModel):
    """An epoch ended: its mean training loss and the validation results."""

    type: Literal["epoch"] = "epoch"
    epoch: int
    step: int
    train_loss: float | None
    val_loss: float | None
    val_accuracy: float | None
    elapsed: float
    train_accuracy: float | None = Field(
        default=None,
        description="A classifier's accuracy on the epoch's training batches, as each was "
        "trained on (in training mode: Dropout on, pictures augmented); null for regression "
        "and for runs from before it was kept.",
    )
    lr: float | None = Field(default=None, description="Learning rate of the epoch's last step.")


class EndEvent(BaseModel):
    """The run's last event: how it ended."""

    type: Literal["end"] = "end"
    status: RunEnd
    message: str | None = None
    metrics: Metrics
    interrupted: bool = Field(
        default=False, description="Ended by a dying worker or a stopping server, not by training."
    )
    diverged: bool = Field(
        default=False,
        description="The loss stopped being finite: going on with the same settings fails again.",
    )
    rate_not_set: float | None = Field(
        default=None,
        description="A new learning rate its owner asked (POST /rate) that the run ended before "
        "setting: no step trained with it. Continue with it to train on at it.",
    )


class PausedEvent(BaseModel):
    """The run is paused before `step + 1`; it waits for resume, step or stop. A Step trains one
    batch, then the run pauses again with a new one."""

    type: Literal["paused"] = "paused"
    epoch: int
    step: int


class ResumedEvent(BaseModel):
    """The paused run goes on with `step + 1`."""

    type: Literal["resumed"] = "resumed"
    epoch: int
    step: int


class RateEvent(BaseModel):
    """Its owner set a new learning rate as it trained or paused: the steps after `step` train
    with it (training/rates.py)."""

    type: Literal["rate"] = "rate"
    epoch: int
    step: int
    lr: float


class LrRangeEvent(BaseModel):
    """A range test's curve (training/lr_range.py), sent once at its end, before `end`."""

    type: Literal["lr_range"] = "lr_range"
    lrs: list[float] = Field(description="Each step's learning rate, rising exponentially.")
    losses: list[float] = Field(description="Each step's training loss.")
    smoothed: list[float] = Field(
        description="The losses' running average (weight 0.9, bias-corrected), as the test "
        "read them."
    )
    min_lr: float | None = Field(description="The rate at the smoothed loss's minimum.")
    suggested_lr: float | None = Field(
        description="min_lr / 10, no lower than the first rate; null with no finite loss, "
        "and for a test stopped before the loss turned up (or before 10 steps)."
    )
    suggested_by: str = "the rate at the smoothed loss's minimum, divided by 10"
    diverged: bool = Field(description="It stopped early: the smoothed loss passed 4x its minimum.")


TrainingEvent = (
    DownloadingEvent
    | StartedEvent
    | ProgressEvent
    | EpochEvent
    | EndEvent
    | PausedEvent
    | ResumedEvent
    | RateEvent
    | InsightEvent
    | WarningEvent
    | BoundaryEvent
    | LrRangeEvent
    | WeightsEvent
)
