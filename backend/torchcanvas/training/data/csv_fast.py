"""The fast CSV path: pyarrow's streaming reader, block by block, straight into typed columns.

Memory stays near the size of the numbers themselves (8 bytes a value, read in 4 MiB blocks),
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

_BLOCK = 4 * 2**20
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


def read_typed(path: Path, columns: list[str], target: int) -> Table | None:
    """The CSV as (N, F) float64 features and a target column, or None to use the careful reader."""
    features = [c for i, c in enumerate(columns) if i != target]
    types = {name: pa.float64() for name in features} | {columns[target]: pa.string()}
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=columns, block_size=_BLOCK),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                null_values=_NULLS,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
        blocks: list[np.ndarray] = []
        labels: list[pa.Array] = []
        for batch in reader:
            if any(column.null_count for column in batch.columns):
                return None  # a missing value: the careful reader says where
            x = np.empty((batch.num_rows, len(features)), dtype=np.float64)  # (rows, F)
            for j, name in enumerate(features):
                x[:, j] = batch.column(name).to_numpy()
            if not np.isfinite(x).all():
                return None
            blocks.append(x)
            labels.append(batch.column(columns[target]))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    rows = sum(len(b) for b in blocks)
    y = _target(labels) if labels else None
    if rows < 2 or y is None:
        return None
    x = blocks[0] if len(blocks) == 1 else np.concatenate(blocks)
    del blocks
    return Table(x, y, features, columns, _sample(path))
