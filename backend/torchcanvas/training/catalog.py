"""Losses, optimizers and learning-rate schedules that a run can use, as data beside the layers."""

from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.design.catalog import ParamSpec, bool_param, float_param, int_param

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


class OptimizerSpec(BaseModel):
    """An optimizer from torch.optim, with a learning rate that usually works."""

    name: str
    help: str
    default_lr: float
    params: list[ParamSpec] = []
    # Tensors of optimizer state per parameter tensor (Adam keeps two moments), for size estimates.
    state_per_parameter: int = 0


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


_WEIGHT_DECAY = "L2 penalty that pulls weights towards zero."
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

OPTIMIZERS: list[OptimizerSpec] = [
    OptimizerSpec(
        name="SGD",
        state_per_parameter=1,
        default_lr=0.05,
        help="Stochastic gradient descent, with momentum.",
        params=[
            float_param(
                "momentum", 0.9, "Share of the previous update carried into the next.", max=0.999
            ),
            bool_param(
                "nesterov",
                False,
                "Nesterov momentum: looks ahead before it steps (needs momentum).",
            ),
            float_param("weight_decay", 0.0, _WEIGHT_DECAY),
        ],
    ),
    OptimizerSpec(
        name="Adam",
        state_per_parameter=2,
        default_lr=0.001,
        help="Adaptive moments: a good default for most networks.",
        params=[float_param("weight_decay", 0.0, _WEIGHT_DECAY)],
    ),
    OptimizerSpec(
        name="AdamW",
        state_per_parameter=2,
        default_lr=0.001,
        help="Adam with decoupled weight decay.",
        params=[float_param("weight_decay", 0.01, _WEIGHT_DECAY)],
    ),
    OptimizerSpec(
        name="RMSprop",
        state_per_parameter=1,
        default_lr=0.001,
        help="Divides each step by a running average of squared gradients.",
        params=[
            float_param("alpha", 0.99, "Smoothing of the squared-gradient average.", max=0.9999),
            float_param(
                "momentum", 0.0, "Share of the previous update carried into the next.", max=0.999
            ),
            bool_param("centered", False, "Normalise by the gradient's variance instead."),
            float_param("weight_decay", 0.0, _WEIGHT_DECAY),
        ],
    ),
    OptimizerSpec(
        name="Adagrad",
        state_per_parameter=1,
        default_lr=0.01,
        help="Per-parameter steps that shrink as gradients add up.",
        params=[
            float_param("lr_decay", 0.0, "Learning-rate decay per step."),
            float_param("weight_decay", 0.0, _WEIGHT_DECAY),
        ],
    ),
]

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


class AugmentationSpec(BaseModel):
    """A random change to training images, named after torchvision's transform that makes it."""

    name: str
    title: str = Field(description="What the settings form calls it.")
    help: str
    params: list[ParamSpec] = []
    side_shares: dict[str, float] = Field(
        default={},
        description="Params the editor sets, when the augmentation is ticked, to this share of "
        "the images' shorter side (rounded, at least 1) instead of their default.",
    )


# Applied in this order, to training batches only: the run and its script draw them in it too.
AUGMENTATIONS: list[AugmentationSpec] = [
    AugmentationSpec(
        name="RandomHorizontalFlip",
        title="Random horizontal flip",
        help="Mirrors each training image left to right, with probability p: for photos, not "
        "for digits or letters, whose mirror image is another shape.",
        params=[float_param("p", 0.5, "Share of the images that are flipped.")],
    ),
    AugmentationSpec(
        name="RandomCrop",
        title="Random crop",
        help="Pads each training image with zeros, then cuts it back to size at a random place.",
        params=[
            int_param(
                "padding",
                4,
                "Zero pixels added on each side: an eighth of the images' side is usual (CIFAR-10's "
                "4 of 32), at most a quarter of it.",
                max=16,
            )
        ],
        side_shares={"padding": 1 / 8},
    ),
    AugmentationSpec(
        name="ColorJitter",
        title="Brightness and contrast",
        help="Scales each training image's brightness, then its contrast, by a random factor.",
        params=[
            float_param("brightness", 0.2, "Brightness factor drawn from 1 ± this.", max=0.9),
            float_param("contrast", 0.2, "Contrast factor drawn from 1 ± this.", max=0.9),
        ],
    ),
]

LOSSES_BY_NAME = {spec.name: spec for spec in LOSSES}
OPTIMIZERS_BY_NAME = {spec.name: spec for spec in OPTIMIZERS}
SCHEDULERS_BY_NAME = {spec.name: spec for spec in SCHEDULERS}
AUGMENTATIONS_BY_NAME = {spec.name: spec for spec in AUGMENTATIONS}


def optimizer_states(name: str | None) -> int:
    """Optimizer state tensors per parameter tensor, 0 for an unknown or missing name."""
    spec = OPTIMIZERS_BY_NAME.get(name or "")
    return spec.state_per_parameter if spec else 0
