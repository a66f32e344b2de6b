"""The dataset part of a run's script for an upload: it reads the person's own file again.

A CSV is read by its column names, its labels numbered and its features standardised with what
TorchCanvas stored for the upload; an NPZ's arrays and a ZIP's images are read as the upload
read them. Then the split is the server's (split.py), so the script trains on the same tensors.
"""

import json
import math
import re
from pathlib import Path

from torchcanvas.design.codegen import clean_text
from torchcanvas.hidden_text import escaped
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.csv_nameless import MISSING
from torchcanvas.training.data.info import SPLIT_SEED, VAL_FRACTION, image_shape
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.script_upload_parts import (
    CSV_READER,
    DATA_PATH,
    LABELS,
    NPZ_READER,
    ZIP_READER,
)

_IMPORTS = {
    "import shlex",  # the command data_path() suggests, for a file name a shell would split
    "import sys",
    "import numpy as np",
    "import torch",
    "from pathlib import Path",
}


def literal(value: str | list[str]) -> str:
    """Text as a Python literal in double quotes, as ruff formats it (JSON's escapes are Python's);
    a character that does not print is escaped, so the script reads as it runs."""
    return escaped(json.dumps(value, ensure_ascii=False))


def file_name(info: DatasetInfo) -> str:
    """The name the upload's file had: its record's, else its title (which is the file's name)."""
    return info.file_name if isinstance(info, DatasetRecord) else info.title


def _val_fraction(info: DatasetInfo) -> float:
    return info.val_fraction if isinstance(info, DatasetRecord) else VAL_FRACTION


def _target(info: DatasetInfo) -> str:
    """The CSV column the target was read from; uploads made before it was stored name it in
    their help ("target `species`")."""
    stats = info.standardisation
    if stats is not None and stats.target:
        return stats.target
    named = re.search(r"target `(.+?)` \(", info.help)
    return named.group(1) if named else ""


def column_names(info: DatasetInfo) -> tuple[list[str], str]:
    """A CSV upload's feature columns, in the network's order, and its target column."""
    stats = info.standardisation
    return (stats.features if stats is not None else []), _target(info)


def _numbered_labels(classes: list[str]) -> bool:
    """True when the classes were numbers (3.0 named "3"), whose labels are matched by value."""
    try:
        return all(math.isfinite(float(name)) for name in classes)
    except ValueError:
        return False


def _labels(info: DatasetInfo) -> str:
    """CLASSES and the function that numbers labels by them; nothing for a regression."""
    if info.task != "classification" or info.classes is None:
        return ""
    numbered = _numbered_labels(info.classes)
    return LABELS.format(classes=literal(info.classes), numbered=numbered)


def _csv(info: DatasetInfo) -> tuple[str, str, set[str]]:
    stats = info.standardisation
    assert stats is not None  # every CSV upload is standardised (uploads.py)
    classify = info.task == "classification"
    target_scale = ""
    if stats.target_mean is not None:
        target_scale = f"TARGET_MEAN, TARGET_STD = {stats.target_mean!r}, {stats.target_std!r}\n"
    left_out = ""
    if stats.left_out:
        words = [column.words() for column in stats.left_out]
        left_out = f"LEFT_OUT = {literal(words)}  # left out at upload, so not read here\n"
    rows = f"{stats.missing_rows:,} row{'s' if stats.missing_rows != 1 else ''}"
    missing = (
        f"LEAVE_OUT_MISSING = True  # {rows} with a missing value left out at upload\n"
        if stats.missing_rows
        else "LEAVE_OUT_MISSING = False  # the upload had no row with a missing value\n"
    ) + f"MISSING = {literal(sorted(MISSING))}  # the cells that say a value is missing\n"
    constants = (
        f"TARGET = {literal(_target(info))}  # the column to predict\n"
        f"FEATURES = {literal(stats.features)}  # the network's inputs, in this order\n"
        + left_out
        + missing
        + "# The standardisation TorchCanvas stored for this upload, from its training part:\n"
        "# each feature becomes (x - MEAN) / STD.\n"
        f"MEAN = np.array({stats.mean!r})\n"
        f"STD = np.array({stats.std!r})\n" + target_scale
    )
    y = "class_numbers(labels)" if classify else "targets(labels)"
    read_as = ""
    if stats.features_read_as is None:
        read_as = "\n    x = x.astype(np.float32)  # this upload's features were read as float32"
    body = f"""    x, labels = read_csv(data_path()){read_as}
    y = {y}
    x_train, y_train, x_val, y_val = split(x, y, classify={classify})
    x_train, x_val = (((x - MEAN) / STD).astype(np.float32) for x in (x_train, x_val))"""
    if not classify:
        body += """
    # The target is standardised too; a prediction * TARGET_STD + TARGET_MEAN is in its units.
    y_train, y_val = (
        ((y.astype(np.float64) - TARGET_MEAN) / TARGET_STD).astype(np.float32)
        for y in (y_train, y_val)
    )"""
    return constants, body, {"import csv", "import re"}


def _npz(info: DatasetInfo) -> tuple[str, str, set[str]]:
    classify = info.task == "classification"
    y = (
        "class_numbers(y)"
        if classify
        else "y.astype(np.float32)\n    y = y[:, None] if y.ndim == 1 else y  # (N,) -> (N, 1)"
    )
    if isinstance(info, DatasetRecord) and info.one_hot:
        y = "class_numbers(y.argmax(1))  # one-hot rows (N, classes) -> the class of each (N,)"
    turn = ""
    if isinstance(info, DatasetRecord) and info.channels_last:
        turn = (
            "\n    # Images (N, H, W, C) as the file holds them -> (N, C, H, W), as Conv2d takes them"
            "\n    x = np.ascontiguousarray(np.moveaxis(x, 3, 1))"
        )
    if isinstance(info, DatasetRecord) and info.channel_added:
        turn = "\n    x = x[:, None]  # one-channel images (N, H, W) -> (N, 1, H, W), as Conv2d takes them"
    body = f"""    x, y = read_npz(data_path()){turn}
    y = {y}
    x_train, y_train, x_val, y_val = split(x, y, classify={classify})"""
    return "", body, set()


def _zip(info: DatasetInfo) -> tuple[str, str, set[str]]:
    channels, height, _ = image_shape(info.sample_shape) or (3, 32, 32)
    mode = "L" if channels == 1 else "RGB"
    constants = (
        f"IMAGE_SIZE = {height}  # each image is resized to IMAGE_SIZE × IMAGE_SIZE pixels\n"
        f'MODE = "{mode}"  # {"grey" if mode == "L" else "colour"}, as it was uploaded\n'
    )
    body = """    x, labels = read_zip(data_path())
    y = class_numbers(labels)
    x_train, y_train, x_val, y_val = split(x, y, classify=True)"""
    return constants, body, {"import io", "import zipfile", "from PIL import Image"}


_FORMATS = {
    ".csv": (_csv, CSV_READER),
    ".npz": (_npz, NPZ_READER),
    ".zip": (_zip, ZIP_READER),
}


def upload_data(info: DatasetInfo, split: str, tensors: str) -> tuple[str, set[str]]:
    """`load_data()` for an upload and the imports it needs. `split` is the seeded split's code
    with its `{seed}` and `{val_fraction}` left to fill, `tensors` the code of as_tensors()."""
    name = file_name(info)
    suffix = Path(name).suffix.lower()
    make, reader = _FORMATS.get(suffix, _FORMATS[".npz"])
    constants, body, imports = make(info)
    head = (
        f"DATA_FILE = {literal(name)}  # the file you uploaded; or give its path: python this.py PATH\n"
        + constants
    )
    parts = [
        head.rstrip("\n"),
        split.format(seed=SPLIT_SEED, val_fraction=_val_fraction(info)).strip("\n"),
        DATA_PATH.strip("\n"),
        reader.strip("\n"),
        _labels(info).strip("\n"),
        tensors.strip("\n"),
        "\n".join(
            [
                "def load_data():",
                f'    """{clean_text(name)}, read again as TorchCanvas read it, and split as it split it."""',
                body,
                "    return as_tensors(x_train, y_train, x_val, y_val)",
            ]
        ),
    ]
    code = "\n\n\n".join(part for part in parts if part) + "\n"
    return code, _IMPORTS | imports | {"import math"}
