"""What a finished run got right and wrong on its validation set, saved beside its weights."""

import math

import torch
import torch.nn as nn
from pydantic import BaseModel, Field, ValidationError

from torchcanvas.training.class_chances import predicted_chance
from torchcanvas.training.damaged import DamagedRunFile
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.plane import Feature, plane_input
from torchcanvas.training.data.sequence_plot import SequencePlot, is_sequence, plot_sequence
from torchcanvas.training.held_out import TestMetrics
from torchcanvas.training.map_cells import (
    MAX_POINTS,
    boundary_extent,
    boundary_grid,
    boundary_points,
)
from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.pass_rows import EVAL_BATCH, forward_in_parts
from torchcanvas.training.run_folder import RESULTS, RunFolder

# Misclassified samples kept: as many as fit in this many values (75,000: 24 pictures of 3 × 32 × 32,
# 95 of 28 × 28, all a digits run gets wrong), never fewer than MIN_MISCLASSIFIED nor more than
# MAX_MISCLASSIFIED (a weak model on a large table of 2 columns would keep 37,500).
MISCLASSIFIED_VALUES = 75_000
MIN_MISCLASSIFIED = 24
MAX_MISCLASSIFIED = 500
GRID = 64  # cells per side of a decision-boundary map


class ClassResult(BaseModel):
    name: str
    count: int = Field(description="Validation samples of this class.")
    accuracy: float | None = Field(description="Share of them predicted right; null if none.")


class Misclassified(BaseModel):
    index: int = Field(description="Position in the validation set.")
    true: str
    predicted: str
    confidence: float | None = Field(description="The model's probability for its prediction.")
    sample: list[float] = Field(
        description="The sample's values as its dataset gave them (features not standardised), "
        "flattened (C*H*W for images); empty for a sequence, drawn from `sequence` instead."
    )
    # Null for samples that are no sequence, and in the results of runs from before it was kept.
    sequence: SequencePlot | None = Field(
        default=None, description="A sequence sample (C, L), bounded, for a line plot."
    )


class RegressionPoints(BaseModel):
    """Predicted against true values of the first output, in the target's own units, for a
    scatter plot."""

    true: list[float]
    predicted: list[float]
    # Null in the results of runs from before they were kept.
    mae: float | None = Field(
        default=None,
        description="Mean absolute error over the whole validation set (every output), in the "
        "target's own units.",
    )
    rmse: float | None = Field(default=None, description="Root mean square error, likewise.")
    average_rmse: float | None = Field(
        default=None,
        description="What always answering each output's average over the validation set is off "
        "by (root mean square, over every output, in the target's own units): the error that a "
        "model which learnt nothing from its inputs makes; null in results from before it was "
        "kept.",
    )
    target_scale: float | None = Field(
        default=None,
        description="What the target was divided by to train on (its standard deviation), which "
        "the loss is measured after; null: it trained as it is.",
    )


class DecisionBoundary(BaseModel):
    """The predicted class over a grid covering a 2-D dataset, with its validation points."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    size: int
    classes: list[int] = Field(description="size × size predicted classes, row by row from y_min.")
    points: list[list[float]] = Field(description="Validation points as [x, y, class].")
    features: list[Feature] | None = Field(
        default=None,
        description="What the model takes of each cell (x1, x2): a 2-D set's features "
        "(plane_input); null: the cell itself.",
    )


class RunResults(BaseModel):
    """The results of a run on its validation set."""

    task: str
    sample_shape: list[int]
    classes: list[str] | None
    confusion: list[list[int]] | None = Field(description="Rows: true class; columns: predicted.")
    per_class: list[ClassResult] | None
    misclassified: list[Misclassified]
    regression: RegressionPoints | None
    boundary: DecisionBoundary | None
    test: TestMetrics | None = Field(
        default=None,
        description="The same model on the run's held-out test set, measured once as it "
        "ended (training.test_fraction); null without one.",
    )
    test_confusion: list[list[int]] | None = Field(
        default=None,
        description="A classifier's confusion matrix on the held-out test set (rows: true "
        "class; columns: predicted), measured with `test`; null without one.",
    )


def commonest_share(results: RunResults) -> float | None:
    """The share of the validation set in its commonest class: the accuracy of always answering
    it. None for regression, or an empty validation set."""
    counts = [c.count for c in results.per_class or []]
    return max(counts) / sum(counts) if counts and sum(counts) else None


def _outputs(model: nn.Module, x: torch.Tensor, rows: int) -> torch.Tensor:
    """The model's outputs on x, `rows` samples at a time, in eval mode."""
    model.eval()
    return forward_in_parts(model, x, rows)


def _boundary(
    model: nn.Module,
    loss_fn: LossFunction,
    x: torch.Tensor,
    y: torch.Tensor,
    features: list[Feature] | None,
    rows: int,
) -> DecisionBoundary:
    """x (N, 2): the validation points, before any features."""
    low, high = boundary_extent(x)
    grid = boundary_grid(low, high, GRID, x.device)  # (G*G, 2)
    model_input = plane_input(grid, features)  # (G*G, F)
    predicted = loss_fn.predict(_outputs(model, model_input, rows)).view(-1).tolist()
    return DecisionBoundary(
        x_min=low[0],
        x_max=high[0],
        y_min=low[1],
        y_max=high[1],
        size=GRID,
        classes=[int(c) for c in predicted],
        points=boundary_points(x, y),
        features=features,
    )


def compute_results(
    model: nn.Module,
    loss_fn: LossFunction,
    info: DatasetInfo,
    x: torch.Tensor,
    y: torch.Tensor,
    output: torch.Tensor | None = None,
    points: torch.Tensor | None = None,
    rows: int = EVAL_BATCH,
) -> RunResults:
    """Confusion matrix, per-class accuracy and mistakes, or predicted against true values.

    `output` is the model's output on x where the caller has it; else it is computed here.
    `points` are a 2-D set's validation points (N, 2) before its features (info.plane), for
    its decision boundary; without them, x is mapped when its samples are 2 numbers. The model
    takes `rows` samples at a time (pass_rows.py).
    """
    output = _outputs(model, x, rows) if output is None else output
    results = RunResults(
        task=info.task,
        sample_shape=info.sample_shape,
        classes=info.classes,
        confusion=None,
        per_class=None,
        misclassified=[],
        regression=None,
        boundary=None,
    )
    if info.task != "classification":
        results.regression = _regression_points(info, y, output)
        return results
    names = info.classes or []
    predicted = loss_fn.predict(output).view(-1)
    pairs = y * len(names) + predicted  # (N,) index of each (true, predicted) cell
    confusion = torch.bincount(pairs, minlength=len(names) ** 2).view(len(names), len(names))
    results.confusion = confusion.tolist()
    totals = confusion.sum(dim=1).tolist()
    results.per_class = [
        ClassResult(
            name=name, count=total, accuracy=confusion[i, i].item() / total if total else None
        )
        for i, (name, total) in enumerate(zip(names, totals, strict=True))
    ]
    confidences = predicted_chance(output, loss_fn.spec, predicted)
    results.misclassified = _misclassified(info, x, y, predicted, confidences)
    if points is not None:
        features = info.plane.features if info.plane else None
        results.boundary = _boundary(model, loss_fn, points.to(x.device), y, features, rows)
    elif info.sample_shape == [2]:
        results.boundary = _boundary(model, loss_fn, x, y, None, rows)
    return results


def _regression_points(
    info: DatasetInfo, y: torch.Tensor, output: torch.Tensor
) -> RegressionPoints:
    """Predicted against true values, and the errors, in the target's own units."""
    scaling = info.standardisation
    # (N, *target) -> (N, T): the errors over every output, as the test set's are measured;
    # the scatter is of the first.
    true = y.reshape(len(y), -1).to(output.device, torch.float64)
    guessed = output.reshape(len(output), -1).to(torch.float64)
    if scaling is not None:  # in the target's own units, as the dataset gave it
        true, guessed = scaling.raw_target(true), scaling.raw_target(guessed)
    error = guessed - true
    about_average = true - true.mean(dim=0)
    return RegressionPoints(
        true=true[:MAX_POINTS, 0].tolist(),
        predicted=guessed[:MAX_POINTS, 0].tolist(),
        mae=error.abs().mean().item(),
        rmse=error.square().mean().sqrt().item(),
        average_rmse=about_average.square().mean().sqrt().item(),
        target_scale=scaling.target_std if scaling is not None else None,
    )


def _misclassified(
    info: DatasetInfo,
    x: torch.Tensor,
    y: torch.Tensor,
    predicted: torch.Tensor,
    confidences: torch.Tensor,
) -> list[Misclassified]:
    """Some mistakes of each kind, with their samples as the dataset gave them."""
    names = info.classes or []
    scaling = info.standardisation
    per_sample = max(1, math.prod(info.sample_shape))
    fit = MISCLASSIFIED_VALUES // per_sample
    wrong = _some_of_each(y, predicted, min(MAX_MISCLASSIFIED, max(MIN_MISCLASSIFIED, fit)))
    samples = x[wrong].flatten(1)  # (k, *sample_shape) -> (k, features)
    if scaling is not None and len(scaling.mean) == samples.shape[1]:
        samples = scaling.typed_features(samples)  # the values as the dataset gave them
    # A sequence's every value could be 10,000 steps: it goes as a bounded plot instead.
    sequences = is_sequence(info.sample_shape)
    return [
        Misclassified(
            index=i,
            true=names[int(y[i])],
            predicted=names[int(predicted[i])],
            confidence=float(confidences[i]),
            sample=[] if sequences else sample.tolist(),
            sequence=plot_sequence(sample.view(info.sample_shape).numpy()) if sequences else None,
        )
        for i, sample in zip(wrong, samples.cpu(), strict=True)
    ]


def _some_of_each(y: torch.Tensor, predicted: torch.Tensor, most: int) -> list[int]:
    """Up to `most` misclassified samples' indices, in order, taken one from each cell of the
    confusion matrix in turn: clicking any cell shows some of its samples, where the first 24
    mistakes of the set could all be one confusion."""
    wrong = (predicted != y).nonzero().view(-1)
    cells: dict[tuple[int, int], list[int]] = {}
    for i, true, guess in zip(
        wrong.tolist(), y[wrong].tolist(), predicted[wrong].tolist(), strict=True
    ):
        cells.setdefault((true, guess), []).append(i)
    queues = list(cells.values())
    picked: list[int] = []
    turn = 0
    while len(picked) < most and (queues := [q for q in queues if turn < len(q)]):
        picked.extend(q[turn] for q in queues[: most - len(picked)])
        turn += 1
    return sorted(picked)


def save_results(results: RunResults, folder: RunFolder) -> None:
    folder.write_text(RESULTS, results.model_dump_json())


def read_results(folder: RunFolder) -> RunResults | None:
    """The run's results, or None before it has any; DamagedRunFile when they cannot be read."""
    if not folder.has_results():
        return None
    try:
        return RunResults.model_validate_json(folder.results.read_bytes())
    except ValidationError as exc:  # cut short or overwritten: not JSON, or not results
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        said = f"{where}: {first['msg']}" if where else first["msg"]
        raise DamagedRunFile(folder.results, f"it cannot be read ({said})") from None
