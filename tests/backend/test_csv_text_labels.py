"""The careful CSV reader encodes text labels while it reads, at a few bytes a row, and reads
every file as it did when it kept one string a row: the same tables, the same refusals."""

import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.backend.csv_reference import read_rows_as_before
from torchcanvas.training.data.limits import UploadError
from torchcanvas.training.data.tables import Table, TextLabels, read_rows

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NUMBERS = ["0", "1", "2", " 3 ", "-1.5", "1e3", "01", "1.0", "+2"]
TEXT = ["cat", " dog", "Dog", "é", "e", "b0", "inf", "x" * 200]  # "inf" is no finite number
TEXT += ['"a,b"', '"two\nlines"', '" quoted "']  # quoted: a comma, a line break, spaces
# One of these, put in one cell of a file that is otherwise fine, and what the cell must be in.
PROBLEMS = [
    ("", "any"),
    ("NA", "any"),
    (" ? ", "any"),
    ("1e39", "any"),
    ("-1e39", "any"),
    ("x" * 201, "target"),
    ("cat", "feature"),
    ("nan", "feature"),
]


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """A CSV of 2 to 4 columns, its target numbers, text or both, with now and then blank lines,
    quoted cells, and one problem the careful reader names."""
    width = draw(st.integers(2, 4))
    target = draw(st.integers(0, width - 1))
    labels = draw(st.sampled_from([NUMBERS, TEXT, NUMBERS + TEXT]))
    numbers_first = draw(st.integers(0, 40))  # rows whose labels are numbers, whatever `labels`
    rows = [
        [
            draw(st.sampled_from(labels if j == target and i >= numbers_first else NUMBERS))
            for j in range(width)
        ]
        for i in range(draw(st.integers(0, 40)))
    ]
    if rows and draw(st.booleans()):
        cell, where = draw(st.sampled_from(PROBLEMS))
        row = draw(st.integers(0, len(rows) - 1))
        column = target if where == "target" else draw(st.integers(0, width - 1))
        if where == "feature" and column == target:
            column = (target + 1) % width
        rows[row][column] = cell
    lines = [",".join(f"c{j}" for j in range(width))] + [",".join(row) for row in rows]
    for _ in range(draw(st.integers(0, 3))):  # blank lines, and one now and then a value short
        odd = draw(st.sampled_from(["", "   ", ",", ",".join(["1"] * (width - 1))]))
        lines.insert(draw(st.integers(1, len(lines))), odd)
    end = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + end.join(lines) + end).encode(), f"c{target}"


def _outcome(table_or_error: Table | UploadError) -> tuple[Any, ...]:
    """What a reader gave, in a form that compares exactly: the refusal's words, or the table."""
    if isinstance(table_or_error, UploadError):
        return ("refused", type(table_or_error), str(table_or_error))
    table, y = table_or_error, table_or_error.y
    if isinstance(y, TextLabels):
        target: tuple[Any, ...] = ("text", y.names, y.codes.dtype, y.codes.tolist())
    else:
        target = ("numbers", y.dtype, y.shape, y.tobytes())
    x = (table.x.dtype, table.x.shape, table.x.tobytes())
    return ("read", x, target, table.features, table.columns, table.sample_rows)


def _read(reader: Any, path: Path, target: str) -> tuple[Any, ...]:
    try:
        return _outcome(reader(path, target))
    except UploadError as refusal:
        return _outcome(refusal)


def _assert_as_before(path: Path, target: str) -> tuple[Any, ...]:
    now = _read(read_rows, path, target)
    assert now == _read(read_rows_as_before, path, target)
    return now


@SETTINGS
@given(csv_files())
def test_the_careful_reader_reads_every_file_as_before(
    tmp_path: Path, file: tuple[bytes, str]
) -> None:
    data, target = file
    path = tmp_path / "drawn.csv"
    path.write_bytes(data)
    _assert_as_before(path, target)


CASES = {
    # text after numbers: the rows before are encoded again, quoted line breaks and all
    "late text": (b'a,y\n1,"2\n"\n\n  \n2,1\n , \n3,"x\ny"\n4,2\n5,x\n', "read"),
    "long after text": (b"a,y\n1,cat\n2,dog\n3," + b"z" * 201 + b"\n", "refused"),
    "missing after text": (b"a,y\n1,cat\n2,dog\n3,NA\n", "refused"),
    "ragged after text": (b"a,y\n1,cat\n2,dog,3\n", "refused"),
    "text feature after text": (b"a,y\n1,cat\n2,dog\nx,cat\n", "refused"),
    "huge number then text": (b"a,y\n1,1e39\n2,dog\n", "read"),
    "huge number, no text": (b"a,y\n1,1e39\n2,1\n", "refused"),
    "one row of text": (b"a,y\n1,cat\n\n", "refused"),
    "numbers that differ as text": (b"a,y\n1,1\n2,1.0\n3,01\n4,one\n", "read"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_files_that_switch_to_text_read_as_before(tmp_path: Path, name: str) -> None:
    data, expected = CASES[name]
    path = tmp_path / "case.csv"
    path.write_bytes(data)
    assert _assert_as_before(path, "y")[0] == expected


def _peak_bytes(path: Path) -> tuple[Table, int]:
    tracemalloc.start()
    try:
        table = read_rows(path, "t")
        return table, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_text_labels_cost_a_few_bytes_a_row(tmp_path: Path) -> None:
    rows = 200_000
    path = tmp_path / "labels.csv"
    labels = [b"setosa", b"versicolor", b"virginica", b"unknown species"]
    path.write_bytes(b"f,t\n" + b"".join(b"%d,%s\n" % (i % 7, labels[i % 4]) for i in range(rows)))
    table, peak = _peak_bytes(path)
    assert isinstance(table.y, TextLabels) and len(table.y.codes) == rows
    assert table.y.names == sorted(label.decode() for label in labels)
    # One float64 feature (8 bytes), a 4-byte class index while reading, the int64 codes (8):
    # about 20 bytes a row. A string a row took about 70.
    assert peak / rows < 24, f"{peak / rows:.0f} bytes a row"


def test_text_after_many_numbers_costs_no_more(tmp_path: Path) -> None:
    rows = 200_000
    path = tmp_path / "late.csv"
    path.write_bytes(
        b"f,t\n" + b"".join(b"%d,%d\n" % (i % 7, i % 4) for i in range(rows)) + b"1,x\n"
    )
    table, peak = _peak_bytes(path)
    assert isinstance(table.y, TextLabels) and table.y.names == ["0", "1", "2", "3", "x"]
    assert np.array_equal(table.y.codes[:8], [0, 1, 2, 3, 0, 1, 2, 3])
    assert peak / rows < 24, f"{peak / rows:.0f} bytes a row"
