"""An upload's file as it was made before it was written a block at a time: x and y put in the
file's order whole in memory, then np.savez, the ZIP or the CSV. Kept, unchanged but for its
name and where it writes, as the oracle that the file of now must equal byte for byte
(test_upload_file_memory.py). A CSV's cells are written by the file of now's `_cells` (since the
figures a person typed are found, not a float32's: 1, not 0.9999997): this is the oracle of the
rows' order and blocks, and test_dataset_files.py that of the cells, which the script must read
back to the stored tensors bit for bit."""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from torchcanvas.training.data.info import ArraySplit, DatasetError
from torchcanvas.training.data.split import split_indices
from torchcanvas.training.data.storage import DatasetRecord, load_arrays
from torchcanvas.training.script_upload import column_names
from torchcanvas.training.upload_file import _cells

_ROWS_AT_A_TIME = 4096  # of a CSV: its text is written a block at a time
MEDIA_TYPES = {"csv": "text/csv", "npz": "application/octet-stream", "zip": "application/zip"}


def file_order(split: ArraySplit, record: DatasetRecord) -> tuple[np.ndarray, np.ndarray]:
    """x and y in the file's order: the one whose seeded split gives back the stored parts.

    The split depends on the labels' sequence alone (not on x): labels sorted by class give the
    same class counts, hence the same draws, and each class's rows then land in the same places."""
    y_all = np.concatenate([split.y_train, split.y_val])
    classify = record.task == "classification"
    labels = np.sort(y_all) if classify else np.zeros(len(y_all), dtype=np.int64)
    train, val = split_indices(labels, record.task, record.val_fraction)
    x = np.empty((len(y_all), *split.x_train.shape[1:]), dtype=split.x_train.dtype)
    y = np.empty_like(y_all)
    x[train], x[val] = split.x_train, split.x_val
    y[train], y[val] = split.y_train, split.y_val
    if classify and not np.array_equal(y, labels):
        raise DatasetError(
            f"The file of `{record.id}` cannot be made in the order its split needs: delete the "
            "upload and upload its file again."
        )
    return x, y


def _zip(path: Path, x: np.ndarray, y: np.ndarray, classes: list[str]) -> None:
    """A folder per class of PNGs, each exactly the stored pixels (C, H, W), so resizing them to
    IMAGE_SIZE again changes nothing."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:  # PNG is compressed already
        for i, (pixels, label) in enumerate(zip(x, y, strict=True)):
            # (C, H, W) -> (H, W) grey or (H, W, C) colour
            image = pixels[0] if len(pixels) == 1 else pixels.transpose(1, 2, 0)
            png = io.BytesIO()
            Image.fromarray(np.ascontiguousarray(image)).save(png, format="PNG")
            archive.writestr(f"{classes[int(label)]}/{i:06d}.png", png.getvalue())


def _numbers(classes: list[str]) -> np.ndarray | None:
    """The classes as the numbers they were (3.0 named "3"), or None when they are text."""
    try:
        values = np.array([float(name) for name in classes])
    except ValueError:
        return None
    return values.astype(np.int64) if np.all(np.mod(values, 1) == 0) else values


def _npz_labels(y: np.ndarray, record: DatasetRecord) -> np.ndarray:
    if record.task != "classification" or record.classes is None:
        return y  # regression targets, stored as they were read
    numbers = _numbers(record.classes)
    if numbers is None:
        labels: np.ndarray = np.asarray(record.classes)[y]  # text, as a numpy string array
    elif record.one_hot:  # one-hot rows whose argmax is the class's number
        labels = np.eye(int(numbers.max()) + 1, dtype=np.uint8)[numbers[y]]
    else:
        labels = numbers[y]
    return labels


def _npz(path: Path, x: np.ndarray, y: np.ndarray, record: DatasetRecord) -> None:
    """x in the layout the file had ((N, H, W, C) or (N, H, W) images as uploaded) and y."""
    if record.channels_last:
        x = np.moveaxis(x, 1, 3)  # (N, C, H, W) -> (N, H, W, C)
    elif record.channel_added:
        x = x[:, 0]  # (N, 1, H, W) -> (N, H, W)
    with path.open("wb") as out:
        np.savez(out, x=x, y=_npz_labels(y, record))


def _unstandardised(values: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """The numbers that the script's `((v - MEAN) / STD).astype(np.float32)` (v read as
    float64) turns into the stored `values`: a float32 where one does (short as text, 13.05),
    else a float64 (1e9 + 147, which float32 holds only as 1e9 + 128)."""
    single = _inverse(values, mean, std, np.float32)
    double = _inverse(values, mean, std, np.float64)
    found: np.ndarray = np.where(_scaled(single, mean, std) == values, single, double)
    return found


def _scaled(found: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """What the script's standardisation makes of `found`, read as float64."""
    scaled: np.ndarray = ((found.astype(np.float64) - mean) / std).astype(np.float32)
    return scaled


def _inverse(values: np.ndarray, mean: np.ndarray, std: np.ndarray, dtype: type) -> np.ndarray:
    """The inverse in `dtype`, then its neighbours in `dtype` where rounding missed."""
    found: np.ndarray = (values.astype(np.float64) * std + mean).astype(dtype)
    for _ in range(4):
        scaled = _scaled(found, mean, std)
        wrong = scaled != values
        if not wrong.any():
            break
        towards: np.ndarray = np.where(scaled > values, -np.inf, np.inf).astype(dtype)
        found = np.where(wrong, np.nextafter(found, towards), found).astype(dtype)
    return found


def _csv_rows(x: np.ndarray, y: np.ndarray, record: DatasetRecord) -> Iterator[list[str]]:
    stats = record.standardisation
    assert stats is not None  # every CSV upload is standardised (uploads.py)
    mean, std = np.array(stats.mean), np.array(stats.std)
    for start in range(0, len(x), _ROWS_AT_A_TIME):
        block = _unstandardised(x[start : start + _ROWS_AT_A_TIME], mean, std)  # (B, F)
        labels = y[start : start + _ROWS_AT_A_TIME]
        if record.task == "classification" and record.classes is not None:
            targets = [record.classes[int(label)] for label in labels]
        else:
            scale = stats.target_mean or 0.0, stats.target_std or 1.0
            found = _unstandardised(labels.reshape(-1), *(np.array(v) for v in scale))
            targets = _cells(found, *scale)
        cells = [
            _cells(column, m, s)
            for column, m, s in zip(block.T, stats.mean, stats.std, strict=True)
        ]
        for row in zip(*cells, targets, strict=True):
            yield list(row)


def _csv(path: Path, x: np.ndarray, y: np.ndarray, record: DatasetRecord) -> None:
    """The feature columns and the target column, by their names; left-out columns are not kept."""
    features, target = column_names(record)
    with path.open("w", encoding="utf-8", newline="") as out:
        # Names quoted: the script tells a ";" file from a "," one by its header's separators.
        csv.writer(out, quoting=csv.QUOTE_ALL).writerow([*features, target])
        csv.writer(out).writerows(_csv_rows(x, y, record))


def upload_file_as_before(data_dir: Path, record: DatasetRecord, path: Path) -> None:
    """The upload's file, written to `path`."""
    x, y = file_order(load_arrays(data_dir, record.id), record)
    if record.format == "zip":
        _zip(path, x, y, record.classes or [])
    elif record.format == "npz":
        _npz(path, x, y, record)
    else:
        _csv(path, x, y, record)
