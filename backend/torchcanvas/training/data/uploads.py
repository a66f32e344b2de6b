"""Turns an uploaded CSV, NPZ or ZIP of images into a stored dataset with a fixed, seeded split."""

from collections.abc import Callable
from pathlib import Path

import numpy as np

from torchcanvas.hidden_text import without_hidden
from torchcanvas.training.catalog import Task
from torchcanvas.training.data.csv_columns import LeftOutColumn, looks_like_id
from torchcanvas.training.data.images import picture_words, read_image_zip
from torchcanvas.training.data.info import Standardisation, describe, upload_steps
from torchcanvas.training.data.limits import (
    UploadError,
    UploadLimits,
    UploadUnsupported,
    refuse_half_pairs,
)
from torchcanvas.training.data.npz import (
    channels_last,
    one_channel,
    read_npz,
    to_channels_first,
)
from torchcanvas.training.data.split import split_in_place
from torchcanvas.training.data.standardise import standardise
from torchcanvas.training.data.storage import (
    DatasetRecord,
    StoredMeta,
    UploadFormat,
    now,
    stored_bytes,
    write_dataset,
)
from torchcanvas.training.data.tables import TextLabels, read_csv
from torchcanvas.training.data.upload_options import TaskChoice, UploadOptions

GUESSED_CLASSES = 20  # whole numbers with at most this many values are guessed to be classes
FORMATS: dict[str, UploadFormat] = {".csv": "csv", ".npz": "npz", ".zip": "zip"}


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


def _check_every_class_trains(y_train: np.ndarray, classes: list[str], samples: str) -> None:
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
            "dozen a class learn best), or leave the class out."
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


def build_upload(
    path: Path,
    file_name: str,
    options: UploadOptions,
    folder: Path,
    limits: UploadLimits,
    upload_id: str,
    check_stored: Callable[[int], None] = lambda size: None,
) -> DatasetRecord:
    """Parses the uploaded file in `folder`, then writes the dataset there and renames it to
    `upload_id` (which the caller has made with `new_upload_id` and given its owner).
    `check_stored` is given the bytes the dataset will take once stored, before it is written
    (an NPZ's before it is unpacked), and raises to refuse it (the owner's quota)."""
    kind = FORMATS.get(Path(file_name).suffix.lower())
    # The name as messages show it: the file's own name stays in its record, for the script to
    # find the file by, but "\u202egpj.csv" in a message reads as a .jpg.
    shown_name = without_hidden(file_name)
    if kind is None:
        raise UploadUnsupported(
            f"`{shown_name}` is not a file type TorchCanvas reads: upload a .csv, an .npz with "
            "arrays x and y, or a .zip of image folders."
        )
    if options.drop and kind != "csv":
        raise UploadError(
            f"drop names CSV columns to leave out, but `{shown_name}` is no CSV: send drop with a "
            "CSV only."
        )
    features: list[str] | None = None
    target: str | None = None  # a CSV's target column, chosen or guessed
    left_out: list[LeftOutColumn] = []  # a CSV's columns that are neither
    columns: list[str] | None = None
    sample_rows: list[list[str]] | None = None
    turned: tuple[int, ...] | None = None  # an NPZ's (H, W, C) images, made (C, H, W)
    grey: tuple[int, ...] | None = None  # an NPZ's (H, W) images, made (1, H, W)
    hot = False  # an NPZ's one-hot y, read as the class of each
    classes: list[str] | None
    task: Task
    raw_y: np.ndarray | TextLabels
    if kind == "zip":
        if options.task == "regression":
            raise UploadError(
                "A ZIP of image folders is a classification dataset: choose task auto or classification."
            )
        x, y, classes = read_image_zip(path, shown_name, options.image_size, options.color, limits)
        raw_y, task = y, "classification"
    else:
        if kind == "csv":
            table = read_csv(path, options.target, options.drop)
            target, left_out = table.target, table.left_out
            x, raw_y, what = table.x, table.y, f"The target column `{target}`"
            features, columns, sample_rows = table.features, table.columns, table.sample_rows
            del table
        else:
            x, raw_y = read_npz(path, shown_name, limits, check_stored)
            what = "The NPZ array `y`"
            hot = options.task != "regression" and one_hot(raw_y)
            if channels_last(x.shape):
                turned = tuple(x.shape[1:])
                x = to_channels_first(x)
            elif one_channel(x.shape):
                grey = tuple(x.shape[1:])
                x = x[:, None]  # (N, H, W) -> (N, 1, H, W), a view
        y, task, classes = decide_task(raw_y, options.task, what, limits, kind == "csv")
        refuse_half_pairs(classes or [], what)  # else meta.json cannot be written: a 500
    if kind != "npz":
        # uint8 x as it is, a CSV's float64 x as the float32 it is stored as; y at most 8 bytes
        check_stored(x.size * min(x.itemsize, 4) + 8 * len(x))
    del raw_y
    path.unlink()
    size = len(x)
    split = split_in_place(x, y, task, options.val_fraction)  # views of x, reordered
    del x, y
    if task == "classification" and classes is not None:
        _check_every_class_trains(
            split.y_train, classes, "pictures" if kind == "zip" else "samples"
        )
    stats: Standardisation | None = None
    if features is not None:
        split, stats = standardise(split, features, scale_target=task == "regression")
        stats.target, stats.left_out = target, left_out
    help = _help(kind, options, task, size, classes, target, turned, grey, hot)
    if left_out:
        help += f" Left out: {', '.join(column.words() for column in left_out)}."
    ids = [name for name in features or [] if looks_like_id(name)]
    if ids:  # read as a feature, an ID lets a model learn the rows by heart
        named = ", ".join(f"`{name}`" for name in ids[:3]) + (", …" if len(ids) > 3 else "")
        help += (
            f" {named} {'looks' if len(ids) == 1 else 'look'} like an ID, read as a feature: "
            "upload again with it left out (drop) if it is one."
        )
    steps = upload_steps(len(split.x_train))
    title = options.title or shown_name or "upload"
    info = describe(upload_id, title, help, task, classes, split, "upload", stats, suggested=steps)
    record = DatasetRecord(
        **info.model_dump(),
        id=info.name,
        format=kind,
        file_name=file_name,
        created_at=now(),
        val_fraction=options.val_fraction,
        channels_last=turned is not None,
        one_hot=hot,
        channel_added=grey is not None,
    )
    meta = StoredMeta(record=record, columns=columns, sample_rows=sample_rows)
    check_stored(stored_bytes(split, meta))  # the estimate above, now to the byte
    write_dataset(folder, split, meta)
    return record


def _help(
    kind: UploadFormat,
    options: UploadOptions,
    task: Task,
    size: int,
    classes: list[str] | None,
    target: str | None,
    turned: tuple[int, ...] | None,
    grey: tuple[int, ...] | None,
    hot: bool,
) -> str:
    what = f"{len(classes)} classes" if classes else "regression"
    if kind == "csv":
        return f"Uploaded CSV, {size:,} rows, target `{target}` ({what}); features standardised."
    if kind == "npz":
        notes = []
        if turned is not None:
            height, width, channels = turned
            notes.append(
                f"images ({height}, {width}, {channels}) turned channels first, "
                f"({channels}, {height}, {width}), as Conv2d takes them"
            )
        if grey is not None:
            height, width = grey
            notes.append(
                f"images ({height}, {width}) given their one channel, (1, {height}, {width}), "
                "as Conv2d takes them"
            )
        if hot:
            notes.append("y's one-hot rows read as the class of each, y.argmax(1)")
        return (
            f"Uploaded NPZ, {size:,} samples ({what})"
            + "".join(f"{': ' if i == 0 else '; '}{note}" for i, note in enumerate(notes))
            + "."
        )
    made = picture_words(options.color, options.image_size)
    return f"Uploaded images, {size:,} in {what}: {made}."
