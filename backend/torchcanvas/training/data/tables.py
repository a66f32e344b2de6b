"""CSV uploads: a header, numeric feature columns, and one target column that the person picks."""

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from torchcanvas.training.data.limits import UploadError

SAMPLE_ROWS = 10  # rows kept as written, for the preview
_MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "?"}


@dataclass
class Table:
    """A CSV as arrays: x is (N, F) numbers, y the target column (numbers, or text labels)."""

    x: np.ndarray
    y: np.ndarray
    features: list[str]
    columns: list[str]
    sample_rows: list[list[str]]


def _number(value: str) -> float | None:
    """The value as a finite number, or None when it is not one."""
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _header(row: list[str] | None, target: str | None) -> tuple[list[str], int]:
    if not row:
        raise UploadError(
            "The CSV is empty: its first line must be a header with the column names."
        )
    columns = [name.strip() for name in row]
    for i, name in enumerate(columns):
        if not name:
            raise UploadError(
                f"Column {i + 1} of the CSV header has no name: give every column a name."
            )
        if columns.index(name) != i:
            raise UploadError(
                f"The CSV header names `{name}` twice: give every column its own name."
            )
    listed = ", ".join(columns)
    if not target:
        raise UploadError(
            f"A CSV upload needs the field `target`, the column to predict: one of {listed}."
        )
    if target not in columns:
        raise UploadError(
            f"The CSV has no column `{target}`: choose the target from its header: {listed}."
        )
    if len(columns) < 2:
        raise UploadError(
            f"The CSV has only the target column `{target}`: it needs at least one feature column too."
        )
    return columns, columns.index(target)


def read_csv(path: Path, target: str | None) -> Table:
    """Parses the CSV, refusing ragged rows, text in feature columns and missing values."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            columns, t = _header(next(reader, None), target)
            features = [c for i, c in enumerate(columns) if i != t]
            rows: list[list[float]] = []
            labels: list[str] = []
            sample: list[list[str]] = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue  # blank lines
                line = reader.line_num
                if len(row) != len(columns):
                    raise UploadError(
                        f"Line {line} has {len(row)} values but the header has {len(columns)} "
                        "columns: every line needs one value per column (look for a missing or "
                        "extra comma)."
                    )
                values: list[float] = []
                for i, cell in enumerate(row):
                    cell = cell.strip()
                    if cell.lower() in _MISSING:
                        what = "The target column" if i == t else "Column"
                        raise UploadError(
                            f"{what} `{columns[i]}` has no value on line {line} ('{cell}'): fill in "
                            "or drop the rows with missing values."
                        )
                    if i == t:
                        labels.append(cell)
                        continue
                    number = _number(cell)
                    if number is None:
                        raise UploadError(
                            f"Column `{columns[i]}` holds text ('{cell}' on line {line}), but feature "
                            "columns must be numbers: encode it as numbers, drop the column, or "
                            "choose it as the target."
                        )
                    values.append(number)
                rows.append(values)
                if len(sample) < SAMPLE_ROWS:
                    sample.append([cell.strip() for cell in row])
    except UnicodeDecodeError as exc:
        raise UploadError(
            f"The CSV is not UTF-8 text (byte {exc.start} cannot be read): save it as UTF-8, "
            'for example as "CSV UTF-8" in a spreadsheet.'
        ) from None
    except csv.Error as exc:
        raise UploadError(f"The CSV cannot be read ({exc}): check its quotes.") from None
    if len(rows) < 2:
        raise UploadError(
            f"The CSV has {len(rows)} data row{'s' if len(rows) != 1 else ''}: a dataset needs at "
            "least 2, one to train on and one to validate with."
        )
    numbers = [_number(label) for label in labels]
    y = np.array(labels) if any(n is None for n in numbers) else np.array(numbers, dtype=np.float64)
    return Table(np.array(rows, dtype=np.float64), y, features, columns, sample)
