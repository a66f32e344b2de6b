"""The training settings of a run, as a person picks them beside the design."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from torchcanvas.design.param_values import Params
from torchcanvas.training.bounds import NumberBounds, number_bounds
from torchcanvas.training.data.plane import DatasetOptions

# The largest batch a run takes; the editor's size estimate takes no more (it reads setting_bounds).
MAX_BATCH_SIZE = 65536
MAX_LR = 10.0  # the largest learning rate, here and in a Continue's new one (lr_change.py)
MAX_TEST_FRACTION = 0.5  # of the training part held out: as many samples at least still train


class RangeTest(BaseModel):
    """A learning-rate range test: the rate rises exponentially, step by step, instead of training."""

    model_config = ConfigDict(extra="forbid")

    start_lr: float = Field(
        strict=True, default=1e-7, gt=0, le=10, description="The first step's rate."
    )
    end_lr: float = Field(
        strict=True, default=10.0, gt=0, le=100, description="The last step's rate."
    )
    steps: int = Field(
        strict=True,
        default=100,
        ge=5,
        le=500,
        description="Steps at most; it stops early once the loss blows up.",
    )


class TrainingSettings(BaseModel):
    """What to train on and how: the names are PyTorch's own."""

    model_config = ConfigDict(extra="forbid")

    dataset: str = Field(max_length=200, examples=["digits"])
    dataset_options: DatasetOptions | None = Field(
        default=None,
        description="Noise, training share and input features of a 2-D set (spiral, moons, "
        "circles, xor, gaussian): those whose catalogue entry has `plane`; none: its defaults.",
    )
    loss: str = Field(examples=["CrossEntropyLoss"])
    optimizer: str = Field(examples=["Adam"])
    lr: float = Field(strict=True, gt=0, le=MAX_LR, description="Learning rate.")
    epochs: int = Field(strict=True, ge=1, le=1000)
    batch_size: int = Field(strict=True, ge=1, le=MAX_BATCH_SIZE)
    seed: int = Field(strict=True, default=0, ge=0, le=2**31 - 1)
    # Other keyword arguments of the loss and the optimizer, checked against the catalogue.
    loss_params: Params = Field(default_factory=dict)
    optimizer_params: Params = Field(default_factory=dict)
    # Random changes to training images (never validation ones), by name from the catalogue's
    # augmentations, each with its params ({} takes the defaults): image datasets only.
    augmentations: dict[str, Params] = Field(
        default_factory=dict,
        examples=[{"RandomHorizontalFlip": {}, "RandomCrop": {"padding": 4}}],
        description="Augmentations of the training batches, by name, each with its params.",
    )
    device: Literal["auto", "cpu", "cuda"] = "auto"
    # A learning-rate schedule from torch.optim.lr_scheduler, or none for a constant rate.
    scheduler: str | None = Field(default=None, examples=["OneCycleLR"])
    scheduler_params: Params = Field(default_factory=dict)
    clip_grad_norm: float | None = Field(
        strict=True,
        default=None,
        gt=0,
        le=1e6,
        description="Scale gradients down to this total L2 norm; none: no clipping.",
    )
    init_from: str | None = Field(
        default=None,
        max_length=64,
        examples=["3f2a9c1d5e6b7a80"],
        description="Start from the trained weights of this run, one of the caller's own: "
        "every tensor whose name and shape match is copied, the others start fresh (at least "
        "one must match); none: from freshly initialised weights.",
    )
    frozen: list[str] = Field(
        default_factory=list,
        max_length=1000,
        examples=[["conv1", "conv2"]],
        description="Layers, by id, whose parameters do not train (fine-tuning): left out of the "
        "optimizer and run in inference mode, so a frozen BatchNorm keeps its statistics.",
    )
    precision: Literal["fp32", "bf16", "fp16"] = Field(
        default="fp32",
        description="Mixed precision: bf16 autocast, or fp16 autocast with a gradient scaler "
        "(CUDA only); fp32: none.",
    )
    channels_last: bool = Field(
        strict=True,
        default=False,
        description="Channels-last memory format for a conv net's images.",
    )
    compile_model: bool = Field(
        strict=True,
        default=False,
        description="torch.compile the network before training (slower start).",
    )
    cudnn_benchmark: bool = Field(
        strict=True,
        default=False,
        description="Let cuDNN time and pick its fastest convolutions (CUDA).",
    )
    early_stopping_patience: int | None = Field(
        strict=True,
        default=None,
        ge=1,
        le=1000,
        description="Stop after this many epochs without a lower validation loss; none: never.",
    )
    restore_best_weights: bool = Field(
        strict=True,
        default=True,
        description="With early stopping on: a run that stops early or trains all its epochs "
        "ends with the weights of its epoch of lowest validation loss, not its last epoch's "
        "(Keras's restore_best_weights). A run stopped by its owner keeps where it stood, and "
        "Continue goes on from the last epoch trained. No effect without a patience.",
    )
    test_fraction: float = Field(
        strict=True,
        default=0.0,
        ge=0,
        le=MAX_TEST_FRACTION,
        description="Share of the training samples kept apart as a test set, split off as the "
        "validation set is (same seed, stratified by class): never trained on, nor used for "
        "early stopping, the best weights or the learning-rate finder; the model the run ends "
        "with is measured on it once. 0: no test set.",
    )
    range_test: RangeTest | None = Field(
        default=None,
        description="Find a learning rate instead of training: the run is a range test, "
        "and lr, epochs, the schedule and early stopping are not used.",
    )


# The most one class's weight in loss_params.weight may be (objectives.class_weight_issues).
MAX_CLASS_WEIGHT = 1_000_000


def setting_bounds() -> dict[str, NumberBounds]:
    """Each numeric setting's bounds, as TrainingSettings checks them, and one class's weight."""
    weight = NumberBounds(integer=False, min=0, min_exclusive=True, max=MAX_CLASS_WEIGHT)
    return {**number_bounds(TrainingSettings), "class_weight": weight}
