"""A CSV's columns: pandas' nameless index and Excel's empty last column are left out, a nameless
column of data is refused with where it is, and the columns named in `drop` are never read. The
fast and the careful reader agree on each."""

from pathlib import Path

import numpy as np
import pytest

from torchcanvas.training.data.csv_columns import LeftOutColumn, check_header
from torchcanvas.training.data.csv_fast import read_typed
from torchcanvas.training.data.limits import UploadError
from torchcanvas.training.data.tables import Table, TextLabels, read_csv, read_rows

ROWS = [(1.5, 2, "x"), (3, 4, "y"), (5, -6, "x"), (7, 8, "y")]
PLAIN = "a,b,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in ROWS)


def _lines(header: str, cells: list[str]) -> str:
    return header + "\n" + "".join(f"{cell}\n" for cell in cells)


def _rows(before: list[str], after: str = "", sep: str = ",") -> list[str]:
    """The ROWS with a cell before each (the index pandas writes) and `after` each."""
    return [f"{b}{a}{sep}{x}{sep}{c}{after}" for b, (a, x, c) in zip(before, ROWS, strict=True)]


def _index(numbers: list[int]) -> list[str]:
    return [f"{n}," for n in numbers]


INDEX = LeftOutColumn(column=1, name="", why="index")
# Each file and the columns it leaves out; read, it is PLAIN.
TWINS = {
    # df.to_csv(path): the header's first cell empty, the rows numbered from 0
    "pandas": (_lines(",a,b,label", _rows(_index([0, 1, 2, 3]))), [INDEX]),
    "pandas-from-1": (_lines(",a,b,label", _rows(_index([1, 2, 3, 4]))), [INDEX]),
    "pandas-filtered": (_lines(",a,b,label", _rows(_index([0, 2, 5, 9]))), [INDEX]),
    "pandas-shuffled": (_lines(",a,b,label", _rows(_index([2, 0, 3, 1]))), [INDEX]),
    # Excel: every line ends with a separator
    "excel": (
        _lines("a,b,label,", _rows([""] * 4, ",")),
        [LeftOutColumn(column=4, name="", why="empty")],
    ),
    "excel-two-empty": (
        _lines("a,b,label,,", _rows([""] * 4, ", ,")),
        [
            LeftOutColumn(column=4, name="", why="empty"),
            LeftOutColumn(column=5, name="", why="empty"),
        ],
    ),
    "pandas-then-excel": (
        _lines(",a,b,label,", _rows(_index([0, 1, 2, 3]), ",")),
        [INDEX, LeftOutColumn(column=5, name="", why="empty")],
    ),
    "semicolons": (
        _lines(
            ";a;b;label;", [r.replace(".", ",") for r in _rows(["0;", "1;", "2;", "3;"], ";", ";")]
        ),
        [INDEX, LeftOutColumn(column=5, name="", why="empty")],
    ),
}


def _same_table(got: Table, expected: Table) -> None:
    np.testing.assert_array_equal(got.x, expected.x)
    assert isinstance(got.y, TextLabels) and isinstance(expected.y, TextLabels)
    np.testing.assert_array_equal(got.y.codes, expected.y.codes)
    assert (got.features, got.columns, got.target) == (
        expected.features,
        expected.columns,
        expected.target,
    )


@pytest.mark.parametrize("reader", [read_csv, read_rows], ids=["fast", "careful"])
@pytest.mark.parametrize("name", sorted(TWINS))
def test_a_nameless_index_or_empty_column_is_left_out(
    tmp_path: Path, name: str, reader: object
) -> None:
    """Both were refused: "Column 1 of the CSV header has no name"."""
    text, left_out = TWINS[name]
    path, plain = tmp_path / f"{name}.csv", tmp_path / "plain.csv"
    path.write_text(text)
    plain.write_text(PLAIN)
    table = reader(path, None)  # type: ignore[operator]
    _same_table(table, read_rows(plain, None))
    assert table.left_out == left_out
    assert table.sample_rows[0] == ["1,5" if name == "semicolons" else "1.5", "2", "x"]


@pytest.mark.parametrize("name", ["pandas", "pandas-shuffled", "excel", "pandas-then-excel"])
def test_the_fast_reader_takes_an_index_and_an_empty_column_itself(
    tmp_path: Path, name: str
) -> None:
    text, left_out = TWINS[name]
    path = tmp_path / "fast.csv"
    path.write_text(text)
    fast = read_typed(path, check_header(text.split("\n")[0].split(","), None))
    assert fast is not None and fast.left_out == left_out


# A nameless column that holds data, and what each reader says of it.
REFUSED = {
    "data-in-the-middle": (
        _lines("a,,label", ["1,5,x", "2,6,y", "3,7,x"]),
        "Column 2 of the CSV header has no name, but it holds '5' on line 2: name it in the "
        "header's first line to read it as a feature (or leave it out), or delete the column.",
    ),
    "a-value-in-the-empty-last-column": (
        _lines("a,b,label,", ["1,5,x,", "2,6,y,", "3,7,x,0.5"]),
        "Column 4 of the CSV header has no name, but it holds '0.5' on line 4: name it in the "
        "header's first line to read it as a feature (or leave it out), or delete the column.",
    ),
    "text-first": (
        _lines(",a,label", ["ann,1,x", "bob,2,y", "cy,3,x"]),
        "Column 1 of the CSV header has no name, and it holds 'ann' on line 2, not a row number: "
        "name it in the header's first line to read it as a feature (or leave it out), or save "
        "the CSV without it (pandas: df.to_csv(path, index=False)).",
    ),
    "fractions-first": (
        _lines(",a,label", ["0,1,x", "0.5,2,y", "1,3,x"]),
        "Column 1 of the CSV header has no name, and it holds '0.5' on line 3, not a row number: "
        "name it in the header's first line to read it as a feature (or leave it out), or save "
        "the CSV without it (pandas: df.to_csv(path, index=False)).",
    ),
    "repeated-first": (
        _lines(",a,label", ["1,1,x", "2,2,y", "1,3,x", "3,4,y"]),
        "Column 1 of the CSV header has no name, and its whole numbers repeat (1 is there more "
        "than once), so it is no index of row numbers: name it in the header's first line to "
        "read it as a feature (or leave it out), or save the CSV without it (pandas: "
        "df.to_csv(path, index=False)).",
    ),
    "a-row-number-missing": (
        _lines(",a,label", ["0,1,x", ",2,y", "2,3,x"]),
        "Column 1 of the CSV header has no name and holds row numbers, but line 3 has none (''): "
        "fill it in, name the column in the header's first line, or save the CSV without it "
        "(pandas: df.to_csv(path, index=False)).",
    ),
}


@pytest.mark.parametrize("reader", [read_csv, read_rows], ids=["fast", "careful"])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_nameless_column_of_data_is_refused_with_where_and_what_to_do(
    tmp_path: Path, name: str, reader: object
) -> None:
    text, message = REFUSED[name]
    path = tmp_path / "data.csv"
    path.write_text(text)
    with pytest.raises(UploadError) as refusal:
        reader(path, None)  # type: ignore[operator]
    assert str(refusal.value) == message


NOTES = _lines(
    "id,a,when,b,notes,label",
    ["17,1.5,2024-01-02,2,,x", "9,3,2024-01-03,4,late,y", "4,5,,-6,,x", "12,7,2024-01-05,8,n/a,y"],
)


@pytest.mark.parametrize("reader", [read_csv, read_rows], ids=["fast", "careful"])
def test_columns_named_in_drop_are_left_out_unread(tmp_path: Path, reader: object) -> None:
    """Text and missing values in a column left out are never looked at."""
    path, plain = tmp_path / "notes.csv", tmp_path / "plain.csv"
    path.write_text(NOTES)
    plain.write_text(PLAIN)
    table = reader(path, None, ["id", "when", "notes", "when"])  # type: ignore[operator]
    _same_table(table, read_rows(plain, None))
    assert [(c.column, c.name, c.why) for c in table.left_out] == [
        (1, "id", "chosen"),
        (3, "when", "chosen"),
        (5, "notes", "chosen"),
    ]
    assert table.sample_rows[1] == ["3", "4", "y"]


def test_a_guessed_target_is_never_a_column_left_out(tmp_path: Path) -> None:
    path = tmp_path / "last.csv"
    path.write_text(_lines("a,b,price,notes", ["1,2,3.5,n", "2,3,4.5,m", "3,4,5.5,o"]))
    table = read_csv(path, None, ["notes"])
    assert (table.target, table.features) == ("price", ["a", "b"])


@pytest.mark.parametrize(
    ("target", "drop", "message"),
    [
        (
            None,
            ["ID"],
            "The CSV has no column `ID` to leave out: name columns of its header in `drop`: id, "
            "a, when, b, notes, label.",
        ),
        (
            "label",
            ["label", "id"],
            "`label` is both the target and a column to leave out: keep it, or choose another "
            "target.",
        ),
        (
            "b",
            ["id", "a", "when", "notes", "label"],
            "Leaving out `id`, `a`, `when`, `notes`, `label` leaves no feature beside the target "
            "`b`: keep at least one column to learn from.",
        ),
        (
            None,
            ["id", "a", "when", "b", "notes"],
            "Leaving out `id`, `a`, `when`, `b`, `notes` leaves no feature beside the target "
            "`label`: keep at least one column to learn from.",
        ),
    ],
    ids=["unknown", "the-target", "every-feature", "every-feature-guessed-target"],
)
def test_a_drop_that_cannot_be_is_refused_with_its_fix(
    tmp_path: Path, target: str | None, drop: list[str], message: str
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(NOTES)
    with pytest.raises(UploadError) as refusal:
        read_csv(path, target, drop)
    assert str(refusal.value) == message


def test_a_text_feature_is_told_it_can_be_left_out(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(NOTES)
    with pytest.raises(UploadError) as refusal:
        read_csv(path, None, ["id", "notes"])
    assert str(refusal.value) == (
        "Column `when` holds text ('2024-01-02' on line 2), but feature columns must be numbers: "
        "leave it out (tick it under Leave out; through the API, drop=when), encode it as numbers, or "
        "choose it as the target."
    )


def test_a_header_of_nameless_columns_only_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "none.csv"
    path.write_text(",,\n1,2,3\n4,5,6\n")
    with pytest.raises(UploadError) as refusal:
        read_csv(path, None)
    assert str(refusal.value) == (
        "The CSV header names no column: its first line must name them, such as x1,x2,label."
    )
