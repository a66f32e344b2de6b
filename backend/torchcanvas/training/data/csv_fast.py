"""The fast CSV path: pyarrow's streaming reader, block by block, straight into typed columns.

Memory stays near the size of the numbers themselves (4 bytes a value, read in 1 MiB blocks),
with no Python object per cell. Anything it cannot take as it is returns None, and the careful
reader in tables.py reads the file again to name the problem with its line.
"""

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from torchcanvas.training.data.tables import _MISSING, SAMPLE_ROWS, Table

_BLOCK = 2**20
# Every spelling of a missing value the careful reader refuses, so that they show up as nulls.
_NULLS = sorted({v for m in _MISSING for v in (m, m.upper(), m.capitalize())})


def _sample(path: Path) -> list[list[str]]:
    """The first rows as written (stripped), for the preview."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        rows: list[list[str]] = []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
            if len(rows) == SAMPLE_ROWS:
                break
    return rows


def _target(chunks: list[pa.Array]) -> np.ndarray | None:
    """The target column as numbers when every value is one, else as text labels."""
    labels = pc.utf8_trim_whitespace(pa.chunked_array(chunks, type=pa.string()))
    try:
        numbers = pc.cast(labels, pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.asarray(labels.to_numpy(zero_copy_only=False)).astype(str)
    return numbers if bool(np.isfinite(numbers).all()) else None


def _line_count(path: Path) -> int:
    """An upper bound on the data rows: the file's line breaks, counted in 1 MiB reads."""
    count = 0
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            count += block.count(b"\n")
    return count + 1


def read_typed(path: Path, columns: list[str], target: int) -> Table | None:
    """The CSV as (N, F) float32 features and a target column, or None for the careful reader.

    The features go straight into one array sized from the line count, a block at a time, so the
    peak is that array and one block: no list of blocks, no concatenation.
    """
    features = [c for i, c in enumerate(columns) if i != target]
    types = {name: pa.float64() for name in features} | {columns[target]: pa.string()}
    x = np.empty((_line_count(path), len(features)), dtype=np.float32)  # (rows at most, F)
    rows = 0
    labels: list[pa.Array] = []
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=1, column_names=columns, block_size=_BLOCK, use_threads=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                null_values=_NULLS,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
            memory_pool=pa.system_memory_pool(),  # malloc: what a block used is given back
        )
        for batch in reader:
            if any(column.null_count for column in batch.columns):
                return None  # a missing value: the careful reader says where
            block = x[rows : rows + batch.num_rows]  # (batch rows, F)
            for j, name in enumerate(features):
                values = batch.column(name).to_numpy()  # float64, as the careful reader parses
                if not np.isfinite(values).all():
                    return None
                block[:, j] = values
            rows += batch.num_rows
            labels.append(batch.column(columns[target]))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    y = _target(labels) if labels else None
    if rows < 2 or y is None:
        return None
    return Table(x[:rows], y, features, columns, _sample(path))
