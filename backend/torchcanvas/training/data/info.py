"""What every dataset is: its catalogue entry, its tensors, and the fixed split that makes them."""

import math
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
import torch
from pydantic import AfterValidator, BaseModel, Field

from torchcanvas.hidden_text import without_hidden
from torchcanvas.problems import Conflict
from torchcanvas.training.catalog import Task
from torchcanvas.training.data.csv_columns import LeftOutColumn
from torchcanvas.training.data.plane import PlaneOptions

SPLIT_SEED = 0  # fixed, so every run on a dataset sees the same validation samples
VAL_FRACTION = 0.2

Source = Literal["builtin", "download", "upload"]


class Standardisation(BaseModel):
    """The statistics the features (and a regression target) were standardised with: x' = (x - mean) / std."""

    features: list[str] = Field(description="Feature names, in the order of the sample's values.")
    features_read_as: Literal["float64"] | None = Field(
        default=None,
        description="What the features were read as before they were standardised: float64 "
        "(float32 holds 1e9 + 150 as 1e9 + 128); None in uploads made before, read as float32.",
    )
    mean: list[float]
    std: list[float]
    target_mean: float | None = Field(
        default=None, description="Set when the target was scaled too."
    )
    target_std: float | None = None
    target: str | None = Field(
        default=None, description="The CSV column the target was read from (None in older uploads)."
    )
    left_out: list[LeftOutColumn] = Field(
        default_factory=list,
        description="The CSV's columns that are neither features nor the target, and why.",
    )
    missing_rows: int = Field(
        default=0,
        ge=0,
        description="The CSV's rows left out for a missing value (the upload's missing=drop).",
    )

    def scaled_features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, F) raw features (float64, as read) as the model takes them: standardised in
        float64, then float32, as the upload's were (1e9 + 150 as float32 is 1e9 + 128)."""
        std, mean = (
            torch.tensor(v, dtype=torch.float64, device=x.device) for v in (self.std, self.mean)
        )
        if self.features_read_as is None:  # an upload made before, whose model learnt so
            x = x.to(torch.float32)
        return ((x.to(torch.float64) - mean) / std).to(torch.float32)

    def raw_features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, F) standardised features back in the dataset's own units, as float64 (float32
        holds 1e9 + 150 only to within 64)."""
        std, mean = (
            torch.tensor(v, dtype=torch.float64, device=x.device) for v in (self.std, self.mean)
        )
        return x.to(torch.float64) * std + mean

    def typed_features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, F) standardised features (float32) back in the dataset's units as a person types
        them: each the value with the fewest decimals that standardises back to the same float32
        (12.47, not the 12.47000000695185 of the float32 scaled back; 1000000017, not the 1e9 a
        float32 holds), so Try it asks the model about the very sample it got wrong."""
        exact = self.raw_features(x)
        typed, found = exact.clone(), torch.zeros(x.shape, dtype=torch.bool, device=x.device)
        for decimals in range(-15, 18):  # coarsest first: 1e15 to 1e-17
            rounded = torch.round(exact, decimals=decimals)
            same = (self.scaled_features(rounded) == x.to(torch.float32)) & ~found
            typed[same], found = rounded[same], found | same
            if bool(found.all()):
                break
        return typed

    def raw_target(self, y: torch.Tensor) -> torch.Tensor:
        """A regression target, or a model's output for it, in the dataset's own units."""
        if self.target_mean is None or self.target_std is None:
            return y
        return y * self.target_std + self.target_mean


class Pictures(BaseModel):
    """How a picture becomes one of a dataset's image samples, for trying a model on one."""

    levels: int = Field(
        description="A sample's values are whole multiples of 1/levels from 0 to 1: 255 for "
        "images kept as bytes, 16 for the 8×8 digits (a picture's bytes are rounded to them)."
    )
    looks: str | None = Field(
        default=None,
        description="What the training images look like, where that is known: a picture "
        "like them is what the model can answer for.",
    )


BYTE_PICTURES = Pictures(levels=255)


class Suggested(BaseModel):
    """The epochs and batch size the editor starts a set with: for a built-in set, enough
    optimizer steps for its templates to learn it, and not so many that they overfit it; for an
    upload, enough steps for its size (`upload_steps`)."""

    epochs: int
    batch_size: int


# The editor's own epochs and batch size (frontend suggestedSteps.ts), and the optimizer steps an
# upload's suggestion reaches at least: the editor's hint under Train asks for as many.
EDITOR_EPOCHS, EDITOR_BATCH, ENOUGH_STEPS = 10, 64, 500
SMALL_SET = 10 * EDITOR_BATCH  # fewer training samples than this: batches of 32, not 64


def upload_steps(train_size: int) -> Suggested | None:
    """The suggestion for an uploaded set of `train_size` samples: enough epochs for ENOUGH_STEPS
    steps (150 training rows in 10 epochs of 64 are 30 steps, and stay near chance), in batches
    of 32 on a small set; None where the editor's own 10 of 64 already make as many."""
    batch = min(32, train_size) if train_size < SMALL_SET else EDITOR_BATCH
    batches = math.ceil(train_size / batch)
    epochs = max(EDITOR_EPOCHS, math.ceil(ENOUGH_STEPS / batches / 5) * 5)  # a multiple of 5
    if (epochs, batch) == (EDITOR_EPOCHS, EDITOR_BATCH):
        return None
    return Suggested(epochs=epochs, batch_size=batch)


def image_shape(shape: list[int] | tuple[int, ...]) -> tuple[int, int, int] | None:
    """(channels, height, width) of an image sample shaped (1, H, W), (3, H, W) or (H, W)."""
    if len(shape) == 3 and shape[0] in (1, 3):
        return shape[0], shape[1], shape[2]
    if len(shape) == 2:
        return 1, shape[0], shape[1]
    return None


class DatasetInfo(BaseModel):
    """What the editor needs to know about a dataset: its sample shape, task and classes."""

    name: str = Field(
        description="What a run's training.dataset names: a built-in name or an upload's id."
    )
    # Shown without hidden characters, read from an upload kept before they were left out too.
    title: Annotated[str, AfterValidator(without_hidden)]
    help: str
    task: Task
    sample_shape: list[int]
    target_shape: list[int]
    classes: list[str] | None
    train_size: int
    val_size: int
    source: Source = "builtin"
    available: bool = Field(
        default=True, description="False for a downloadable set that is not in the data folder yet."
    )
    standardisation: Standardisation | None = None
    pictures: Pictures | None = Field(
        default=None, description="Set when a picture can be made into one of its samples."
    )
    plane: PlaneOptions | None = Field(
        default=None,
        description="A 2-D set's noise, training share and features: in the catalogue its "
        "defaults, kept with a run the ones it trained on. Its samples are these features of "
        "each point (x1, x2).",
    )
    suggested: Suggested | None = Field(
        default=None,
        description="The epochs and batch size this set trains well with, which the editor "
        "takes when the set is picked (an upload's: enough optimizer steps for its size); None "
        "where the editor's own (10 of 64) are as good.",
    )


@dataclass
class Split:
    """A dataset as tensors: x is (N, *sample_shape); y is (N,) class indices or (N, *target_shape)."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    # A 2-D set's validation points (N, 2) before its features, for decision-boundary maps.
    points_val: torch.Tensor | None = None
    # x_train is this split's own memory (made by a conversion, as images' bytes to float32),
    # not a view of a cached stored array: its rows may be reordered in place (held_out.py).
    own_x_train: bool = False


@dataclass
class ArraySplit:
    """The same split as numpy arrays, as it is stored and before it becomes tensors."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray

    def tensors(self, task: Task) -> Split:
        y_type = torch.long if task == "classification" else torch.float32
        converted = self.x_train.dtype != np.float32  # a copy; float32 is shared by as_tensor
        return Split(
            pixels_or_values(self.x_train),
            torch.as_tensor(self.y_train, dtype=y_type),
            pixels_or_values(self.x_val),
            torch.as_tensor(self.y_val, dtype=y_type),
            own_x_train=converted,
        )


def pixels_or_values(x: np.ndarray) -> torch.Tensor:
    """uint8 arrays are images, kept small on disk and scaled to [0, 1] here."""
    if x.dtype == np.uint8:
        return torch.from_numpy(x.astype(np.float32)).div_(255.0)
    return torch.as_tensor(x, dtype=torch.float32)


def describe(
    name: str,
    title: str,
    help: str,
    task: Task,
    classes: list[str] | None,
    split: ArraySplit,
    source: Source = "builtin",
    standardisation: Standardisation | None = None,
    pictures: Pictures | None = None,
    suggested: Suggested | None = None,
) -> DatasetInfo:
    """The catalogue entry of a split; images kept as bytes take pictures unless told otherwise."""
    x = split.x_train
    if pictures is None and x.dtype == np.uint8 and image_shape(x.shape[1:]) is not None:
        pictures = BYTE_PICTURES
    return DatasetInfo(
        name=name,
        title=title,
        help=help,
        task=task,
        sample_shape=list(split.x_train.shape[1:]),
        target_shape=[] if task == "classification" else list(split.y_train.shape[1:]),
        classes=classes,
        train_size=len(split.x_train),
        val_size=len(split.x_val),
        source=source,
        standardisation=standardisation,
        pictures=pictures,
        suggested=suggested,
    )


class DatasetError(Conflict, ValueError):
    """A dataset that cannot be used, with a message that says why and what to do."""
