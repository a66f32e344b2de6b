"""Predictions of a trained run for one sample, in the API process (tiny models, milliseconds)."""

import math
import time
from pathlib import Path
from typing import Annotated

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from torchcanvas.design.schema import Design, format_shape
from torchcanvas.export.trained import cached_trained
from torchcanvas.problems import Invalid
from torchcanvas.training.catalog import LOSSES_BY_NAME, LossSpec
from torchcanvas.training.class_chances import (
    class_probabilities,
    predicted_classes,
    reads_as_classes,
)
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.float32 import first_outside_float32, outside_float32
from torchcanvas.training.data.plane import FEATURE_LABELS, plane_input
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a field it does not take is named, not dropped

    input: list[Annotated[float, Field(strict=True)]] = Field(
        max_length=1_000_000,
        description="One sample, flattened in row-major order: as many numbers as its shape holds.",
    )

    @field_validator("input", mode="before")
    @classmethod
    def _flat(cls, value: object) -> object:
        """A sample sent in its own shape ([[...]] for a picture) was "not a valid number"."""
        if isinstance(value, list) and any(isinstance(item, list) for item in value):
            raise PydanticCustomError(
                "nested_input",
                "is one flat list of numbers, not nested lists: flatten the sample row by row "
                "(numpy's x.ravel().tolist(), or JavaScript's x.flat(Infinity))",
            )
        return value


class Prediction(BaseModel):
    """Class probabilities for a classifier, or the output values for a regression."""

    classes: list[str] | None
    probabilities: list[float] | None = Field(
        description="One per class: the model's own for each, as its loss taught it to give "
        "them (they sum to 1 for CrossEntropyLoss and log-probabilities; a one-vs-rest loss's "
        "need not)."
    )
    predicted: str | None = Field(
        default=None,
        description="The class the model answers, as its run's accuracy counts it (the highest "
        "output); null for a regression.",
    )
    values: list[float] | None = Field(description="The raw output, for a regression.")
    elapsed_ms: float


class BadInput(Invalid, ValueError):
    """A sample that does not fit the model, with what it should be."""


class BigOutput(Invalid):
    """A model whose output for one sample is more than one reply carries."""


# Values one reply carries: a regression's output as JSON numbers takes about 20 bytes each (1.3 MB
# here), where an output as big as the sample limit allows (32 M values) took gigabytes as a list.
MAX_VALUES = 65_536


def for_an_item(message: str) -> str:
    """A sample's problem as one item of a set says it: without the request's field that the
    predict routes' messages begin with ("input: the model…" as "The model…")."""
    words = message.removeprefix("input: ")
    return words[:1].upper() + words[1:]


FINITE = "input: every number must be finite (no NaN or infinity)."
OVERFLOWED = (
    "input: the model's output overflowed on these numbers: give values in the range "
    "of the dataset's samples."
)


def predict(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    sample: list[float],
    data_dir: Path | None = None,
) -> Prediction:
    """The model's output for one raw sample, standardised first as its dataset was."""
    start = time.perf_counter()
    info, x = model_input(folder, design, training, sample, data_dir)
    return model_answer(folder, design, info, LOSSES_BY_NAME[training.loss], x, start)


def model_input(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    sample: list[float],
    data_dir: Path | None = None,
) -> tuple[DatasetInfo | None, torch.Tensor]:
    """The run's dataset, and one raw sample checked and standardised as its samples were; for
    a 2-D set, a point (x1, x2) turned into the features the run trained on."""
    info = run_dataset(RunFolder(folder), training.dataset, data_dir)
    check_sample(design, sample, info)
    return info, scaled_sample(design, info, sample)


def sample_size(design: Design, info: DatasetInfo | None) -> int:
    """How many numbers one sample is given as: a 2-D set's point (x1, x2), whose features the
    model takes, else the model's input."""
    return 2 if info is not None and info.plane is not None else math.prod(design.input_shape)


def check_sample(design: Design, sample: list[float], info: DatasetInfo | None = None) -> None:
    """BadInput unless `sample` is as many numbers as the model takes (a point of a 2-D set's
    `info`), each finite and within float32's range, as an upload's must be."""
    expected = sample_size(design, info)
    if len(sample) != expected and info is not None and info.plane is not None:
        features = ", ".join(FEATURE_LABELS[f] for f in info.plane.features)
        raise BadInput(
            f"input: a model trained on `{info.name}` takes a point: 2 numbers, x1 and x2 (its "
            f"features, {features}, are computed from them), but got {len(sample)}."
        )
    if len(sample) != expected:
        raise BadInput(
            f"input: the model takes {expected} numbers, a sample of shape "
            f"{format_shape(design.input_shape)} flattened row by row, but got {len(sample)}."
        )
    found = first_outside_float32(np.asarray(sample, dtype=np.float64))
    if found is None:
        return
    if not math.isfinite(sample[found]):
        raise BadInput(FINITE)
    # Else it is made infinity in float32, and the model answers for a sample nobody sent.
    raise BadInput(
        outside_float32(
            "input: the sample",
            f"{sample[found]:.3g}",
            _position(found, info),
            "give numbers within it, such as values in the range of the dataset's samples",
        )
    )


def _position(index: int, info: DatasetInfo | None) -> str:
    """Where in a sample a value is: its feature's name where the dataset names it (a table's
    Try it shows one field a feature), else its place."""
    if info is not None and info.plane is not None:
        return f"as {('x1', 'x2')[index]}" if index < 2 else f"at position {index}"
    names = info.standardisation.features if info and info.standardisation else []
    if index < len(names):
        return f"as {names[index]} (position {index}, counting from 0)"
    return f"at position {index} (counting from 0)"


def scaled_sample(design: Design, info: DatasetInfo | None, sample: list[float]) -> torch.Tensor:
    """A checked raw sample as the model takes it: standardised as its dataset's samples were,
    or a 2-D set's point turned into its features: (features,)."""
    x = torch.tensor(sample, dtype=torch.float64)  # (features,), as typed
    if info is not None and info.plane is not None:
        return plane_input(x.float().view(1, 2), info.plane.features)[0]  # (2,) -> (1, 2) -> (F,)
    scaling = info.standardisation if info is not None else None
    if scaling is not None and len(scaling.mean) == math.prod(design.input_shape):
        return scaling.scaled_features(x)  # in float64, as training's were: 1e9 + 150 stays
    return x.float()


def model_answer(
    folder: Path,
    design: Design,
    info: DatasetInfo | None,
    loss: LossSpec,
    x: torch.Tensor,
    start: float,
) -> Prediction:
    """The trained model's answer for one sample `x`, scaled as its dataset's samples are; a
    classifier's as each class's probability, read as its `loss` taught it to give them."""
    model = cached_trained(folder, design)
    with torch.inference_mode():
        output = model(x.reshape(1, *design.input_shape)).reshape(-1)  # (1, ...) -> (outputs,)
    if output.numel() > MAX_VALUES:
        raise BigOutput(
            f"This model gives {output.numel():,} values for one sample, over the {MAX_VALUES:,} "
            "a prediction sends: download its weights or exports to run it on your machine."
        )
    if not bool(torch.isfinite(output).all()):
        raise BadInput(OVERFLOWED)
    classes = info.classes if info is not None and info.task == "classification" else None
    if classes is not None and reads_as_classes(output.numel(), len(classes)):
        row = output.view(1, -1)
        probabilities = class_probabilities(row, loss)[0].tolist()
        predicted = classes[int(predicted_classes(row, loss)[0])]
        return Prediction(
            classes=classes,
            probabilities=probabilities,
            predicted=predicted,
            values=None,
            elapsed_ms=_ms(start),
        )
    scaling = info.standardisation if info is not None else None
    if scaling is not None:  # a target scaled for training is given back in its own units
        output = scaling.raw_target(output)
    return Prediction(
        classes=None, probabilities=None, values=output.tolist(), elapsed_ms=_ms(start)
    )


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 3)
