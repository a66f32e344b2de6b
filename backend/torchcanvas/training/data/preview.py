"""A look at a dataset before training: sample rows, images or sequences, class counts and shapes."""

import base64
import io
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from pydantic import BaseModel, Field

from torchcanvas.problems import Conflict
from torchcanvas.training.catalog import Task
from torchcanvas.training.data.info import ArraySplit, DatasetInfo
from torchcanvas.training.data.plane import FEATURE_LABELS, DatasetOptions, plane_input
from torchcanvas.training.data.plane_sets import PLANE_SETS
from torchcanvas.training.data.registry import array_split
from torchcanvas.training.data.sequence_plot import SequencePlot, is_sequence, plot_sequence
from torchcanvas.training.data.split import split_indices
from torchcanvas.training.data.storage import read_meta

SAMPLES = 12
THUMBNAIL = 48  # pixels on a side; small images are scaled up, without smoothing


class ClassCount(BaseModel):
    name: str
    train: int
    val: int


class SampleImage(BaseModel):
    label: str
    png: str = Field(description="The image as a data: URL of a PNG.")


class SampleSequence(SequencePlot):
    label: str


class DatasetPreview(BaseModel):
    """What the settings panel shows of a dataset."""

    info: DatasetInfo
    x_shape: list[int] = Field(description="The training samples' array shape, (N, *sample_shape).")
    y_shape: list[int]
    class_counts: list[ClassCount] | None
    columns: list[str] | None = Field(description="The header of the sample rows.")
    rows: list[list[str]] | None = Field(
        description="Sample rows, as written (for an upload) or as values."
    )
    images: list[SampleImage] | None
    points: list[list[float]] | None = Field(
        default=None,
        description="A 2-D set's points as [x1, x2, class, part], part 0 for training, 1 for "
        "validation and 2 for the test rows a run with the test_fraction asked for holds out of "
        "the training part (training, validation, then test points), for a scatter plot.",
    )
    sequences: list[SampleSequence] | None = Field(
        default=None,
        description="Sequence samples (C, L), a few of each class, for line plots; the sample "
        "rows are then left out (a 10,000-step sample is 10,000 columns).",
    )


class NoOptions(Conflict):
    """Dataset options for a dataset that takes none (a conflict with what it is, as an
    upload that cannot be used is)."""


def _label(info: DatasetInfo, y: np.ndarray) -> str:
    if info.classes is not None:
        return info.classes[int(y)]
    return ", ".join(f"{v:.3g}" for v in np.ravel(y))  # a (2, 2) target as its 4 values


def _png(image: np.ndarray) -> str:
    """A (C, H, W) sample as a PNG data URL, stretched to its own range when it is not bytes."""
    if image.dtype != np.uint8:
        low, high = float(image.min()), float(image.max())
        image = ((image - low) / (high - low or 1.0) * 255).astype(np.uint8)
    pixels = image[0] if image.shape[0] == 1 else image.transpose(1, 2, 0)  # (C, H, W) -> (H, W, C)
    picture = Image.fromarray(np.ascontiguousarray(pixels))
    scale = max(1, THUMBNAIL // max(picture.size))
    picture = picture.resize(
        (picture.width * scale, picture.height * scale), Image.Resampling.NEAREST
    )
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


# Rows of an upload's targets read at a time: its arrays are memory-mapped (storage.map_arrays),
# and a preview reads a few rows, not the whole (a 1 GiB upload of tiny samples holds 700 MB of
# int64 targets, which np.unique copied whole).
CHUNK_ROWS = 2**20


def _first_rows(y: np.ndarray, classes: int) -> dict[int, int]:
    """The first row of each class, a chunk of rows at a time, until every class has been seen."""
    firsts: dict[int, int] = {}
    for start in range(0, len(y), CHUNK_ROWS):
        values, rows = np.unique(y[start : start + CHUNK_ROWS], return_index=True)
        for value, row in zip(values.tolist(), rows.tolist(), strict=True):
            firsts.setdefault(value, start + row)
        if len(firsts) >= classes:
            break
    return firsts


def _spread(y: np.ndarray, classes: int | None) -> list[int]:
    """Sample indices that show every class (of `classes`, None: no classes) early on, in a
    fixed order."""
    if classes is None:
        return list(range(min(SAMPLES, len(y))))
    found = _first_rows(y, classes)
    firsts = [found[c] for c in sorted(found)][:SAMPLES]  # class by class
    taken = set(firsts)  # the rest: the first rows that are not, not a pass over all rows
    rest = [i for i in range(min(len(y), 2 * SAMPLES)) if i not in taken][: SAMPLES - len(firsts)]
    return sorted(firsts + rest)


def _by_class(y: np.ndarray, classified: bool) -> list[int]:
    """Up to SAMPLES sample indices, as many of each class as fit evenly, class by class."""
    if not classified:
        return list(range(min(SAMPLES, len(y))))
    classes = np.unique(y)[:SAMPLES]
    each = max(1, SAMPLES // len(classes))
    return [int(i) for c in classes for i in np.flatnonzero(y == c)[:each]]


def _bincount(y: np.ndarray, classes: int) -> np.ndarray:
    """np.bincount a chunk of rows at a time (a memory-mapped y is not read whole at once)."""
    counts = np.zeros(classes, dtype=np.int64)
    for start in range(0, len(y), CHUNK_ROWS):
        counts += np.bincount(y[start : start + CHUNK_ROWS], minlength=classes)
    return counts


def _counts(info: DatasetInfo, split: ArraySplit) -> list[ClassCount] | None:
    if info.classes is None:
        return None
    train, val = (
        _bincount(split.y_train, len(info.classes)),
        _bincount(split.y_val, len(info.classes)),
    )
    return [
        ClassCount(name=name, train=int(t), val=int(v))
        for name, t, v in zip(info.classes, train, val, strict=True)
    ]


def _points(split: ArraySplit, task: Task, test_fraction: float) -> list[list[float]]:
    """[x1, x2, class, part] of every point of a 2-D set: the training ones, the validation ones,
    then the test rows a run with this test_fraction holds out of the training part (held_out.py's
    rows), drawn last so that they show on top."""
    train, test = np.arange(len(split.y_train)), np.arange(0)
    if test_fraction > 0:
        train, test = (np.sort(rows) for rows in split_indices(split.y_train, task, test_fraction))
    parts = [
        (split.x_train[train], split.y_train[train], 0),
        (split.x_val, split.y_val, 1),
        (split.x_train[test], split.y_train[test], 2),
    ]
    return [
        [round(float(a), 4), round(float(b), 4), int(c), part]
        for x, y, part in parts
        for (a, b), c in zip(x.tolist(), y.tolist(), strict=True)
    ]


def _plane_rows(info: DatasetInfo, split: ArraySplit, picks: list[int]) -> list[list[str]]:
    """Sample rows of a 2-D set's features, as the network gets them."""
    features = info.plane.features if info.plane else None
    x = plane_input(torch.as_tensor(split.x_train[picks], dtype=torch.float32), features)
    return [
        [*(f"{v:.4g}" for v in row), _label(info, split.y_train[i])]
        for row, i in zip(x.tolist(), picks, strict=True)
    ]


def preview_dataset(
    name: str,
    data_dir: Path | None,
    options: DatasetOptions | None = None,
    test_fraction: float = 0.0,
) -> DatasetPreview:
    """The preview of an available dataset (raises DatasetError for one that is not), a 2-D
    set's as `options` make it (NoOptions for options given to any other dataset), its points
    marking the test rows a run with `test_fraction` keeps apart."""
    if options is not None and name not in PLANE_SETS:
        raise NoOptions(
            f"`{name}` takes no dataset options: noise, training share and features are for "
            f"the 2-D sets ({', '.join(PLANE_SETS)}); leave them out."
        )
    split, info = array_split(name, data_dir, options)
    if info.plane is not None:
        picks = _spread(split.y_train, len(info.classes or []))
        return DatasetPreview(
            info=info,
            x_shape=[len(split.x_train), *info.sample_shape],
            y_shape=list(split.y_train.shape),
            class_counts=_counts(info, split),
            columns=[*(FEATURE_LABELS[f] for f in info.plane.features), "target"],
            rows=_plane_rows(info, split, picks),
            images=None,
            points=_points(split, info.task, test_fraction),
        )
    classified = info.classes is not None
    picks = _spread(split.y_train, len(info.classes) if info.classes is not None else None)
    is_image = len(info.sample_shape) == 3 and info.sample_shape[0] in (1, 3)
    meta = read_meta(data_dir, name) if data_dir is not None else None
    columns: list[str] | None = None
    rows: list[list[str]] | None = None
    images: list[SampleImage] | None = None
    sequences: list[SampleSequence] | None = None
    if meta is not None and meta.sample_rows is not None:
        columns, rows = meta.columns, meta.sample_rows
    elif is_image:
        images = [
            SampleImage(label=_label(info, split.y_train[i]), png=_png(split.x_train[i]))
            for i in picks
        ]
    elif is_sequence(info.sample_shape):
        sequences = [
            SampleSequence(
                label=_label(info, split.y_train[i]), **plot_sequence(split.x_train[i]).model_dump()
            )
            for i in _by_class(split.y_train, classified)
        ]
    else:
        flat = split.x_train.reshape(len(split.x_train), -1)
        features = info.standardisation.features if info.standardisation else None
        columns = [*(features or [f"x{j}" for j in range(flat.shape[1])]), "target"]
        rows = [[*(f"{v:.4g}" for v in flat[i]), _label(info, split.y_train[i])] for i in picks]
    return DatasetPreview(
        info=info,
        x_shape=list(split.x_train.shape),
        y_shape=list(split.y_train.shape),
        class_counts=_counts(info, split),
        columns=columns,
        rows=rows,
        images=images,
        sequences=sequences,
    )
