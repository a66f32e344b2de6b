"""What an upload's targets are: classes or numbers to predict, guessed unless chosen, and
encoded as a run trains on them (each class's index, or float targets); refused with the reason
and the fix where they cannot be either."""

import numpy as np

from torchcanvas.training.catalog import Task
from torchcanvas.training.data.limits import UploadError, UploadLimits, refuse_half_pairs
from torchcanvas.training.data.tables import TextLabels
from torchcanvas.training.data.upload_options import TaskChoice

GUESSED_CLASSES = 20  # whole numbers with at most this many values are guessed to be classes


def _class_name(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text_target(y: TextLabels, choice: TaskChoice, what: str, limits: UploadLimits) -> np.ndarray:
    """A CSV's text target, already encoded by its reader, checked as decide_task checks others."""
    if choice == "regression":
        raise UploadError(_text_regression(what, y.first()))
    _check_class_count(len(y.names), y.names[0], what, limits, text=True)
    return y.codes


def _text_regression(what: str, first: str) -> str:
    return (
        f"{what} holds text ('{first}'), so it cannot be a regression target: choose "
        "task classification, or a numeric target."
    )


def _check_class_count(
    count: int, only: str, what: str, limits: UploadLimits, text: bool = False
) -> None:
    if count < 2:
        raise UploadError(
            f"{what} has one value only ('{only}'): a classifier needs at least two classes."
        )
    if count > limits.max_classes:
        # Text cannot be a regression's target: names or ids in every row are no target at all.
        fix = (
            "a column of names or ids is no target: choose the column that holds the classes"
            if text
            else "choose task regression"
        )
        raise UploadError(
            f"{what} has {count:,} different values, too many classes (at most "
            f"{limits.max_classes:,}): {fix}."
        )


def check_every_class_trains(y_train: np.ndarray, classes: list[str], samples: str) -> None:
    """Every class needs a sample in the training part: a class whose only samples the split
    put in validation could never be learnt (0% on it, and nothing said)."""
    counts = np.bincount(y_train, minlength=len(classes))
    missing = [classes[i] for i, count in enumerate(counts) if count == 0]
    if missing:
        named = ", ".join(f"`{name}`" for name in missing[:5]) + (", …" if len(missing) > 5 else "")
        raise UploadError(
            f"No {samples[:-1]} of {named} is in the training part: the split put all of "
            f"{'its' if len(missing) == 1 else 'their'} {samples} in validation, so the model "
            f"could never learn {'it' if len(missing) == 1 else 'them'}. Add {samples} (a few "
            "dozen a class learn best), keep fewer for validation (val_fraction), or leave the "
            "class out."
        )


def one_hot(y: np.ndarray) -> bool:
    """Whether y is (N, classes) rows of 0 and 1 with exactly one 1 each: classes, one-hot."""
    if y.ndim != 2 or y.shape[1] < 2 or y.dtype.kind not in "biuf":
        return False
    return bool(np.isin(y, (0, 1)).all() and (y.sum(axis=1) == 1).all())


def decide_task(
    y: np.ndarray | TextLabels,
    choice: TaskChoice,
    what: str,
    limits: UploadLimits,
    standardised: bool = False,
) -> tuple[np.ndarray, Task, list[str] | None]:
    """Guesses classification or regression from the targets (unless chosen), and encodes them.
    One-hot rows are classes unless regression is chosen: y.argmax(1), the class of each.
    `standardised`: a regression target is kept in float64 until it is standardised (a CSV's)."""
    if isinstance(y, TextLabels):
        return _text_target(y, choice, what, limits), "classification", y.names
    return _numeric_task(y, choice, what, limits, standardised)


def _numeric_task(
    y: np.ndarray, choice: TaskChoice, what: str, limits: UploadLimits, standardised: bool
) -> tuple[np.ndarray, Task, list[str] | None]:
    """decide_task for an array of numbers or text (an NPZ's y, a CSV's number column)."""
    numeric = y.dtype.kind in "biuf"
    if choice != "regression" and one_hot(y):
        y, choice = y.argmax(axis=1), "classification"  # (N, classes) -> (N,)
    if choice != "auto":
        task: Task = choice
    elif not numeric:
        task = "classification"
    else:
        whole = y.ndim == 1 and bool(np.all(np.mod(y, 1) == 0))
        task = "classification" if whole and len(np.unique(y)) <= GUESSED_CLASSES else "regression"
    if task == "regression":
        if not numeric:
            raise UploadError(_text_regression(what, str(y.flat[0])))
        # Standardised later in float64, then float32: 1e9 + 150 as float32 is 1e9 + 128, and
        # a target of large values and a small spread lost most of it (a review: MAE 27 % high).
        y = y.astype(np.float64 if standardised else np.float32)
        return (y.reshape(-1, 1) if y.ndim == 1 else y), task, None
    if y.ndim != 1:
        raise UploadError(
            f"{what} has shape {list(y.shape)}: classification needs one label per sample (or "
            "a one-hot row of 0 and 1 each); choose task regression for several targets per sample."
        )
    values = np.unique(y)  # sorted; searchsorted then gives each label's index without the
    # several (N,) int64 arrays of np.unique(..., return_inverse=True)
    if y.dtype.kind == "U" and len(values) <= limits.max_classes:  # named before it is quoted
        refuse_half_pairs([str(v) for v in values], what)
    _check_class_count(len(values), _class_name(values[0].item()), what, limits)
    index = np.searchsorted(values, y).astype(np.int64, copy=False)
    return index, task, [_class_name(v.item()) for v in values]
