"""Request and response bodies of the API that are not already part of the core's models."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.schema import Design, DesignIssue, not_bool
from torchcanvas.export.many_limits import ManyLimits
from torchcanvas.store.run_labels import RunName
from torchcanvas.training.bounds import NumberBounds
from torchcanvas.training.catalog import (
    OPTIMIZERS_BY_NAME,
    AugmentationSpec,
    LossSpec,
    OptimizerSpec,
    SchedulerSpec,
)
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.limits import UploadLimitsInfo
from torchcanvas.training.data.plane import PlaneChoices
from torchcanvas.training.loss_fit import OutputTarget
from torchcanvas.training.lr_change import LIVE_RATE_RULE, LR_CHANGE_RULE
from torchcanvas.training.schedule_fit import ScheduleChoice, known
from torchcanvas.training.settings import MAX_BATCH_SIZE, MAX_LR, TrainingSettings


class Health(BaseModel):
    status: Literal["ok", "disk_low"] = Field(
        default="ok",
        description="`disk_low` while the data folder's disk has less free space than "
        "TORCHCANVAS_MIN_FREE_BYTES (new runs and uploads answer 507, running runs stop); "
        "else `ok`. The reply is 200 either way: reads still work.",
    )
    disk_low: bool = Field(default=False, description="Whether free_bytes is under min_free_bytes.")
    free_bytes: int = Field(default=0, description="Free space on the data folder's disk.")
    min_free_bytes: int = Field(
        default=0, description="The free space the server keeps (TORCHCANVAS_MIN_FREE_BYTES)."
    )
    worker_ready: bool = Field(
        default=False, description="Whether a training worker is warm: a run would start at once."
    )
    executor_problem: str | None = Field(
        default=None, description="Why no run can train now (no worker, no cluster); null if none."
    )
    executor: Literal["local", "ray"] = Field(
        default="local",
        description="Where runs train: `local` worker processes, or `ray` (TORCHCANVAS_EXECUTOR).",
    )
    cluster: str | None = Field(
        default=None,
        description="The Ray cluster's address the server joins (RAY_ADDRESS), `private` for a "
        "Ray instance of its own on loopback; null for local workers.",
    )
    workers_ready: int = Field(default=0, description="Warm workers, training or free.")
    workers_training: int = Field(default=0, description="Of those, the ones training a run.")
    executor_note: str | None = Field(
        default=None,
        description="What keeps runs waiting for now without stopping them: connecting to the "
        "Ray cluster (for how long), its workers starting, or workers that failed to start while "
        "others are ready; null if nothing.",
    )


class Catalog(BaseModel):
    """Everything the editor offers: layers, losses, optimizers and datasets."""

    layers: list[LayerSpec]
    losses: list[LossSpec]
    optimizers: list[OptimizerSpec]
    schedulers: list[SchedulerSpec]
    augmentations: list[AugmentationSpec] = Field(
        description="Random changes to training images, for datasets of (C, H, W) images."
    )
    datasets: list[DatasetInfo]
    dataset_options: PlaneChoices = Field(
        description="The noise, training share and features a 2-D set (one with `plane`) takes."
    )
    setting_bounds: dict[str, NumberBounds] = Field(
        description="The numbers each numeric training setting takes, as a run's check applies "
        "them; class_weight: each number of a loss's `weight` (one per class)."
    )
    upload_bounds: dict[str, NumberBounds] = Field(
        description="The numbers each numeric field of the upload form takes, as an upload's "
        "check applies them."
    )
    upload_limits: UploadLimitsInfo = Field(
        description="The sizes and counts an upload is refused past, for a browser that makes one."
    )
    classify_many_limits: ManyLimits = Field(
        description="What one set sent to a model at once (classify-many) may hold."
    )
    max_active_runs: int = Field(
        description="Runs one owner may have queued, running or paused at once "
        "(TORCHCANVAS_MAX_ACTIVE_RUNS); more get 429."
    )


# A request body refuses a field it does not take: a misspelt or made-up one (a share's
# "password", a run's "note") answers 422 naming the fields it takes, not a silent 201.
REQUEST = ConfigDict(extra="forbid")


class DesignRequest(BaseModel):
    model_config = REQUEST

    design: Design


class ValidateRequest(DesignRequest):
    """A design, and optionally how it will train, for the size estimate."""

    batch_size: Annotated[int, not_bool("a whole number, such as 64")] = Field(
        default=1, ge=1, le=MAX_BATCH_SIZE
    )
    optimizer: Annotated[str | None, known("optimizer", list(OPTIMIZERS_BY_NAME))] = Field(
        default=None, examples=["Adam"]
    )
    frozen: list[str] = Field(
        default_factory=list,
        max_length=1000,
        description="Layers that will not train (TrainingSettings.frozen): the estimate counts "
        "no gradients or optimizer state for them.",
    )
    target: OutputTarget | None = Field(
        default=None,
        description="The loss and the dataset's targets: the output is then checked against them.",
    )
    schedule: ScheduleChoice | None = Field(
        default=None,
        description="The run's schedule and optimizer settings: warnings then say what the "
        "schedule overrides.",
    )


def _named(name: str) -> str:
    """A run's name, which its page heads with and its line in the runs list links by."""
    if not name.strip():
        raise PydanticCustomError(
            "empty_name",
            "is empty: give the design a name, such as digits-cnn; it heads the run's page and "
            "names it in the runs list",
        )
    return name


class DesignToTrain(Design):
    """A design sent to train: its name heads the run's page and its list entry, and a share
    link shows it to others, so it must show as typed. Designs read back are plain Designs: one
    stored before this rule still opens."""

    name: Annotated[RunName, AfterValidator(_named)] = "untitled"


class ScriptRequest(BaseModel):
    """A design and its training settings, for the training script a run of them would give."""

    model_config = REQUEST

    design: DesignToTrain
    training: TrainingSettings


class RunRequest(BaseModel):
    model_config = REQUEST

    design: DesignToTrain
    training: TrainingSettings
    name: RunName | None = Field(
        default=None,
        description="The run's name, as PATCH /api/runs/{id} sets it; null shows the design's.",
        examples=["digits-cnn lr=3e-3"],
    )
    group: RunName | None = Field(
        default=None,
        description="A label the runs started together share, one run per value of a sweep: "
        "GET /api/runs?group= lists them. Blank: none.",
    )
    based_on: str | None = Field(
        default=None,
        pattern="^[0-9a-f]{16}$",
        examples=["3f2a9c1d5e6b7a80"],
        description="The earlier run, one of the caller's own, that this design was opened from "
        "(Run.based_on): the new run's page compares with it. One that is not the caller's "
        "(deleted, or another's) is left out, and a warning says so; the run still starts.",
    )


class RunCreated(BaseModel):
    id: str
    warnings: list[DesignIssue] = Field(
        default=[], description="Hints that did not stop the run, such as a missing LogSoftmax."
    )


class ContinueRequest(BaseModel):
    """How far a continued run goes: `epochs` more than it has completed, or by default its plan;
    and with which learning rate."""

    model_config = REQUEST

    epochs: int | None = Field(default=None, strict=True, ge=1, le=1000)  # not "5", as settings
    learning_rate: float | None = Field(
        default=None,
        strict=True,  # not "0.1", as the training settings' lr
        gt=0,
        le=MAX_LR,
        description="Train the continued epochs with this learning rate (drop it 10x when the "
        f"loss has flattened); none: the rate goes on as it was. {LR_CHANGE_RULE}",
    )
    as_new_run: bool = Field(
        default=False,
        strict=True,
        description="Train more as a new run: a copy of the run (its record, events and files; "
        "`based_on` names the run) goes on, and the run keeps its model, results and exports as "
        "they were. It counts to its owner's quotas as a new run does, the copy's files and "
        "events with it. The reply is the copy.",
    )


class RateRequest(BaseModel):
    """A new learning rate for a running or paused run."""

    model_config = REQUEST

    learning_rate: float = Field(
        strict=True,
        gt=0,
        le=MAX_LR,
        description=f"Train on with this learning rate. {LIVE_RATE_RULE}",
    )


class ErrorResponse(BaseModel):
    """A 4xx: what is wrong in one line, and each issue with its node and field."""

    detail: str
    errors: list[DesignIssue] = []
