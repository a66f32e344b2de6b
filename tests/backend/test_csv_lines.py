"""A CSV line is refused before it is split when it holds more values than the header has
columns, long quoted values full of commas and line breaks are still read, and a quote never
closed is named with the line it was opened on."""

import tracemalloc
from pathlib import Path

import pytest

from torchcanvas.training.data.limits import UploadError
from torchcanvas.training.data.tables import read_csv, read_rows


def _refusal_and_peak(path: Path) -> tuple[str, int]:
    """The careful reader's refusal of the file, and the most memory it held meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(UploadError) as refusal:
            read_rows(path, None)
        return str(refusal.value), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_line_longer_than_its_columns_can_be_is_refused_unread(tmp_path: Path) -> None:
    """A 100 MB line of "1," was split into 52 million strings (560 MB) before it was refused."""
    path = tmp_path / "long.csv"
    path.write_bytes(b"a,b,label\n" + b"1," * 8_000_000 + b"\n3,4,x\n")  # 16 MB
    message, peak = _refusal_and_peak(path)
    assert message == (
        "Line 2 is longer than a row of 3 columns can be (over 786,443 characters, with at most "
        "131,072 a value): every line needs one value per column (look for extra commas or a "
        "missing line break)."
    )
    assert peak < 4 * 2**20, f"{peak / 2**20:.0f} MB"  # split, 82 MB


def test_a_line_of_too_many_values_is_refused_before_it_is_split(tmp_path: Path) -> None:
    """400 columns may hold a 10 MB line, but not 5 million values."""
    path = tmp_path / "wide.csv"
    header = ",".join(f"c{i}" for i in range(400)).encode()
    path.write_bytes(header + b"\n" + b"1," * 5_000_000 + b"\n")  # 10 MB
    message, peak = _refusal_and_peak(path)
    assert message == (
        "Line 2 has 5000001 values but the header has 400 columns: every line needs one value "
        "per column (look for a missing or extra comma)."
    )
    assert peak < 30 * 2**20, f"{peak / 2**20:.0f} MB"  # the line as read; split, 52 MB


@pytest.mark.parametrize("reader", ["fast", "careful"])
def test_long_quoted_values_full_of_commas_and_line_breaks_are_read(
    tmp_path: Path, reader: str
) -> None:
    long = b'"' + b"x,\n," * 30_000 + b'""y"'  # 120,000 characters, 90,000 of them commas
    path = tmp_path / "quoted.csv"
    path.write_bytes(
        b"a,notes,label\n1," + long + b",cat\n2,,dog\n3," + long + b",cat\n4," + b'"z"' + b",dog\n"
    )
    table = (read_csv if reader == "fast" else read_rows)(path, "label", drop=["notes"])
    assert table.x.tolist() == [[1.0], [2.0], [3.0], [4.0]]


UNCLOSED = (
    "A quote opened on line {} is never closed, so the rest of the file reads as one value: close "
    'it with a second quote, or remove it (a value that holds a quote is written "like ""this""").'
)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b'a,b,label\n"1,2,x\n' + b"3,4,y\n" * 50, 2),  # it was "Line 52 has 1 values"
        (b'a,b,label\n1,2,x\n3,4,"y\n' + b"5,6,z\n" * 50, 3),  # it was read, 50 rows lost
        (b'a,b,label\r\n1,2,x\r\n3,4,"y\r\nz"\r\n5,"6\r\n7,8,z', 5),
        (b'a,b,label\n1,2,x\n3,4,y\n"5,6,z', 4),
    ],
)
def test_a_quote_never_closed_is_named_with_its_line(
    tmp_path: Path, data: bytes, line: int
) -> None:
    path = tmp_path / "quote.csv"
    path.write_bytes(data)
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "label")
    assert str(refusal.value) == UNCLOSED.format(line)


def test_a_quote_left_open_on_the_last_lines_value_alone_is_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "last.csv"
    path.write_bytes(b'a,b,label\n1,2,x\n3,4,"y\n')
    assert read_rows(path, "label").x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
