"""The fast CSV path: pyarrow's streaming reader, block by block, straight into typed columns.

Memory stays near the size of the numbers themselves (8 bytes a value, read in 1 MiB blocks),
with no Python object per cell. Anything it cannot take as it is returns None, and the careful
reader in tables.py reads the file again to name the problem with its line.
"""

import csv
import ctypes
import ctypes.util
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from torchcanvas.training.data.csv_columns import Header, LeftOutWhy
from torchcanvas.training.data.csv_dialect import Separator
from torchcanvas.training.data.csv_missing import first_missing_line, missing_in
from torchcanvas.training.data.csv_nameless import MISSING, first_repeat, left_out_columns
from torchcanvas.training.data.float32 import fits_float32
from torchcanvas.training.data.limits import MAX_LABEL_CHARS
from torchcanvas.training.data.tables import SAMPLE_ROWS, Table, TextLabels, kept_cells


def _glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (which has malloc_trim), else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


_BLOCK = 2**20
_LIBC = _glibc()
_POOL = pa.system_memory_pool()  # malloc: what a block used is given back at once
# Every spelling of a missing value the careful reader refuses, so that they show up as nulls.
_NULLS = sorted({v for m in MISSING for v in (m, m.upper(), m.capitalize())})


def _positions(header: Header) -> list[str]:
    """A name for each column by its place: the header's may repeat ("" twice) or be empty."""
    return [f"c{i}" for i in range(len(header.names))]


def _sample(path: Path, header: Header, sep: Separator, drop_missing: bool) -> list[list[str]]:
    """The first rows' kept cells as written (stripped), for the preview; those left out for a
    missing value are not among them."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=sep)
        next(reader, None)
        rows: list[list[str]] = []
        for row in reader:
            if any(cell.strip() for cell in row) and not (
                drop_missing and missing_in(row, header, sep)
            ):
                rows.append(kept_cells(row, header))
            if len(rows) == SAMPLE_ROWS:
                break
    return rows


class _Targets:
    """The target column as numbers, a batch at a time, into one float64 array; `numbers` turns
    None at the first value that is not a number, and the labels are then read again as text."""

    def __init__(self, rows: int, sep: Separator) -> None:
        self.numbers: np.ndarray | None = np.empty(rows, dtype=np.float64)
        self.sep = sep
        self.fit = True  # every number so far is a finite float32

    def add(self, column: pa.Array, start: int) -> None:
        if self.numbers is None:
            return
        try:
            labels = pc.utf8_trim_whitespace(column, memory_pool=_POOL)
            if self.sep == ";":  # 1,5 is 1.5 (text labels are read again, as they are)
                labels = pc.replace_substring(labels, ",", ".", memory_pool=_POOL)
            values = pc.cast(labels, pa.float64(), memory_pool=_POOL).to_numpy()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            self.numbers = None  # text labels: read again as text once the features are in
            return
        self.fit = self.fit and fits_float32(values)
        self.numbers[start : start + len(values)] = values


def _text_labels(path: Path, header: Header, sep: Separator) -> TextLabels | None:
    """The target column alone, as trimmed text encoded as the careful reader encodes it; None
    when a label is too long (the careful reader names its line)."""
    columns, target = _positions(header), _positions(header)[header.target]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(skip_rows=1, column_names=columns, block_size=_BLOCK),
        parse_options=pacsv.ParseOptions(delimiter=sep),
        convert_options=pacsv.ConvertOptions(
            include_columns=[target], column_types={target: pa.string()}
        ),
        memory_pool=_POOL,
    )
    labels = pc.utf8_trim_whitespace(table.column(0), memory_pool=_POOL)
    longest = pc.max(pc.utf8_length(labels, memory_pool=_POOL), memory_pool=_POOL).as_py()
    if longest is None or longest > MAX_LABEL_CHARS or _any_missing(labels):
        return None
    # Sorted by UTF-8 bytes, which is code point order: as Python sorts the careful reader's.
    names = pc.unique(labels, memory_pool=_POOL).sort()
    codes = pc.index_in(labels, value_set=names, memory_pool=_POOL)
    return TextLabels(codes.to_numpy().astype(np.int64), names.to_pylist())


def _any_missing(labels: pa.ChunkedArray) -> bool:
    """Whether a trimmed label is a missing value to the careful reader (is_missing): " NA "
    is no null to pyarrow, which matches a cell as it is written."""
    lowered = pc.utf8_lower(labels, memory_pool=_POOL)
    missing = pc.or_(
        pc.is_in(lowered, value_set=pa.array(sorted(MISSING))),
        pc.equal(pc.utf8_ltrim(lowered, characters="+-"), "nan"),
    )
    return bool(pc.any(missing).as_py())


def give_back_freed_memory() -> None:
    """Returns the heap's free pages to the system (glibc keeps the blocks' freed buffers
    otherwise, tens of MB that a large array allocated next cannot reuse)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _line_count(path: Path) -> int:
    """An upper bound on the data rows: the file's line ends as pyarrow splits rows, at \n, \r\n
    or a lone \r (a file saved by classic Mac OS; counting \n alone, its rows overflowed x, a
    500), counted in 1 MiB reads. A \r\n cut by a block's end counts twice, one too many."""
    count = 0
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            count += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
    return count + 1


class _Nameless:
    """The nameless columns, a batch at a time, as the careful reader's NamelessColumns judges
    them: the first an index (its numbers kept, to see that none repeats) or empty, any other
    empty. `add` is False at anything else, which the careful reader names."""

    def __init__(self, header: Header, rows: int) -> None:
        self.columns = header.nameless
        self.kinds: dict[int, LeftOutWhy] = {}
        self.index = np.empty(rows if 0 in self.columns else 0, dtype=np.int64)  # (rows,)

    def add(self, batch: pa.RecordBatch, start: int) -> bool:
        for i in self.columns:
            column = batch.column(f"c{i}")
            if column.null_count == len(column):
                kind: LeftOutWhy = "empty"
            elif column.null_count == 0 and i == 0:
                values = column.to_numpy()  # float64
                if not (np.all(np.mod(values, 1) == 0) and np.all(np.abs(values) < 2**63)):
                    return False
                self.index[start : start + len(values)] = values
                kind = "index"
            else:
                return False
            if self.kinds.setdefault(i, kind) != kind:
                return False
        return True

    def repeats(self, rows: int) -> bool:
        return self.kinds.get(0) == "index" and first_repeat(self.index[:rows]) is not None


def read_typed(
    path: Path, header: Header, sep: Separator = ",", drop_missing: bool = False
) -> Table | None:
    """The CSV as (N, F) float64 features and a target column, or None for the careful reader.
    A semicolon file's numbers are read with decimal commas; one with a point, or a label of
    text with a comma, is left to the careful reader. The columns left out are not converted.
    With `drop_missing`, the rows with a missing value among the features or the target are
    left out (where the labels are text, the careful reader leaves them out).

    The features go straight into one array sized from the line count, a block at a time, so the
    peak is that array and one block: no list of blocks, no concatenation.
    """
    # float64 until standardised: 1e9 + 150 as float32 is 1e9 + 128 (standardise.py)
    x = np.empty((_line_count(path), len(header.features)), dtype=np.float64)  # (rows at most, F)
    targets = _Targets(len(x), sep)
    nameless = _Nameless(header, len(x))
    rows = _Rows(drop_missing)
    try:
        kept = _read_into(x, _open(path, header, sep), header, targets, nameless, rows)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if kept is None or kept < 2 or not targets.fit or nameless.repeats(rows.read):
        return None  # the careful reader names the problem
    numbers = targets.numbers
    if numbers is None and rows.missing:
        return None  # text labels, read again whole: the careful reader leaves the rows out
    y = numbers[:kept] if numbers is not None else _text_labels(path, header, sep)
    give_back_freed_memory()
    if y is None:
        return None
    if len(y if isinstance(y, np.ndarray) else y.codes) != kept:
        return None  # the second read saw other rows: the careful reader decides
    used = [header.names[i] for i in header.used]
    kinds = {i: nameless.kinds.get(i, "empty") for i in header.nameless}
    sample = _sample(path, header, sep, drop_missing)
    table = Table(
        x[:kept],
        y,
        header.feature_names,
        used,
        sample,
        header.target_name,
        left_out_columns(header, kinds),
    )
    if rows.missing:
        table.missing_rows = rows.missing
        table.first_missing_line = first_missing_line(path, header, sep)
    return table


@dataclass
class _Rows:
    """The data rows read, and those left out for a missing value (with `drop_missing`)."""

    drop_missing: bool
    read: int = 0
    missing: int = 0


def _open(path: Path, header: Header, sep: Separator) -> pacsv.CSVStreamingReader:
    """pyarrow's streaming reader of the columns kept: the features and the nameless ones as
    float64, the target as text, every spelling of a missing value as null."""
    names = _positions(header)
    types = {names[i]: pa.float64() for i in [*header.features, *header.nameless]}
    types[names[header.target]] = pa.string()
    return pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            skip_rows=1, column_names=names, block_size=_BLOCK, use_threads=False
        ),
        parse_options=pacsv.ParseOptions(delimiter=sep),
        convert_options=pacsv.ConvertOptions(
            decimal_point="," if sep == ";" else ".",
            include_columns=sorted(types, key=names.index),
            column_types=types,
            null_values=_NULLS,
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
        memory_pool=_POOL,
    )


def _all_missing(batch: pa.RecordBatch) -> bool:
    """Whether a row of the batch has no value in any column read ("1,,," with its first left out
    is one too: the careful reader decides which is blank)."""
    nothing = functools.reduce(pc.and_, [pc.is_null(column) for column in batch.columns])
    return bool(pc.any(nothing).as_py())


def _read_into(
    x: np.ndarray,
    batches: Iterable[pa.RecordBatch],
    header: Header,
    targets: _Targets,
    nameless: _Nameless,
    counted: _Rows,
) -> int | None:
    """Fills x (rows at most, F) a batch at a time; the rows kept, or None at anything that only
    the careful reader can name."""
    names = _positions(header)
    features, target = [names[i] for i in header.features], names[header.target]
    rows = 0
    for batch in batches:
        if not nameless.add(batch, counted.read):
            return None  # a nameless column of data: the careful reader says where
        counted.read += batch.num_rows
        if any(batch.column(name).null_count for name in [*features, target]):
            if not counted.drop_missing:
                return None  # a missing value: the careful reader says where
            if _all_missing(batch):
                return None  # a line of separators alone, which the careful reader skips as blank
            read = batch.num_rows
            whole = [pc.is_valid(batch.column(name)) for name in [*features, target]]
            batch = batch.filter(functools.reduce(pc.and_, whole))
            counted.missing += read - batch.num_rows
        block = x[rows : rows + batch.num_rows]  # (batch rows, F)
        for j, name in enumerate(features):
            values = batch.column(name).to_numpy()  # float64, as the careful reader parses
            if not fits_float32(values):
                return None  # NaN, infinite, or past float32's range: the careful reader names it
            block[:, j] = values
        targets.add(batch.column(target), rows)
        rows += batch.num_rows
    return rows
