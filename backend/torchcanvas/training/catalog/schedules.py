"""Learning-rate schedules from torch.optim.lr_scheduler, and when each steps, as data."""

from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.design.layer_spec import ParamSpec, bool_param, float_param, int_param


class SchedulerSpec(BaseModel):
    """A learning-rate schedule from torch.optim.lr_scheduler, and when it steps."""

    name: str
    help: str
    steps: Literal["batch", "epoch"] = Field(
        description="Stepped after every batch, or every epoch."
    )
    params: list[ParamSpec] = []
    spans_run: bool = Field(
        default=False,
        description="Planned over all the run's steps: a run stopped early ends part way along it.",
    )


SCHEDULERS: list[SchedulerSpec] = [
    SchedulerSpec(
        name="StepLR",
        steps="epoch",
        help="Multiplies the learning rate by gamma every step_size epochs.",
        params=[
            int_param("step_size", 5, "Epochs between two drops.", min=1, max=1000),
            float_param("gamma", 0.1, "Factor of each drop.", max=0.999),
        ],
    ),
    SchedulerSpec(
        name="CosineAnnealingLR",
        steps="batch",
        spans_run=True,
        help="Lowers the learning rate along a half cosine, to eta_min at the last step of the run.",
        params=[float_param("eta_min", 0.0, "The learning rate at the end.", max=10.0)],
    ),
    SchedulerSpec(
        name="OneCycleLR",
        steps="batch",
        spans_run=True,
        help="Warms up to the learning rate (the peak), then anneals far below it by the last step.",
        params=[
            float_param(
                "pct_start", 0.3, "Share of the steps spent warming up.", min=0.01, max=0.99
            ),
            float_param("div_factor", 25.0, "Starts at lr / div_factor.", min=1.0, max=1e4),
            float_param(
                "final_div_factor",
                1e4,
                "Ends at the start value / final_div_factor.",
                min=1.0,
                max=1e6,
            ),
            ParamSpec(
                name="anneal_strategy",
                kind="choice",
                default="cos",
                choices=["cos", "linear"],
                help="Shape of the warm-up and the annealing.",
            ),
            bool_param(
                "cycle_momentum",
                True,
                "Cycle momentum (or Adam's beta1) between 0.95 and 0.85 against the learning "
                "rate, in place of the optimizer's own; off keeps the optimizer's.",
            ),
        ],
    ),
    SchedulerSpec(
        name="ReduceLROnPlateau",
        steps="epoch",
        help="Multiplies the learning rate by factor when the validation loss stops improving.",
        params=[
            float_param("factor", 0.1, "Factor of each drop.", min=0.001, max=0.999),
            int_param("patience", 3, "Epochs without improvement before a drop.", min=0, max=1000),
            float_param("threshold", 1e-4, "Smallest relative improvement that counts."),
            float_param("min_lr", 0.0, "The learning rate never drops below this.", max=10.0),
        ],
    ),
]

SCHEDULERS_BY_NAME = {spec.name: spec for spec in SCHEDULERS}
