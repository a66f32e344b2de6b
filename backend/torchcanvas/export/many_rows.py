"""A CSV of feature rows sent to a table model at once, read with the dataset upload's header
and number rules; each row is made into a sample exactly as Try it makes one, and a row that
cannot be read is an item with its own reason."""

import csv
import math
from pathlib import Path

from torchcanvas.design.schema import Design
from torchcanvas.export.classify_many import ManySample, ManySet
from torchcanvas.export.many_limits import ManyLimits, too_many_items
from torchcanvas.export.predict import (
    BadInput,
    check_sample,
    for_an_item,
    sample_size,
    scaled_sample,
)
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.csv_columns import MAX_COLUMNS, TARGET_NAMES, looks_like_id
from torchcanvas.training.data.csv_dialect import Separator, decimal_point, separator_name
from torchcanvas.training.data.csv_nameless import MISSING, is_missing, whole_number
from torchcanvas.training.data.limits import UploadError, UploadTooLarge
from torchcanvas.training.data.tables import _number, header_line

MAX_ID = 100  # characters of a row's ID kept as its name


def _feature_names(design: Design, info: DatasetInfo | None) -> list[str] | None:
    """The model's feature names, where its dataset kept them: a 2-D set's point, x1 and x2."""
    if info is not None and info.plane is not None:
        return ["x1", "x2"]
    scaling = info.standardisation if info is not None else None
    if scaling is not None and len(scaling.features) == math.prod(design.input_shape):
        return scaling.features
    return None


def _columns(header: list[str] | None) -> list[str]:
    if not header:
        raise UploadError(
            "The CSV is empty: its first line must be a header with the column names."
        )
    if len(header) > MAX_COLUMNS:  # before any work by column: a share link's visitor sends it
        raise UploadTooLarge(
            f"The CSV has {len(header):,} columns, more than the limit of {MAX_COLUMNS:,}: give "
            "the model's feature columns and the labels' column, and drop the others."
        )
    columns = [name.strip() for name in header]
    seen: set[str] = set()
    for name in columns:
        if name in seen:  # nameless columns may repeat: an index, an empty last one
            raise UploadError(
                f"The CSV header names `{name}` twice: give every column its own name."
            )
        if name:
            seen.add(name)
    return columns


def _target(
    columns: list[str], features: list[str] | None, chosen: str | None, info: DatasetInfo | None
) -> int | None:
    """The index of the column of labels: the one chosen, else the one the model's upload took
    its target from, else one named as uploads name it, else the one column beside the model's
    named features, the columns its upload left out and any named as an ID (an `id` or `notes`
    column beside them hid the labels, and a `sample_id` alone was read as the labels)."""
    scaling = info.standardisation if info is not None else None
    trained_on = scaling.target if scaling is not None else None
    left_out = {column.name for column in scaling.left_out} if scaling is not None else set()
    if chosen:
        if chosen not in columns:
            raise UploadError(
                f"The CSV has no column `{chosen}`: choose the labels' column from its header: "
                f"{', '.join(columns[:50])}."
            )
        return columns.index(chosen)
    if trained_on in columns and (features is None or trained_on not in features):
        return columns.index(trained_on)
    named = set(features or ())
    others = [c for c in columns if c and c not in left_out and c not in named]
    for name in others:
        if name.lower() in TARGET_NAMES:
            return columns.index(name)
    # A column named as an ID (`sample_id`) names the rows (_id_column): never the labels.
    unnamed = [c for c in others if not looks_like_id(c)]
    if features is not None and len(unnamed) == 1:
        return columns.index(unnamed[0])
    return None


def _feature_columns(
    columns: list[str], features: list[str] | None, target: int | None, expected: int
) -> list[int]:
    """The columns that give the sample's values, in the model's order."""
    if features is not None:
        at = {name: i for i, name in enumerate(columns) if name}  # names are unique (_columns)
        missing = [name for name in features if name not in at]
        if missing:
            raise UploadError(
                f"The CSV has no column {', '.join(f'`{m}`' for m in missing[:10])}: the model "
                f"takes the features {', '.join(features)}, by name; add the missing columns."
            )
        return [at[name] for name in features]
    indices = [i for i, name in enumerate(columns) if i != target and name]
    if len(indices) != expected:
        beside = f" beside the labels' column `{columns[target]}`" if target is not None else ""
        raise UploadError(
            f"The CSV has {len(indices)} columns{beside}, but the model takes {expected} numbers "
            "a sample: give one column per value, in the order the model takes them."
        )
    return indices


def _id_column(columns: list[str], used: set[int], info: DatasetInfo | None) -> int | None:
    """The column that names each row: one named as an ID (`sample_id`) that the model does not
    take, the one its upload left out first; None where the CSV has none (rows go by line)."""
    scaling = info.standardisation if info is not None else None
    left_out = [c.name for c in scaling.left_out if c.name] if scaling is not None else []
    for name in [*left_out, *columns]:
        if name in columns and looks_like_id(name) and columns.index(name) not in used:
            return columns.index(name)
    return None


def _row_name(row: list[str], id_column: int | None, line: int) -> str:
    """A row's ID where it has one (cut to MAX_ID characters), else `line N`."""
    cell = row[id_column].strip() if id_column is not None and id_column < len(row) else ""
    return cell[:MAX_ID] if cell else f"line {line}"


def _label(cell: str, info: DatasetInfo | None) -> str | float | None:
    """A row's label as the model's class name (`3` for `3.0`), or its value for a regression."""
    if info is not None and info.task == "regression":
        number = _number(cell)
        if number is None:
            raise BadInput(f"The target value '{cell}' is not a number: give it as one.")
        return number
    classes = (info.classes if info is not None else None) or []
    number = _number(cell)
    if cell not in classes and number is not None and number.is_integer():
        return str(int(number))
    return cell


def _row(
    row: list[str],
    columns: list[str],
    indices: list[int],
    nameless: list[int],
    target: int | None,
    sep: Separator,
) -> tuple[list[float], str | None]:
    """A row's feature values and its label's cell; BadInput naming the first problem.
    `nameless`: the columns without a name, found once for all the rows."""
    if len(row) != len(columns):
        raise BadInput(
            f"It has {len(row)} values but the header has {len(columns)} columns: look for a "
            f"missing or extra {separator_name(sep)}."
        )
    for i in nameless:
        _check_nameless(i, decimal_point(row[i].strip(), sep))
    values = []
    for i in indices:
        cell = decimal_point(row[i].strip(), sep)
        number = None if cell.lower() in MISSING else _number(cell)
        if number is None:
            raise BadInput(f"Column `{columns[i]}` holds '{cell[:40]}', not a number: fill it in.")
        values.append(number)
    label = decimal_point(row[target].strip(), sep) if target is not None else None
    return values, label or None


def _check_nameless(column: int, cell: str) -> None:
    """BadInput where a column with no name holds data: only the first may hold a number (the
    row numbers pandas writes), and any may be empty (as Excel ends its lines)."""
    if is_missing(cell) or (column == 0 and whole_number(cell) is not None):
        return
    raise BadInput(
        f"Column {column + 1} has no name but holds '{cell[:40]}': name it in the header if the "
        "model takes it, or delete the column."
    )


def _check_pixels(
    values: list[float], columns: list[str], indices: list[int], info: DatasetInfo | None
) -> None:
    """BadInput where a picture model's row holds a value outside the 0 to 1 its training
    images were scaled to: raw counts, such as scikit-learn's digits (0 to 16), look alike."""
    pictures = info.pictures if info is not None else None
    if pictures is None:
        return
    for value, i in zip(values, indices, strict=True):
        if not 0 <= value <= 1:
            raise BadInput(
                f"Column `{columns[i]}` holds {value:g}, but the model takes pixels from 0 to 1, "
                f"as its training images were scaled: divide the values by {pictures.levels} "
                f"if they count 0 to {pictures.levels}."
            )


def row_samples(
    path: Path, chosen: str | None, design: Design, info: DatasetInfo | None, many: ManyLimits
) -> ManySet:
    """Each data row of the CSV as an item named by its ID column's value where the CSV has one
    (`_id_column`, named in the set), else by its line; `chosen` names the labels' column."""
    expected = sample_size(design, info)
    features = _feature_names(design, info)
    samples: list[ManySample] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            header, sep = header_line(f)
            columns = _columns(header)
            target = _target(columns, features, chosen, info)
            indices = _feature_columns(columns, features, target, expected)
            nameless = [i for i, name in enumerate(columns) if not name]
            id_column = _id_column(
                columns, {*indices, *([target] if target is not None else [])}, info
            )
            reader = csv.reader(f, delimiter=sep)
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue  # blank lines
                if len(samples) == many.max_items:
                    raise too_many_items(f"more than {many.max_items:,}", many)
                # the header was read before the reader: its lines count from the second
                name = _row_name(row, id_column, reader.line_num + 1)
                try:
                    values, cell = _row(row, columns, indices, nameless, target, sep)
                    label = _label(cell, info) if cell is not None else None
                    check_sample(design, values, info)
                    _check_pixels(values, columns, indices, info)
                except BadInput as bad:
                    samples.append(ManySample(name, None, None, for_an_item(str(bad))))
                    continue
                samples.append(ManySample(name, scaled_sample(design, info, values), label))
    except UnicodeDecodeError as exc:
        raise UploadError(
            f"The CSV is not UTF-8 text (byte {exc.start} cannot be read): save it as UTF-8."
        ) from None
    except csv.Error as exc:
        raise UploadError(f"The CSV cannot be read ({exc}): check its quotes.") from None
    if not samples:
        raise UploadError("The CSV has no data rows: give one row per sample under its header.")
    return ManySet(samples, columns[id_column] if id_column is not None else None)
