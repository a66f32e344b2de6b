"""The held-out test set: a share of a run's training part that it never trains on, validates
on, stops early on or picks its weights by, and that the model it ends with meets once.

The rows are split off the training part by the rule that splits every dataset (data/split.py:
SPLIT_SEED, stratified by class when every class has enough samples), so they are the same in
every run of the dataset with the same test_fraction, in a Continue of the run, and in its
exported script. The validation part is left as it is.
"""

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
from pydantic import BaseModel, Field

from torchcanvas.design.schema import DesignIssue
from torchcanvas.training.catalog import Task
from torchcanvas.training.data import DatasetInfo, Split
from torchcanvas.training.data.split import reorder_in_place, split_indices
from torchcanvas.training.evaluation import evaluate
from torchcanvas.training.insight_warnings import WarningEvent
from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.settings import MAX_TEST_FRACTION, TrainingSettings

FIELD = "training.test_fraction"


class TestMetrics(BaseModel):
    """How the model a run ended with did on its held-out test set, measured once as it ended."""

    size: int = Field(description="Held-out samples: never trained on nor used to pick the model.")
    loss: float | None = Field(description="Mean loss on them; null if it was not finite.")
    accuracy: float | None = Field(default=None, description="0 to 1; null for regression.")
    mae: float | None = Field(
        default=None,
        description="Regression: mean absolute error, in the target's own units; else null.",
    )
    rmse: float | None = Field(default=None, description="Regression: root mean square error.")


@dataclass
class TestSet:
    """The held-out samples: x (N, *sample) on the CPU, y (N,) class indices or (N, *target)."""

    x: torch.Tensor
    y: torch.Tensor


def held_out_size(train_size: int, fraction: float) -> int:
    """How many of a training part's samples a test_fraction holds out (as the validation split
    counts its share: rounded up, at least one, never all)."""
    return min(train_size - 1, max(1, math.ceil(train_size * fraction)))


def trained_size(train_size: int, fraction: float) -> int:
    """How many samples a run trains on: the training part less the test set `fraction` holds
    out (none from a part too small to hold one out, which held_out_issues refuses)."""
    return train_size - held_out_size(train_size, fraction) if fraction > 0 else train_size


def held_out_issues(info: DatasetInfo, fraction: float) -> list[DesignIssue]:
    """Why a dataset is too small for this test set: a test set needs one sample at least, and a
    classification's needs as many as it has classes, with as many left to train on."""
    if fraction == 0:
        return []
    n = info.train_size
    classes = len(info.classes or []) if info.task == "classification" else 1
    held = held_out_size(n, fraction) if n >= 2 else 0
    least = _least_fraction(n, classes)  # a test sample for each class
    enough = least <= MAX_TEST_FRACTION and n - held_out_size(n, least) >= classes
    if n < 2 or n - held < classes or (held < classes and not enough):
        return [
            DesignIssue(
                field=FIELD,
                message=f"`{info.title}` has {n:,} training sample{'s' if n != 1 else ''}: too "
                f"few to keep a test set apart from them and still train on every class. Set "
                "test_fraction to 0, or use a bigger dataset.",
            )
        ]
    if held < classes:
        return [
            DesignIssue(
                field=FIELD,
                message=f"test_fraction {fraction:g} holds out {held:,} of the {n:,} training "
                f"samples of `{info.title}`, fewer than its {classes} classes: set it to at "
                f"least {least:g}, so that every class can be tested, or to 0 for no test set.",
            )
        ]
    return []


def _least_fraction(n: int, classes: int) -> float:
    """The smallest test_fraction, in thousandths, that holds out a sample for each class: the
    share rounds up, so any above (classes - 1) / n does (1.0 when none up to 1 does)."""
    if n == 0:
        return 1.0
    thousandths = math.floor(1000 * (classes - 1) / n)
    while thousandths <= 1000 and held_out_size(n, thousandths / 1000) < classes:
        thousandths += 1
    return min(thousandths, 1000) / 1000


def seen_by_its_start(
    training: TrainingSettings, start: TrainingSettings | None
) -> list[DesignIssue]:
    """A warning when the weights a run starts from (init_from's run, trained with `start`) were
    trained on rows of its test set: the same dataset, with another share held out or other
    dataset options (the same share of the same training part holds out the same rows)."""
    if training.test_fraction == 0 or start is None or start.dataset != training.dataset:
        return []
    same_rows = start.dataset_options == training.dataset_options  # they pick the training part
    if start.test_fraction == training.test_fraction and same_rows:
        return []
    return [
        DesignIssue(
            field=FIELD,
            message=f"The weights this run starts from were trained on {training.dataset} with "
            f"test_fraction {start.test_fraction:g}"
            f"{'' if same_rows else ' and other dataset options'}, so some of this run's test "
            "samples were trained on: its test numbers will read better than on unseen samples. "
            f"Use the same test_fraction as that run ({start.test_fraction:g}) and its dataset "
            "options to test on rows it never saw.",
        )
    ]


def hold_out(split: Split, task: Task, fraction: float) -> TestSet | None:
    """Takes the test rows out of split's training part (in place); None when fraction is 0,
    and the split is left exactly as it was.

    A training part the split owns (images' bytes made float32) has its rows reordered in place,
    training rows first, and both parts are views of it: x[train_rows] beside the whole part was
    twice its memory for a moment (a 60,000-picture set's 188 MB of float32, 170 MB more). The
    test part's view keeps that memory while the run holds it, where a run on a GPU freed all
    but the test rows' copy once the training part was on the device. A part that is a cached
    stored array (float32 as stored) is left as it is, and its parts are copies."""
    if fraction == 0:
        return None
    train, test = split_indices(split.y_train.numpy(), task, fraction)
    if split.own_x_train and split.x_train.is_contiguous():
        n_train = len(train)
        reorder_in_place(split.x_train.numpy(), np.concatenate([train, test]))
        order = torch.from_numpy(np.concatenate([train, test]))
        y = split.y_train[order]  # (N,) labels: a copy, small beside x
        held = TestSet(split.x_train[n_train:], y[n_train:])
        split.x_train, split.y_train = split.x_train[:n_train], y[:n_train]
        return held
    train_rows, test_rows = torch.from_numpy(train), torch.from_numpy(test)
    held = TestSet(split.x_train[test_rows], split.y_train[test_rows])
    split.x_train, split.y_train = split.x_train[train_rows], split.y_train[train_rows]
    return held


def class_gaps(classes: list[str], y_train: torch.Tensor, test: TestSet) -> list[WarningEvent]:
    """Warnings for classes the split left with no training sample (their only ones went to the
    test set, as a class of one sample can: the split is unstratified then), or with no test
    sample (the test accuracy says nothing of them)."""
    trained = torch.bincount(y_train, minlength=len(classes))
    tested = torch.bincount(test.y, minlength=len(classes))
    untrained = [name for name, n in zip(classes, trained.tolist(), strict=True) if n == 0]
    untested = [name for name, n in zip(classes, tested.tolist(), strict=True) if n == 0]
    warnings = []
    if untrained:
        warnings.append(
            WarningEvent(
                step=0,
                kind="untrained_class",
                layer="",
                message=f"{_named_classes(untrained)} no training sample once the test set is kept "
                "apart (the only ones went to the test set), so the model cannot learn "
                f"{'it' if len(untrained) == 1 else 'them'}: lower test_fraction, or add samples.",
            )
        )
    if untested:
        warnings.append(
            WarningEvent(
                step=0,
                kind="untested_class",
                layer="",
                message=f"{_named_classes(untested)} no sample in the test set, so its accuracy says "
                f"nothing of {'it' if len(untested) == 1 else 'them'}: raise test_fraction, or "
                "add samples.",
            )
        )
    return warnings


def _named_classes(names: list[str]) -> str:
    """'Class `a` has' or 'Classes `a`, `b` have', at most five named."""
    shown = ", ".join(f"`{name}`" for name in names[:5]) + (", …" if len(names) > 5 else "")
    return f"Class {shown} has" if len(names) == 1 else f"Classes {shown} have"


def evaluate_test(
    model: nn.Module,
    loss_fn: LossFunction,
    test: TestSet,
    info: DatasetInfo,
    device: torch.device,
    rows: int,
) -> tuple[TestMetrics, list[list[int]] | None]:
    """The model's loss and accuracy (or errors, in the target's units) on the test set, `rows`
    samples at a time, and a classifier's confusion matrix there (rows: true class; columns:
    predicted)."""
    classify = info.task == "classification"
    y = test.y.to(device)
    loss, accuracy, output = evaluate(model, loss_fn, test.x, y, classify, rows)
    metrics = TestMetrics(size=len(y), loss=loss if math.isfinite(loss) else None)
    if classify:
        metrics.accuracy = accuracy
        classes = len(info.classes or [])
        pairs = y * classes + loss_fn.predict(output)  # (N,): true * K + predicted
        confusion = torch.bincount(pairs, minlength=classes**2).view(classes, classes)
        return metrics, confusion.tolist()
    true = y.reshape(len(y), -1).to(torch.float64)  # (N, *target) -> (N, T)
    guessed = output.reshape(len(output), -1).to(torch.float64)
    scaling = info.standardisation
    if scaling is not None:  # in the target's own units, as the dataset gave it
        true, guessed = scaling.raw_target(true), scaling.raw_target(guessed)
    error = guessed - true
    mae, rmse = error.abs().mean().item(), error.square().mean().sqrt().item()
    metrics.mae = mae if math.isfinite(mae) else None
    metrics.rmse = rmse if math.isfinite(rmse) else None
    return metrics, None
