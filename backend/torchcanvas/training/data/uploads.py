"""Turns an uploaded CSV, NPZ or ZIP of images into a stored dataset with a fixed, seeded split."""

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from torchcanvas.hidden_text import without_hidden
from torchcanvas.training.catalog import Task
from torchcanvas.training.data.csv_columns import LeftOutColumn, looks_like_id
from torchcanvas.training.data.images import picture_words, read_image_zip
from torchcanvas.training.data.info import Standardisation, describe, upload_steps
from torchcanvas.training.data.label_names import check_labels
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
from torchcanvas.training.data.targets import check_every_class_trains, decide_task, one_hot
from torchcanvas.training.data.upload_options import UploadOptions

FORMATS: dict[str, UploadFormat] = {".csv": "csv", ".npz": "npz", ".zip": "zip"}
# The disk held for a write of this many bytes while it is made; it raises where there is none.
Room = Callable[[int], AbstractContextManager[None]]


def build_upload(
    path: Path,
    file_name: str,
    options: UploadOptions,
    folder: Path,
    limits: UploadLimits,
    upload_id: str,
    check_stored: Callable[[int], None] = lambda size: None,
    room: Room = lambda size: nullcontext(),
) -> DatasetRecord:
    """Parses the uploaded file in `folder`, then writes the dataset there and renames it to
    `upload_id` (which the caller has made with `new_upload_id` and given its owner).
    `check_stored` is given the bytes the dataset will take once stored, before it is written
    (an NPZ's before it is unpacked), and raises to refuse it (the owner's quota); `room` holds
    the disk for that many bytes while they are written, and raises where the disk has not
    that much room (the free space the server keeps)."""
    # The name as messages show it: the file's own name stays in its record, for the script to
    # find the file by, but "\u202egpj.csv" in a message reads as a .jpg.
    shown_name = without_hidden(file_name)
    kind = _format(file_name, shown_name, options)
    x, y, found = _read_file(path, kind, shown_name, options, limits, check_stored)
    if kind != "npz":
        # uint8 x as it is, a CSV's float64 x as the float32 it is stored as; y at most 8 bytes
        check_stored(x.size * min(x.itemsize, 4) + 8 * len(x))
    path.unlink()
    size, task = len(x), found.task
    split = split_in_place(x, y, task, options.val_fraction)  # views of x, reordered
    del x, y
    if task == "classification" and found.classes is not None:
        samples = "pictures" if kind == "zip" else "samples"
        check_every_class_trains(split.y_train, found.classes, samples)
    stats: Standardisation | None = None
    if found.features is not None:
        split, stats = standardise(split, found.features, scale_target=task == "regression")
        stats.target, stats.left_out = found.target, found.left_out
        stats.missing_rows = found.missing_rows
    help = _help(kind, options, size, found) + _column_notes(found)
    steps = upload_steps(len(split.x_train))
    title = options.title or shown_name or "upload"
    info = describe(
        upload_id, title, help, task, found.classes, split, "upload", stats, suggested=steps
    )
    record = DatasetRecord(
        **info.model_dump(),
        id=info.name,
        format=kind,
        file_name=file_name,
        created_at=now(),
        val_fraction=options.val_fraction,
        channels_last=found.turned is not None,
        one_hot=found.hot,
        channel_added=found.grey is not None,
        pictures_at_size=found.at_size,
    )
    meta = StoredMeta(record=record, columns=found.columns, sample_rows=found.sample_rows)
    stored = stored_bytes(split, meta)
    check_stored(stored)  # the estimate above, now to the byte
    # Claimed once the uploaded file is gone (above), which the arrays' bytes may then take.
    with room(stored):
        write_dataset(folder, split, meta)
    return record


def _format(file_name: str, shown_name: str, options: UploadOptions) -> UploadFormat:
    """The file's format, from its name; refused where it is none TorchCanvas reads, or where
    `drop` names columns (or `class_order` folders) of a file without any."""
    kind = FORMATS.get(Path(file_name).suffix.lower())
    if kind is None:
        raise UploadUnsupported(
            f"`{shown_name}` is not a file type TorchCanvas reads: upload a .csv, an .npz with "
            "arrays x and y, or a .zip of image folders."
        )
    if options.missing != "refuse" and kind != "csv":
        raise UploadError(
            f"missing=drop leaves out a CSV's rows with a missing value, but `{shown_name}` is no "
            "CSV: send missing with a CSV only."
        )
    if options.class_order and kind != "zip":
        raise UploadError(
            f"class_order numbers a ZIP's class folders, but `{shown_name}` is no ZIP: send "
            "class_order with a ZIP only."
        )
    if options.drop and kind != "csv":
        raise UploadError(
            f"drop names CSV columns to leave out, but `{shown_name}` is no CSV: send drop with a "
            "CSV only."
        )
    return kind


@dataclass
class _Found:
    """What reading an uploaded file found besides its samples and targets."""

    task: Task
    classes: list[str] | None
    features: list[str] | None = None  # a CSV's feature columns, to standardise
    target: str | None = None  # a CSV's target column, chosen or guessed
    left_out: list[LeftOutColumn] = field(default_factory=list)  # a CSV's columns that are neither
    missing_rows: int = 0  # a CSV's rows left out for a missing value (missing=drop)
    first_missing_line: int | None = None
    columns: list[str] | None = None  # a CSV's header and first rows, kept for its preview
    sample_rows: list[list[str]] | None = None
    turned: tuple[int, ...] | None = None  # an NPZ's (H, W, C) images, made (C, H, W)
    grey: tuple[int, ...] | None = None  # an NPZ's (H, W) images, made (1, H, W)
    hot: bool = False  # an NPZ's one-hot y, read as the class of each
    at_size: bool = False  # a ZIP's pictures, every one at the size it is stored at


def _read_file(
    path: Path,
    kind: UploadFormat,
    shown_name: str,
    options: UploadOptions,
    limits: UploadLimits,
    check_stored: Callable[[int], None],
) -> tuple[np.ndarray, np.ndarray, _Found]:
    """The file's samples x (N, *sample) and encoded targets y, and what else reading found."""
    if kind == "zip":
        if options.task == "regression":
            raise UploadError(
                "A ZIP of image folders is a classification dataset: choose task auto or classification."
            )
        x, y, classes, at_size = read_image_zip(
            path, shown_name, options.image_size, options.color, limits, options.class_order
        )
        check_labels(classes, "The ZIP", "Rename the class folder in the ZIP, and upload it again.")
        return x, y, _Found("classification", classes, at_size=at_size)
    found = _Found("classification", None)  # the targets say which, below
    raw_y: np.ndarray | TextLabels
    if kind == "csv":
        table = read_csv(path, options.target, options.drop, options.missing == "drop")
        x, raw_y, what = table.x, table.y, f"The target column `{table.target}`"
        found.features, found.target, found.left_out = table.features, table.target, table.left_out
        found.missing_rows, found.first_missing_line = table.missing_rows, table.first_missing_line
        found.columns, found.sample_rows = table.columns, table.sample_rows
        del table
    else:
        x, raw_y = read_npz(path, shown_name, limits, check_stored)
        what = "The NPZ array `y`"
        found.hot = options.task != "regression" and one_hot(raw_y)
        if channels_last(x.shape):
            found.turned = tuple(x.shape[1:])
            x = to_channels_first(x)
        elif one_channel(x.shape):
            found.grey = tuple(x.shape[1:])
            x = x[:, None]  # (N, H, W) -> (N, 1, H, W), a view
    y, found.task, found.classes = decide_task(raw_y, options.task, what, limits, kind == "csv")
    refuse_half_pairs(found.classes or [], what)  # else meta.json cannot be written: a 500
    check_labels(found.classes or [], what, "Mend the labels in your file, and upload it again.")
    return x, y, found


def _help(kind: UploadFormat, options: UploadOptions, size: int, found: _Found) -> str:
    classes = found.classes
    what = f"{len(classes)} classes" if classes else "regression"
    if kind == "csv" and classes:
        return (
            f"Uploaded CSV, {size:,} rows, target `{found.target}` ({what}); features standardised."
        )
    if kind == "csv":  # a loss on the scaled target, a HuberLoss's delta too, counts in its spreads
        return (
            f"Uploaded CSV, {size:,} rows, target `{found.target}` ({what}); features and target "
            "standardised: the loss counts in the target's standard deviations, and a run's "
            "errors are told in its own units."
        )
    if kind == "npz":
        notes = []
        if found.turned is not None:
            height, width, channels = found.turned
            notes.append(
                f"images ({height}, {width}, {channels}) turned channels first, "
                f"({channels}, {height}, {width}), as Conv2d takes them"
            )
        if found.grey is not None:
            height, width = found.grey
            notes.append(
                f"images ({height}, {width}) given their one channel, (1, {height}, {width}), "
                "as Conv2d takes them"
            )
        if found.hot:
            notes.append("y's one-hot rows read as the class of each, y.argmax(1)")
        return (
            f"Uploaded NPZ, {size:,} samples ({what})"
            + "".join(f"{': ' if i == 0 else '; '}{note}" for i, note in enumerate(notes))
            + "."
        )
    made = picture_words(options.color, options.image_size)
    return f"Uploaded images, {size:,} in {what}: {made}."


def _column_notes(found: _Found) -> str:
    """What the help adds of a CSV's columns and rows: those left out, and features that look
    like IDs."""
    notes = ""
    if found.left_out:
        notes += f" Left out: {', '.join(column.words() for column in found.left_out)}."
    if found.missing_rows:
        rows = f"{found.missing_rows:,} row{'s' if found.missing_rows != 1 else ''}"
        notes += (
            f" {rows} with a missing value left out (the first on line {found.first_missing_line})."
        )
    ids = [name for name in found.features or [] if looks_like_id(name)]
    if ids:  # read as a feature, an ID lets a model learn the rows by heart
        named = ", ".join(f"`{name}`" for name in ids[:3]) + (", …" if len(ids) > 3 else "")
        notes += (
            f" {named} {'looks' if len(ids) == 1 else 'look'} like an ID, read as a feature: "
            "upload again with it left out (drop) if it is one."
        )
    return notes
