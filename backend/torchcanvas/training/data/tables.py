"""CSV uploads: a header, numeric feature columns, and one target column that the person picks
(else the one named as a target is, else the last).

Most files go through pyarrow's streaming reader into typed columns (training/data/csv_fast.py).
A file it cannot take as it is (a ragged row, a missing value, text in a feature column) is read
here, row by row, into one flat array of numbers (and text labels as class indices), and the
first problem is named with its line.
"""

import csv
import io
import itertools
import math
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from torchcanvas.training.data.csv_dialect import (
    Separator,
    decimal_point,
    separator,
    separator_name,
)
from torchcanvas.training.data.float32 import FLOAT32_MAX, outside_float32
from torchcanvas.training.data.limits import MAX_LABEL_CHARS, UploadError, UploadTooLarge

SAMPLE_ROWS = 10  # rows kept as written, for the preview
MAX_COLUMNS = 10_000
MAX_HEADER_BYTES = 2**20
_MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "?"}
# Column names that say "this is what to predict", in the order they win (the upload form's
# guessTarget in frontend/src/training/uploadForm.ts offers the same).
TARGET_NAMES = ("label", "labels", "target", "class", "classes", "y")


@dataclass(frozen=True)
class TextLabels:
    """A target column of text: each row's index into the sorted distinct labels. Never a
    fixed-width string array, whose every row is as wide as the longest label."""

    codes: np.ndarray  # (N,) int64
    names: list[str]

    def first(self) -> str:
        return self.names[int(self.codes[0])]


@dataclass
class Table:
    """A CSV as arrays: x is (N, F) float32, y the target column (float64 numbers, or text)."""

    x: np.ndarray
    y: np.ndarray | TextLabels
    features: list[str]
    columns: list[str]
    sample_rows: list[list[str]]
    target: str  # the column y was read from: the one chosen, else the one guessed


def guess_target(columns: list[str]) -> str:
    """The column a CSV most likely means to predict: one named label, target, class or y
    (in any case), else the last."""
    lowered = {name.lower(): name for name in reversed(columns)}  # the first of a name wins
    for name in TARGET_NAMES:
        if name in lowered:
            return lowered[name]
    return columns[-1]


def _number(value: str) -> float | None:
    """The value as a finite number, or None when it is not one."""
    number = _float(value)
    return number if number is not None and math.isfinite(number) else None


def _float(value: str) -> float | None:
    """The value as a number, inf too (which float32 cannot hold), or None when it is text."""
    try:
        return float(value)
    except ValueError:
        return None


def header_line(f: io.TextIOBase) -> tuple[list[str] | None, Separator]:
    """The CSV's first line as cells, and the separator it uses, read with a bounded length so
    a huge header costs nothing."""
    line = f.readline(MAX_HEADER_BYTES)
    if len(line) >= MAX_HEADER_BYTES and not line.endswith("\n"):
        raise UploadTooLarge(
            f"The CSV header is longer than {MAX_HEADER_BYTES // 2**10:,} KB: a dataset may have "
            f"at most {MAX_COLUMNS:,} columns; drop the columns you do not need."
        )
    sep = separator(line)
    return (next(csv.reader([line], delimiter=sep), None) if line.strip() else None), sep


def check_header(row: list[str] | None, target: str | None) -> tuple[list[str], int]:
    """The column names and the target's index, checked in one pass over the header."""
    if not row:
        raise UploadError(
            "The CSV is empty: its first line must be a header with the column names."
        )
    if len(row) > MAX_COLUMNS:
        raise UploadTooLarge(
            f"The CSV has {len(row):,} columns, more than the limit of {MAX_COLUMNS:,}: drop the "
            "columns you do not need."
        )
    columns = [name.strip() for name in row]
    if len(columns) == 1:
        _check_separator(columns[0])
    if all(_number(name) is not None for name in columns):
        shown = ",".join(columns[:4]) + (",…" if len(columns) > 4 else "")
        raise UploadError(
            f"The CSV's first line, `{shown}`, is all numbers: it reads as data, not a header "
            "(its first row would name the columns). Add a first line that names them, such as "
            f"{_example_header(len(columns))}."
        )
    seen: set[str] = set()
    for i, name in enumerate(columns):
        if not name:
            raise UploadError(
                f"Column {i + 1} of the CSV header has no name: give every column a name."
            )
        if name in seen:
            raise UploadError(
                f"The CSV header names `{name}` twice: give every column its own name."
            )
        seen.add(name)
    listed = ", ".join(columns) if len(columns) <= 50 else ", ".join(columns[:50]) + ", …"
    if not target:
        target = guess_target(columns)
    if target not in seen:
        raise UploadError(
            f"The CSV has no column `{target}`: choose the target from its header: {listed}."
        )
    if len(columns) < 2:
        raise UploadError(
            f"The CSV has only the target column `{target}`: it needs at least one feature column too."
        )
    return columns, columns.index(target)


def _example_header(columns: int) -> str:
    """x1,x2,x3,label for four columns; past six, the middle left out."""
    names = [f"x{i}" for i in range(1, columns)] + ["label"]
    return ",".join(names if columns <= 6 else [*names[:3], "…", *names[-2:]])


# What spreadsheets write between columns instead of commas: Excel where a comma is the decimal
# separator, and "tab-separated" exports.
_OTHER_SEPARATORS = {"\t": "tabs", "|": "bars"}


def _check_separator(header: str) -> None:
    """Refuses a one-column header that holds another separator: the columns were not read."""
    for other, names in _OTHER_SEPARATORS.items():
        if other in header:
            raise UploadError(
                f"The CSV's header is one column, `{header[:60]}`, with {names} in it: its "
                f"columns are separated by {names}, and a CSV's by commas. Save it again as CSV "
                '(in Excel: "CSV UTF-8 (Comma delimited)"), with a point as the decimal separator.'
            )


def read_csv(path: Path, target: str | None) -> Table:
    """Parses the CSV, refusing ragged rows, text in feature columns and missing values."""
    from torchcanvas.training.data.csv_fast import read_typed

    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            row, sep = header_line(f)
            columns, t = check_header(row, target)
    except (UnicodeDecodeError, csv.Error):
        return read_rows(path, target)  # which names the problem
    table = read_typed(path, columns, t, sep)
    return table if table is not None else read_rows(path, target)


def read_rows(path: Path, target: str | None) -> Table:
    """The careful reader: row by row, naming the first problem with its line number."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            row, sep = header_line(f)
            columns, t = check_header(row, target)
            reader = csv.reader(f, delimiter=sep)
            features = [c for i, c in enumerate(columns) if i != t]
            flat = array("f")  # every feature value, row after row: 4 bytes each, no objects
            rows = 0
            targets = _Targets(lambda count: _target_cells(path, t, count, sep))
            sample: list[list[str]] = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue  # blank lines
                line = reader.line_num + 1  # the header was read before the reader started
                if len(row) != len(columns):
                    raise UploadError(
                        f"Line {line} has {len(row)} values but the header has {len(columns)} "
                        "columns: every line needs one value per column (look for a missing or "
                        f"extra {separator_name(sep)})."
                    )
                for i, cell in enumerate(row):
                    cell = decimal_point(cell.strip(), sep)
                    if cell.lower() in _MISSING or cell.lower().lstrip("+-") == "nan":
                        what = "The target column" if i == t else "Column"
                        raise UploadError(
                            f"{what} `{columns[i]}` has no value on line {line} ('{cell}'): fill in "
                            "or drop the rows with missing values."
                        )
                    if i == t:
                        if len(cell) > MAX_LABEL_CHARS:
                            raise UploadError(long_label(columns[t], len(cell), line))
                        targets.add(cell, line)
                        continue
                    number = _float(cell)  # inf is a number too big, not text
                    if number is None:
                        raise UploadError(_feature_text(columns[i], cell, line, sep))
                    if abs(number) > FLOAT32_MAX:
                        raise UploadError(_too_big(f"Column `{columns[i]}`", cell, line))
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
        if "field larger than field limit" in str(exc):  # the csv module's words
            raise UploadError(
                f"A value in the CSV is longer than {csv.field_size_limit():,} characters: split "
                "it into columns, or close the quote that leaves the rest of the file one value."
            ) from None
        raise UploadError(f"The CSV cannot be read ({exc}): check its quotes.") from None
    if rows < 2:
        raise UploadError(too_few_rows(rows))
    if targets.huge is not None:
        line, cell = targets.huge
        raise UploadError(_too_big(f"The target column `{columns[t]}`", cell, line))
    y = targets.column()
    x = np.frombuffer(flat, dtype=np.float32).reshape(rows, len(features))  # (N, F), no copy
    return Table(x, y, features, columns, sample, columns[t])


def _target_cells(path: Path, target: int, rows: int, sep: Separator) -> Iterator[str]:
    """The target values of the first `rows` data rows, read again as read_rows read them."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        header_line(f)
        reader = csv.reader(f, delimiter=sep)
        filled = (row for row in reader if any(cell.strip() for cell in row))
        for row in itertools.islice(filled, rows):
            yield decimal_point(row[target].strip(), sep)


class _Targets:
    """The careful reader's target column, a row at a time: numbers while every label is one (8
    bytes a row); from the first text label on, each row's index into the distinct labels (4
    bytes a row), so that a class name is kept once, never once a row."""

    def __init__(self, earlier: Callable[[int], Iterator[str]]) -> None:
        self.numbers: array[float] | None = array("d")
        self.huge: tuple[int, str] | None = None  # the first number float32 cannot hold
        self.codes = array("i")  # each row's label as its place in `index`
        self.index: dict[str, int] = {}  # the distinct labels, in the order they came
        self.earlier = earlier  # the labels of the first rows again, from the file

    def add(self, cell: str, line: int) -> None:
        if self.numbers is not None:
            number = _number(cell)
            if number is not None:
                self.numbers.append(number)
                if self.huge is None and abs(number) > FLOAT32_MAX:
                    self.huge = (line, cell)  # refused at the end if every label is a number
                return
            rows, self.numbers, self.huge = len(self.numbers), None, None
            for label in self.earlier(rows):  # the rows so far, as text this time
                self._encode(label)
        self._encode(cell)

    def _encode(self, label: str) -> None:
        self.codes.append(self.index.setdefault(label, len(self.index)))

    def column(self) -> np.ndarray | TextLabels:
        """(N,) float64 numbers, or text labels indexed into their sorted names."""
        if self.numbers is not None:
            return np.frombuffer(self.numbers, dtype=np.float64)
        names = sorted(self.index)
        place = np.empty(len(names), dtype=np.int64)  # first-come index -> sorted index
        place[[self.index[name] for name in names]] = np.arange(len(names))
        return TextLabels(place[np.frombuffer(self.codes, dtype=np.intc)], names)


def _feature_text(column: str, cell: str, line: int, sep: Separator) -> str:
    if sep == ";" and any(c.isdigit() for c in cell):  # 1.234,5: a thousands separator
        return (
            f"Column `{column}` holds '{cell}' on line {line}, not a number: in a "
            "semicolon-separated CSV write numbers as 1234,5 or 1234.5, without thousands "
            "separators."
        )
    return (
        f"Column `{column}` holds text ('{cell}' on line {line}), but feature columns must be "
        "numbers: encode it as numbers, drop the column, or choose it as the target."
    )


def long_label(target: str, length: int, line: int) -> str:
    return (
        f"The target column `{target}` holds a value of {length:,} characters on line {line}: a "
        f"class name may have at most {MAX_LABEL_CHARS}; shorten the labels, or choose another "
        "target column."
    )


def _too_big(what: str, cell: str, line: int) -> str:
    return outside_float32(
        what, f"'{cell}'", f"on line {line}", "scale the column down (other units) or drop that row"
    )


def too_few_rows(rows: int) -> str:
    return (
        f"The CSV has {rows} data row{'s' if rows != 1 else ''}: a dataset needs at "
        "least 2, one to train on and one to validate with."
    )
