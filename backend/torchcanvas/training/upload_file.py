"""An upload's file, made again from what the server stored, for the run's script to read.

The server keeps an upload's arrays, split and standardised, never the file itself. This module
writes the file the script's reader (script_upload_parts.py) turns back into those same arrays:
a ZIP of PNG folders, an NPZ of x and y, or a CSV of the feature and target columns. Its rows are
put in the order that the script's seeded split (split.py) takes apart into the stored training
and validation parts, so the script trains on the run's tensors and prints the run's numbers.
"""

import csv
import io
import math
import secrets
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from torchcanvas.training.data.info import ArraySplit, DatasetError
from torchcanvas.training.data.split import split_indices
from torchcanvas.training.data.storage import DatasetRecord, datasets_folder, map_arrays
from torchcanvas.training.npy_stream import Layout, NpzWriter
from torchcanvas.training.script_upload import column_names

_ROWS_AT_A_TIME = 4096  # of a CSV: its text is written a block at a time
MEDIA_TYPES = {"csv": "text/csv", "npz": "application/octet-stream", "zip": "application/zip"}


# Rows of x gathered at a time from the stored parts, by their bytes: the file is written a
# block at a time, so that making the file of a 1 GiB upload holds a few MiB, not 2 GiB.
_BLOCK_BYTES = 2**20
_LABELS_AT_A_TIME = 2**16  # of an NPZ's y, which may be one-hot (a row of each class)


@dataclass(frozen=True)
class FileRows:
    """The stored parts' rows in the file's order: the one whose seeded split gives them back.

    The split depends on the labels' sequence alone (not on x): labels sorted by class give the
    same class counts, hence the same draws, and each class's rows then land in the same places.
    x is read from the memory-mapped parts a block of rows at a time, in that order."""

    parts: ArraySplit  # memory-mapped: only the rows of a block are read
    source: np.ndarray  # (N,): each row's in the parts, x_train's first, then x_val's
    y: np.ndarray  # (N, ...): the labels in the file's order

    def __len__(self) -> int:
        return len(self.source)

    def blocks(self, rows: int = 0) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(x, y) of `rows` rows at a time (by default, about _BLOCK_BYTES of x); one block
        with no rows where there are none."""
        x_train, x_val = self.parts.x_train, self.parts.x_val
        rows = rows or max(1, _BLOCK_BYTES // max(1, x_train[:1].nbytes))
        for start in range(0, max(len(self), 1), rows):
            at = self.source[start : start + rows]
            block = np.empty((len(at), *x_train.shape[1:]), dtype=x_train.dtype)  # (B, ...)
            trained = at < len(x_train)
            block[trained] = x_train[at[trained]]
            block[~trained] = x_val[at[~trained] - len(x_train)]
            yield block, self.y[start : start + rows]

    def label_blocks(self, rows: int) -> Iterator[np.ndarray]:
        """y alone, `rows` rows at a time."""
        for start in range(0, max(len(self), 1), rows):
            yield self.y[start : start + rows]


def file_rows(parts: ArraySplit, record: DatasetRecord) -> FileRows:
    """Where each row of the file comes from in the parts (memory-mapped ones are not read)."""
    y_all = np.concatenate([parts.y_train, parts.y_val])
    classify = record.task == "classification"
    labels = np.sort(y_all) if classify else np.zeros(len(y_all), dtype=np.int64)
    train, val = split_indices(labels, record.task, record.val_fraction)
    source = np.empty(len(y_all), dtype=np.int64)
    source[train] = np.arange(len(parts.y_train))
    source[val] = len(parts.y_train) + np.arange(len(parts.y_val))
    y = y_all[source]
    if classify and not np.array_equal(y, labels):
        raise DatasetError(
            f"The file of `{record.id}` cannot be made in the order its split needs: delete the "
            "upload and upload its file again."
        )
    return FileRows(parts, source, y)


DateTime = tuple[int, int, int, int, int, int]


def _dated(record: DatasetRecord) -> DateTime:
    """When the upload was made (UTC), as a ZIP entry's date: each file made of it dated alike,
    so that two downloads of an upload are the same bytes. ZIP dates begin at 1980."""
    made = time.gmtime(max(record.created_at, _ZIP_EPOCH))
    return (made.tm_year, made.tm_mon, made.tm_mday, made.tm_hour, made.tm_min, made.tm_sec)


_ZIP_EPOCH = 315532800.0  # 1980-01-01 00:00 UTC


def _zip(path: Path, rows: FileRows, classes: list[str], date_time: DateTime) -> None:
    """A folder per class of PNGs, each exactly the stored pixels (C, H, W), so resizing them to
    IMAGE_SIZE again changes nothing."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:  # PNG is compressed already
        i = 0
        for x, y in rows.blocks():
            for pixels, label in zip(x, y, strict=True):
                # (C, H, W) -> (H, W) grey or (H, W, C) colour
                image = pixels[0] if len(pixels) == 1 else pixels.transpose(1, 2, 0)
                png = io.BytesIO()
                Image.fromarray(np.ascontiguousarray(image)).save(png, format="PNG")
                entry = zipfile.ZipInfo(f"{classes[int(label)]}/{i:06d}.png", date_time)
                entry.external_attr = 0o600 << 16  # as writestr gives a name: the owner's to read
                archive.writestr(entry, png.getvalue())
                i += 1


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


def _as_uploaded(record: DatasetRecord) -> Layout:
    """x in the layout the file had: (N, H, W, C) or (N, H, W) images as uploaded."""
    if record.channels_last:
        return lambda x: np.moveaxis(x, 1, 3)  # (N, C, H, W) -> (N, H, W, C)
    if record.channel_added:
        return lambda x: x[:, 0]  # (N, 1, H, W) -> (N, H, W)
    return lambda x: x


def _npz(path: Path, rows: FileRows, record: DatasetRecord) -> None:
    """x in the layout the file had, and y; as np.savez wrote them whole, a block at a time."""
    with path.open("wb") as out, NpzWriter(out) as npz:
        npz.add("x", len(rows), (x for x, _ in rows.blocks()), _as_uploaded(record))
        labels = (_npz_labels(y, record) for y in rows.label_blocks(_LABELS_AT_A_TIME))
        npz.add("y", len(rows), labels)


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


def _cells(column: np.ndarray, mean: float, std: float) -> list[str]:
    """Numbers as the fewest figures that standardise to each stored float32 as the script reads
    them: what a person typed ("1", "0.1", "123456.73", "0"), not the float32 the inverse found
    (0.9999997, -4e-07, which a download showed). Found for the whole column at once: the fewest
    decimals first (below 1e15: a larger number has every digit before the point), else the
    fewest significant figures (a column of tiny numbers, 5.922e+23); each text is then read
    back, and one that misses (a rounding of the search's) takes the fewest figures found one
    at a time (_figures, which always reads back)."""
    m, s = np.array(mean), np.array(std)
    values = _scaled(column, m, s)  # the stored float32 each text must give back
    places = np.full(len(column), _NOT_FOUND)  # decimals, or significant figures where negative
    with np.errstate(all="ignore"):  # NaN and the infinities find none: read back below
        size = np.abs(column.astype(np.float64))
        open_ = np.flatnonzero(size < _ALL_DIGITS)
        for decimals in range(_MOST_FIGURES + 1):
            open_ = _find(places, open_, decimals, np.round(column[open_], decimals), values, m, s)
        magnitude = np.floor(np.log10(size))
        magnitude[~np.isfinite(magnitude)] = 0
        open_ = np.flatnonzero(places == _NOT_FOUND)
        for figures in range(1, _MOST_FIGURES + 1):
            scale = 10.0 ** (figures - 1 - magnitude[open_])
            rounded = np.round(column[open_] * scale) / scale
            open_ = _find(places, open_, -figures, rounded, values, m, s)
    numbers = column.tolist()
    texts = [_text(n, at) for n, at in zip(numbers, places.tolist(), strict=True)]
    with np.errstate(all="ignore"):
        read = np.array(texts, dtype=np.str_).astype(np.float64)
        missed = np.flatnonzero(_scaled(read, m, s) != values)
    for i in missed.tolist():
        texts[i] = _figures(numbers[i], values[i], mean, std)
    return texts


_MOST_FIGURES = 17  # a float64's: any number is found with as many significant figures
_ALL_DIGITS = 1e15  # from here a float64's every digit stands before the point
_NOT_FOUND = 1000  # in `places`: no rounding found


def _find(
    places: np.ndarray,
    open_: np.ndarray,
    at: int,
    rounded: np.ndarray,
    values: np.ndarray,
    mean: np.ndarray,
    std: np.ndarray,
) -> np.ndarray:
    """Marks `at` for the cells `open_` (not found yet) whose `rounded` standardises to their
    value; returns those still open."""
    fits = _scaled(rounded, mean, std) == values[open_]
    places[open_[fits]] = at
    still: np.ndarray = open_[~fits]
    return still


def _text(number: float, at: int) -> str:
    """`number` to `at` decimals, or to -`at` significant figures (without an exponent where it
    reads as well: 1000, not 1e+03); repr where none were found."""
    if at == _NOT_FOUND or not math.isfinite(number):
        return repr(number)
    if at >= 0:  # a small number rounded to 0 is no "-0"
        text = np.format_float_positional(number, precision=at, unique=False, trim="-")
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    if number == 0 or 1e-5 <= abs(number) < 1e16:
        return np.format_float_positional(
            number, precision=-at, unique=False, fractional=False, trim="-"
        )
    return f"{number:.{-at}g}"


def _figures(number: float, value: np.float32, mean: float, std: float) -> str:
    """The fewest figures of `number`, from 8, that still standardise to `value`, the stored
    float32; else `number` as it is (repr: it reads back as itself)."""
    for digits in range(8, 17):
        text = f"{number:.{digits}g}"
        if np.float32((float(text) - mean) / std) == value:
            return text
    return repr(number)


def _csv_rows(rows: FileRows, record: DatasetRecord) -> Iterator[list[str]]:
    stats = record.standardisation
    assert stats is not None  # every CSV upload is standardised (uploads.py)
    mean, std = np.array(stats.mean), np.array(stats.std)
    for x, labels in rows.blocks(_ROWS_AT_A_TIME):
        block = _unstandardised(x, mean, std)  # (B, F)
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


def _csv(path: Path, rows: FileRows, record: DatasetRecord) -> None:
    """The feature columns and the target column, by their names; left-out columns are not kept."""
    features, target = column_names(record)
    with path.open("w", encoding="utf-8", newline="") as out:
        # Names quoted: the script tells a ";" file from a "," one by its header's separators.
        csv.writer(out, quoting=csv.QUOTE_ALL).writerow([*features, target])
        csv.writer(out).writerows(_csv_rows(rows, record))


def upload_file(data_dir: Path, record: DatasetRecord) -> Path:
    """The upload's file, made for one download beside its arrays, for the caller to delete once
    sent; FileNotFoundError when the upload was deleted. It is written a block of rows at a
    time, read from the memory-mapped arrays. Not kept: a kept copy doubled what an upload took,
    past its owner's quota (a 16 MB NPZ's 700 MB file, a hostile-input audit). A copy kept by an
    earlier version, and one an interrupted download left, are deleted here."""
    folder = datasets_folder(data_dir) / record.id
    _forget_copies(folder)
    rows = file_rows(map_arrays(data_dir, record.id), record)
    made = folder / f"{DOWNLOAD_PREFIX}{secrets.token_hex(8)}.{record.format}"
    try:
        if record.format == "zip":
            _zip(made, rows, record.classes or [], _dated(record))
        elif record.format == "npz":
            _npz(made, rows, record)
        else:
            _csv(made, rows, record)
    except BaseException:
        made.unlink(missing_ok=True)
        raise
    return made


DOWNLOAD_PREFIX = ".download-"
_LEFT_AFTER = 3600.0  # seconds: a download's file older than this was left by one cut off


def _forget_copies(folder: Path) -> None:
    """Deletes the files kept by earlier versions, and those downloads cut off left."""
    for name in ("file.csv", "file-2.csv", "file.npz", "file.zip"):
        (folder / name).unlink(missing_ok=True)
    now = time.time()
    for left in folder.glob(f"{DOWNLOAD_PREFIX}*"):
        try:
            if now - left.stat().st_mtime > _LEFT_AFTER:
                left.unlink()
        except FileNotFoundError:
            pass  # deleted by its own download meanwhile
