"""Losses from torch.nn, the tasks each fits, and how a run feeds it its targets, as data."""

from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.design.layer_spec import ParamSpec, float_param

Task = Literal["classification", "regression"]
# What the loss compares the network's output with, on a classification dataset.
TargetForm = Literal["class_index", "one_hot"]
# What the loss expects the last layer to give.
OutputForm = Literal["logits", "log_probabilities", "probabilities", "values"]


class LossSpec(BaseModel):
    """A loss from torch.nn, the tasks it fits, and how the targets are fed to it."""

    name: str
    help: str
    tasks: list[Task]
    params: list[ParamSpec] = []
    targets: TargetForm = Field(
        description=(
            "On classification data: class indices (B,), or one-hot floats (B, classes). "
            "Regression targets are always the values themselves."
        )
    )
    output: OutputForm = Field(description="What the last layer should give.")
    binary_single_output: bool = Field(
        default=False,
        description="On two classes, one output is enough: the target is the class (0 or 1) as a float.",
    )
    class_weights: bool = Field(
        default=False,
        description="Takes `weight` in loss_params: one number per class, in the dataset's class order.",
    )


_ONE_HOT = (
    " On classes it compares with one-hot targets (or, with one output on two classes, 0 or 1)."
)

LOSSES: list[LossSpec] = [
    LossSpec(
        name="CrossEntropyLoss",
        tasks=["classification"],
        targets="class_index",
        output="logits",
        class_weights=True,
        help="For classes: the last layer gives one score (logit) per class.",
        params=[
            float_param(
                "label_smoothing",
                0.0,
                "Spreads this share of each target over the other classes.",
                max=0.99,
            )
        ],
    ),
    LossSpec(
        name="NLLLoss",
        tasks=["classification"],
        targets="class_index",
        output="log_probabilities",
        class_weights=True,
        help="Negative log-likelihood of the true class: end the network with LogSoftmax.",
    ),
    LossSpec(
        name="BCEWithLogitsLoss",
        tasks=["classification"],
        targets="one_hot",
        output="logits",
        binary_single_output=True,
        help="Binary cross-entropy on logits, one yes/no per class; one output is enough for two classes.",
    ),
    LossSpec(
        name="BCELoss",
        tasks=["classification"],
        targets="one_hot",
        output="probabilities",
        binary_single_output=True,
        help="Binary cross-entropy on probabilities: end with Sigmoid (BCEWithLogitsLoss is steadier).",
    ),
    LossSpec(
        name="MSELoss",
        tasks=["regression", "classification"],
        targets="one_hot",
        output="values",
        binary_single_output=True,
        help="Mean squared error." + _ONE_HOT,
    ),
    LossSpec(
        name="L1Loss",
        tasks=["regression", "classification"],
        targets="one_hot",
        output="values",
        binary_single_output=True,
        help="Mean absolute error; less sensitive to outliers than MSELoss." + _ONE_HOT,
    ),
    LossSpec(
        name="SmoothL1Loss",
        tasks=["regression", "classification"],
        targets="one_hot",
        output="values",
        binary_single_output=True,
        help="Squared error near zero, absolute error beyond beta." + _ONE_HOT,
        params=[
            float_param("beta", 1.0, "Where the loss turns from squared to absolute.", max=100.0)
        ],
    ),
    LossSpec(
        name="HuberLoss",
        tasks=["regression", "classification"],
        targets="one_hot",
        output="values",
        binary_single_output=True,
        help="Like SmoothL1Loss, scaled by delta: robust to outliers." + _ONE_HOT,
        params=[
            float_param(
                "delta", 1.0, "Where the loss turns from squared to absolute.", min=0.001, max=100.0
            )
        ],
    ),
    LossSpec(
        name="KLDivLoss",
        tasks=["classification"],
        targets="one_hot",
        output="log_probabilities",
        help=(
            "Kullback-Leibler divergence from the one-hot target distribution, per sample "
            "(reduction batchmean): end with LogSoftmax."
        ),
    ),
]

LOSSES_BY_NAME = {spec.name: spec for spec in LOSSES}
