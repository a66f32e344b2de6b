"""A trained model's answers for many samples at once (NVIDIA DIGITS' "Classify Many"): each
item's top classes or values, whether it matched the label it came with, and the set's scores."""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import torch
from pydantic import AfterValidator, BaseModel, Field

from torchcanvas.design.estimate import sample_work
from torchcanvas.design.schema import Design
from torchcanvas.design.walk import walk_design
from torchcanvas.export.many_limits import ManyLimits, check_work
from torchcanvas.export.predict import MAX_VALUES, OVERFLOWED, BigOutput, for_an_item
from torchcanvas.export.trained import cached_trained
from torchcanvas.hidden_text import without_hidden
from torchcanvas.training.catalog import LossSpec
from torchcanvas.training.class_chances import (
    class_probabilities,
    predicted_classes,
    reads_as_classes,
)
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.info import Standardisation

TOP = 3  # classes listed for each item
CHUNK_BYTES = 128 * 2**20  # layers' outputs one forward pass may hold: a chunk of small samples


@dataclass(frozen=True)
class ManySample:
    """One item of a set: the sample made exactly as Try it makes one, or why it could not be."""

    name: str
    x: torch.Tensor | None  # shaped as the model's input, scaled as its dataset's samples
    label: str | float | None = None  # the class name (or a regression's value) it came with
    problem: str | None = None  # why there is no sample


@dataclass(frozen=True)
class ManySet:
    """A set's items as samples, and the CSV column whose values named them, where one did."""

    samples: list[ManySample]
    id_column: str | None = None  # `passenger_id`; None for pictures and rows named by line


class ClassChance(BaseModel):
    name: str
    probability: float


class ManyItem(BaseModel):
    """The answer for one item, or why it has none."""

    # Shown without hidden characters, as an upload's file name is: "\u202egpj.exe" read as a .jpg.
    name: Annotated[str, AfterValidator(without_hidden)] = Field(
        description="The picture's file name, the ZIP member, or a CSV row's ID (the value of its "
        "ID column, such as `sample_id`, that the model does not take) else `line N`."
    )
    top: list[ClassChance] | None = Field(
        description="The most likely classes, most likely first (at most 3)."
    )
    values: list[float] | None = Field(description="The output, for a regression.")
    label: str | None = Field(description="The class the item came with, where it was given.")
    value: float | None = Field(description="The target value it came with, for a regression.")
    correct: bool | None = Field(
        description="Whether the top class is its label; null unlabelled, or where its label is "
        "not one of the model's classes (it cannot be right, and is not counted)."
    )
    problem: str | None = Field(description="Why the item has no answer; null when it has one.")


class ManyAnswer(BaseModel):
    """Every item's answer and, where labels came with them, how right the model was."""

    items: list[ManyItem]
    id_column: str | None = Field(
        description="The CSV column whose values name the items (`passenger_id`); null where "
        "they are pictures, ZIP members or rows named by line."
    )
    classes: list[str] | None = Field(description="The model's classes; null for a regression.")
    answered: int = Field(description="Items the model answered (the rest have a problem).")
    labelled: int = Field(
        description="Answered items that came with a label (one of the model's classes) or a value."
    )
    accuracy: float | None = Field(description="Right answers among the labelled items.")
    confusion: list[list[int]] | None = Field(
        description="Labelled items counted by [label][answer], in the classes' order."
    )
    unknown_labels: list[str] = Field(
        default_factory=list,
        description="Labels that came with answered items but are not one of the model's classes "
        "(a folder `triangle/` for a model of circles and squares): those items are left out of "
        "the accuracy and the confusion matrix.",
    )
    mae: float | None = Field(description="Mean absolute error, for a regression with values.")
    rmse: float | None = Field(description="Root mean squared error, likewise.")


def classify_many(
    folder: Path,
    design: Design,
    info: DatasetInfo | None,
    many: ManySet,
    limits: ManyLimits,
    loss: LossSpec,
) -> ManyAnswer:
    """The trained model's answers for every sample that could be made, a chunk at a time."""
    samples = many.samples
    work = sample_work(walk_design(design), design.input_shape)
    check_work(len(samples), work.macs + work.window_reads, limits)
    classes = info.classes if info is not None and info.task == "classification" else None
    scaling = info.standardisation if info is not None else None
    model = cached_trained(folder, design)
    ready = [s for s in samples if s.x is not None]
    chunk = max(1, min(256, CHUNK_BYTES // max(work.activation_bytes, 1)))
    outputs: dict[int, torch.Tensor] = {}
    with torch.inference_mode():
        for start in range(0, len(ready), chunk):
            batch = ready[start : start + chunk]
            x = torch.stack([s.x.reshape(design.input_shape) for s in batch if s.x is not None])
            out = model(x).reshape(len(batch), -1)  # (B, ...) -> (B, outputs)
            if out.shape[1] > MAX_VALUES:
                raise BigOutput(
                    f"This model gives {out.shape[1]:,} values for one sample, over the "
                    f"{MAX_VALUES:,} a prediction sends: download its weights or exports to run "
                    "it on your machine."
                )
            for sample, row in zip(batch, out, strict=True):
                outputs[id(sample)] = row
    first = outputs[id(ready[0])].numel() if ready else 0
    if classes is not None and ready and not reads_as_classes(first, len(classes)):
        classes = None  # outputs that are not its classes' answers: their values
    items = [_item(s, outputs.get(id(s)), classes, scaling, loss) for s in samples]
    return _scored(items, classes, many.id_column)


def _item(
    sample: ManySample,
    output: torch.Tensor | None,
    classes: list[str] | None,
    scaling: Standardisation | None,
    loss: LossSpec,
) -> ManyItem:
    label = sample.label if isinstance(sample.label, str) else None
    value = sample.label if isinstance(sample.label, float) else None
    empty = ManyItem(
        name=sample.name,
        top=None,
        values=None,
        label=label,
        value=value,
        correct=None,
        problem=None,
    )
    if output is None:
        return empty.model_copy(update={"problem": sample.problem})
    if not bool(torch.isfinite(output).all()):
        return empty.model_copy(update={"problem": for_an_item(OVERFLOWED)})
    if classes is not None:
        row = output.view(1, -1)
        probabilities = class_probabilities(row, loss)[0]
        # The class it answers first (as the run's accuracy counts it), then the likeliest others.
        answer = int(predicted_classes(row, loss)[0])
        others = torch.argsort(probabilities, descending=True, stable=True).tolist()
        best = [answer, *(c for c in others if c != answer)][:TOP]
        top = [ClassChance(name=classes[i], probability=float(probabilities[i])) for i in best]
        correct = None if label is None or label not in classes else top[0].name == label
        return empty.model_copy(update={"top": top, "correct": correct})
    if scaling is not None:  # a target scaled for training is given back in its own units
        output = scaling.raw_target(output)
    return empty.model_copy(update={"values": output.tolist()})


def _scored(items: list[ManyItem], classes: list[str] | None, id_column: str | None) -> ManyAnswer:
    answered = [i for i in items if i.problem is None]
    labelled = [i for i in answered if i.correct is not None]
    measured = [i for i in answered if i.value is not None and i.values and len(i.values) == 1]
    confusion = None
    if classes is not None:
        index = {name: k for k, name in enumerate(classes)}
        confusion = [[0] * len(classes) for _ in classes]
        for item in labelled:
            if item.label is not None and item.top:
                confusion[index[item.label]][index[item.top[0].name]] += 1
    errors = [abs(i.values[0] - i.value) for i in measured if i.values and i.value is not None]
    known = set(classes or [])
    unknown = {i.label for i in answered if i.label is not None and i.label not in known}
    return ManyAnswer(
        items=items,
        id_column=id_column,
        classes=classes,
        answered=len(answered),
        labelled=len(labelled) + len(measured),
        accuracy=sum(bool(i.correct) for i in labelled) / len(labelled) if labelled else None,
        confusion=confusion if labelled else None,
        unknown_labels=sorted(unknown) if classes is not None else [],
        mae=sum(errors) / len(errors) if errors else None,
        rmse=math.sqrt(sum(e * e for e in errors) / len(errors)) if errors else None,
    )
