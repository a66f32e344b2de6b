"""The careful CSV reader as it was before it encoded text labels while reading: one Python string
a row until the end. Kept, unchanged but for its name, as the oracle that the reader of now must
agree with, table for table and error for error (its Table also names its target column now,
its header is read by check_header's Header, a text feature's refusal names `drop`, and its
features are float64, as the reader's are since they are standardised in float64)."""

import csv
from array import array
from pathlib import Path

import numpy as np

from torchcanvas.training.data.csv_messages import (
    long_label,
    missing_value,
    too_big,
    too_few_rows,
)
from torchcanvas.training.data.csv_nameless import MISSING as _MISSING
from torchcanvas.training.data.float32 import FLOAT32_MAX
from torchcanvas.training.data.limits import MAX_LABEL_CHARS, UploadError
from torchcanvas.training.data.tables import (
    SAMPLE_ROWS,
    Table,
    TextLabels,
    _number,
    check_header,
    header_line,
)


def read_rows_as_before(path: Path, target: str | None) -> Table:
    """The careful reader as it was: every label kept as a string until the end."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            header = check_header(header_line(f)[0], target)
            columns, t = header.names, header.target
            reader = csv.reader(f)
            features = [c for i, c in enumerate(columns) if i != t]
            flat = array("d")  # every feature value, row after row: 8 bytes each, no objects
            rows = 0
            labels: list[str] = []
            huge_target: tuple[int, str] | None = None  # the first number float32 cannot hold
            sample: list[list[str]] = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue  # blank lines
                line = reader.line_num + 1  # the header was read before the reader started
                if len(row) != len(columns):
                    raise UploadError(
                        f"Line {line} has {len(row)} values but the header has {len(columns)} "
                        "columns: every line needs one value per column (look for a missing or "
                        "extra comma)."
                    )
                for i, cell in enumerate(row):
                    cell = cell.strip()
                    if cell.lower() in _MISSING:
                        what = "The target column" if i == t else "Column"
                        raise UploadError(missing_value(what, columns[i], cell, line))
                    number = _number(cell)
                    if i == t:
                        if len(cell) > MAX_LABEL_CHARS:
                            raise UploadError(long_label(columns[t], len(cell), line))
                        labels.append(cell)
                        if huge_target is None and number is not None and abs(number) > FLOAT32_MAX:
                            huge_target = (line, cell)  # refused below if the labels are numbers
                        continue
                    if number is None:
                        raise UploadError(
                            f"Column `{columns[i]}` holds text ('{cell}' on line {line}), but feature "
                            "columns must be numbers: leave it out (tick it under Leave out; "
                            f"through the API, drop={columns[i]}), encode it as numbers, or choose "
                            "it as the target."
                        )
                    if abs(number) > FLOAT32_MAX:
                        raise UploadError(too_big(f"Column `{columns[i]}`", cell, line))
                    flat.append(number)
                rows += 1
                if len(sample) < SAMPLE_ROWS:
                    sample.append([cell.strip() for cell in row])
    except UnicodeDecodeError as exc:
        raise UploadError(
            f"The CSV is not UTF-8 text (byte {exc.start} cannot be read): save it as UTF-8, "
            'for example as "CSV UTF-8" in a spreadsheet.'
        ) from None
    except csv.Error as exc:
        raise UploadError(f"The CSV cannot be read ({exc}): check its quotes.") from None
    if rows < 2:
        raise UploadError(too_few_rows(rows))
    numbers = [_number(label) for label in labels]
    text = any(n is None for n in numbers)
    if not text and huge_target is not None:
        raise UploadError(
            too_big(f"The target column `{columns[t]}`", huge_target[1], huge_target[0])
        )
    y = _text_labels(labels) if text else np.array(numbers, dtype=np.float64)
    x = np.frombuffer(flat, dtype=np.float64).reshape(rows, len(features))  # (N, F), no copy
    return Table(x, y, features, columns, sample, columns[t])


def _text_labels(labels: list[str]) -> TextLabels:
    names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    codes = np.fromiter((index[label] for label in labels), dtype=np.int64, count=len(labels))
    return TextLabels(codes, names)


def _text_labels(labels: list[str]) -> TextLabels:
    names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    codes = np.fromiter((index[label] for label in labels), dtype=np.int64, count=len(labels))
    return TextLabels(codes, names)
