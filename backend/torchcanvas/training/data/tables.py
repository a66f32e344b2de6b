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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from torchcanvas.sizes import size_text
from torchcanvas.training.data.csv_columns import (
    MAX_COLUMNS,
    Header,
    LeftOutColumn,
    check_header,
)
from torchcanvas.training.data.csv_dialect import Separator, decimal_point, separator
from torchcanvas.training.data.csv_lines import DataRows
from torchcanvas.training.data.csv_messages import (
    feature_text,
    long_label,
    missing_value,
    ragged,
    too_big,
    too_few_rows,
)
from torchcanvas.training.data.csv_missing import missing_in
from torchcanvas.training.data.csv_nameless import NamelessColumns, is_missing
from torchcanvas.training.data.csv_names import line_break_in_name, shown
from torchcanvas.training.data.float32 import FLOAT32_MAX
from torchcanvas.training.data.limits import MAX_LABEL_CHARS, UploadError, UploadTooLarge

SAMPLE_ROWS = 10  # rows kept as written, for the preview
MAX_HEADER_BYTES = 2**20


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
    """A CSV as arrays: x is (N, F) float64 and y the target column (float64 numbers, or text),
    so a column of large values and a small spread keeps it until it is standardised."""

    x: np.ndarray
    y: np.ndarray | TextLabels
    features: list[str]
    columns: list[str]  # the features and the target, in the file's order
    sample_rows: list[list[str]]  # their first rows as written
    target: str  # the column y was read from: the one chosen, else the one guessed
    left_out: list[LeftOutColumn] = field(default_factory=list)
    missing_rows: int = 0  # rows left out for a missing value (read_csv's drop_missing)
    first_missing_line: int | None = None  # the first of them, by its line in the file


def kept_cells(row: list[str], header: Header) -> list[str]:
    """A row's cells of the columns the dataset keeps, stripped, for the preview."""
    return [row[i].strip() for i in header.used]


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
            f"The CSV header is longer than {size_text(MAX_HEADER_BYTES)}: a dataset may have "
            f"at most {MAX_COLUMNS:,} columns; drop the columns you do not need."
        )
    sep = separator(line)
    if not line.strip():
        return None, sep
    row = next(csv.reader([line], delimiter=sep))
    # Past the line's end only inside quotes: a quoted name that runs over lines, whose rest the
    # readers would take for the first data row ("Line 2 has 1 values…").
    if row and any(end in row[-1] for end in "\r\n"):
        raise UploadError(line_break_in_name(len(row)))
    return row, sep


def read_csv(
    path: Path, target: str | None, drop: Sequence[str] = (), drop_missing: bool = False
) -> Table:
    """Parses the CSV, refusing ragged rows, text in feature columns and missing values (or,
    with `drop_missing`, leaving out the rows that have one); the columns in `drop` are left out
    unread."""
    from torchcanvas.training.data.csv_fast import read_typed

    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            row, sep = header_line(f)
            header = check_header(row, target, drop)
    except (UnicodeDecodeError, csv.Error):
        return read_rows(path, target, drop, drop_missing)  # which names the problem
    table = read_typed(path, header, sep, drop_missing)  # None at a missing value it must name
    return table if table is not None else read_rows(path, target, drop, drop_missing)


def read_rows(
    path: Path, target: str | None, drop: Sequence[str] = (), drop_missing: bool = False
) -> Table:
    """The careful reader: row by row, naming the first problem with its line number."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            row, sep = header_line(f)
            header = check_header(row, target, drop)
            t = header.target
            targets = _Targets(lambda count: _target_cells(path, t, count, sep, rows.left_out))
            rows = _Rows(header, sep, targets, drop_missing)
            for row, line in DataRows(f, len(header.names), sep):
                rows.add(row, line)
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
    return rows.table()


class _Rows:
    """The data rows read so far: every feature value in one flat array, the targets, a sample."""

    def __init__(
        self, header: Header, sep: Separator, targets: "_Targets", drop_missing: bool
    ) -> None:
        self.header, self.sep, self.targets = header, sep, targets
        self.nameless = NamelessColumns(header)
        self.read = sorted([*header.used, *header.nameless])  # a left-out column is never read
        self.flat = array("d")  # every feature value, row after row: 8 bytes each, no objects
        self.count = 0
        self.sample: list[list[str]] = []
        self.drop_missing = drop_missing
        self.missing = 0  # the rows left out for a missing value
        self.first_missing: int | None = None

    def left_out(self, row: list[str]) -> bool:
        """Whether the row is left out: a missing value among its features or target, where
        the rows that have one are dropped."""
        return self.drop_missing and missing_in(row, self.header, self.sep)

    def add(self, row: list[str], line: int) -> None:
        """Checks a row's cells and keeps them; UploadError naming the first problem."""
        columns = self.header.names
        if len(row) != len(columns):
            raise UploadError(ragged(line, len(row), len(columns), self.sep))
        if self.left_out(row):
            self.missing += 1
            self.first_missing = self.first_missing or line
            for i in self.header.nameless:  # data in a nameless column is refused all the same
                self.nameless.add(i, decimal_point(row[i].strip(), self.sep), line)
            return
        for i in self.read:
            self._cell(i, decimal_point(row[i].strip(), self.sep), line)
        self.count += 1
        if len(self.sample) < SAMPLE_ROWS:
            self.sample.append(kept_cells(row, self.header))

    def _cell(self, i: int, cell: str, line: int) -> None:
        """Keeps one cell: a nameless column's, the target's, or a feature's number."""
        columns, t = self.header.names, self.header.target
        if not columns[i]:
            self.nameless.add(i, cell, line)
            return
        if is_missing(cell):
            what = "The target column" if i == t else "Column"
            raise UploadError(missing_value(what, columns[i], cell, line))
        if i == t:
            if len(cell) > MAX_LABEL_CHARS:
                raise UploadError(long_label(columns[t], len(cell), line))
            self.targets.add(cell, line)
            return
        number = _float(cell)  # inf is a number too big, not text
        if number is None:
            raise UploadError(feature_text(columns[i], cell, line, self.sep))
        if abs(number) > FLOAT32_MAX:
            raise UploadError(too_big(f"Column `{shown(columns[i])}`", cell, line))
        self.flat.append(number)

    def table(self) -> Table:
        """The rows read as a Table; UploadError for fewer than two, or a target too large."""
        header, rows = self.header, self.count
        columns, t = header.names, header.target
        if rows < 2:
            raise UploadError(too_few_rows(rows, self.missing))
        left_out = self.nameless.left_out(header)
        if self.targets.huge is not None:
            line, cell = self.targets.huge
            raise UploadError(too_big(f"The target column `{shown(columns[t])}`", cell, line))
        y = self.targets.column()
        features = header.feature_names
        x = np.frombuffer(self.flat, dtype=np.float64).reshape(
            rows, len(features)
        )  # (N, F), no copy
        used = [columns[i] for i in header.used]
        table = Table(x, y, features, used, self.sample, columns[t], left_out)
        table.missing_rows, table.first_missing_line = self.missing, self.first_missing
        return table


def _target_cells(
    path: Path, target: int, rows: int, sep: Separator, left_out: Callable[[list[str]], bool]
) -> Iterator[str]:
    """The target values of the first `rows` data rows, read again as read_rows read them (those
    `left_out` for a missing value skipped again)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        header_line(f)
        reader = csv.reader(f, delimiter=sep)
        filled = (row for row in reader if any(c.strip() for c in row) and not left_out(row))
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
