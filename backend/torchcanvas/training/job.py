"""A training job: everything a worker needs to train one run, typed from the server to the loop."""

from pathlib import Path

from pydantic import BaseModel, Field

from torchcanvas.design.schema import Design
from torchcanvas.training.lr_change import LrChange
from torchcanvas.training.settings import TrainingSettings


class TrainingJob(BaseModel):
    """One run to train: its design and settings, and where its files and the datasets are."""

    run_id: str = Field(default="", description="The run's id, for the worker's log.")
    design: Design
    training: TrainingSettings
    folder: Path = Field(description="The run's folder on the machine that trains it.")
    data_dir: Path | None = Field(default=None, description="Where uploaded datasets live.")
    resume: bool = Field(default=False, description="Go on from the folder's last checkpoint.")
    init_weights: bool = Field(
        default=False, description="Start from the folder's init weights, not fresh ones."
    )
    lr_changes: list[LrChange] = Field(
        default_factory=list,
        description="The new learning rates the run was given (Continues, and its owner as it "
        "trained), in order: the one at the step it goes on from is set there, those past it "
        "are set again at their steps, those before it its checkpoint holds; any later "
        "schedule restart starts from the latest.",
    )
    worker: str | None = Field(default=None, description="Which worker trains it, and where.")
    turn: str = Field(
        default="",
        description="Whose turn it takes in the queue (its owner's hash): owners' runs take turns.",
    )
