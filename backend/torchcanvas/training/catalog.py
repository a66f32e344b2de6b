"""Losses and optimizers that a run can use, as data beside the layer catalogue."""

from typing import Literal

from pydantic import BaseModel

from torchcanvas.design.catalog import ParamSpec

Task = Literal["classification", "regression"]


class LossSpec(BaseModel):
    """A loss from torch.nn, and the tasks it fits."""

    name: str
    help: str
    tasks: list[Task]
    params: list[ParamSpec] = []


class OptimizerSpec(BaseModel):
    """An optimizer from torch.optim, with a learning rate that usually works."""

    name: str
    help: str
    default_lr: float
    params: list[ParamSpec] = []


_WEIGHT_DECAY = "L2 penalty that pulls weights towards zero."

LOSSES: list[LossSpec] = [
    LossSpec(
        name="CrossEntropyLoss",
        tasks=["classification"],
        help="For classes: the last layer gives one score (logit) per class.",
        params=[
            ParamSpec(
                name="label_smoothing",
                kind="float",
                default=0.0,
                min=0.0,
                max=0.99,
                help="Spreads this share of each target over the other classes.",
            )
        ],
    ),
    LossSpec(
        name="MSELoss",
        tasks=["regression", "classification"],
        help="Mean squared error; for classes it compares with one-hot targets.",
    ),
    LossSpec(
        name="L1Loss",
        tasks=["regression", "classification"],
        help="Mean absolute error; less sensitive to outliers than MSELoss.",
    ),
]

OPTIMIZERS: list[OptimizerSpec] = [
    OptimizerSpec(
        name="SGD",
        default_lr=0.05,
        help="Stochastic gradient descent, with momentum.",
        params=[
            ParamSpec(
                name="momentum",
                kind="float",
                default=0.9,
                min=0.0,
                max=0.999,
                help="Share of the previous update carried into the next.",
            ),
            ParamSpec(
                name="nesterov",
                kind="bool",
                default=False,
                help="Nesterov momentum: looks ahead before it steps (needs momentum).",
            ),
            ParamSpec(
                name="weight_decay", kind="float", default=0.0, min=0.0, max=1.0, help=_WEIGHT_DECAY
            ),
        ],
    ),
    OptimizerSpec(
        name="Adam",
        default_lr=0.001,
        help="Adaptive moments: a good default for most networks.",
        params=[
            ParamSpec(
                name="weight_decay", kind="float", default=0.0, min=0.0, max=1.0, help=_WEIGHT_DECAY
            )
        ],
    ),
    OptimizerSpec(
        name="AdamW",
        default_lr=0.001,
        help="Adam with decoupled weight decay.",
        params=[
            ParamSpec(
                name="weight_decay",
                kind="float",
                default=0.01,
                min=0.0,
                max=1.0,
                help=_WEIGHT_DECAY,
            )
        ],
    ),
]

LOSSES_BY_NAME = {spec.name: spec for spec in LOSSES}
OPTIMIZERS_BY_NAME = {spec.name: spec for spec in OPTIMIZERS}
