"""The two CSV readers agree, the fast one takes ordinary files, and column counts are bounded."""

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from tests.backend.upload_files import FIXTURES, blobs_csv
from torchcanvas.api.problem_status import status_of
from torchcanvas.training.data.csv_columns import check_header
from torchcanvas.training.data.csv_fast import read_typed
from torchcanvas.training.data.limits import UploadError
from torchcanvas.training.data.tables import MAX_COLUMNS, TextLabels, read_csv, read_rows


def _numbers_csv(rows: int, features: int, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, features))
    names = ",".join(f"f{j}" for j in range(features))
    lines = [f"{names},y"] + [
        ",".join(f"{v:.6g}" for v in row) + f",{i % 3}" for i, row in enumerate(x)
    ]
    return ("\n".join(lines) + "\n").encode()


def _assert_same_targets(fast: np.ndarray | TextLabels, careful: np.ndarray | TextLabels) -> None:
    if isinstance(fast, TextLabels) and isinstance(careful, TextLabels):
        assert (fast.names, fast.codes.dtype) == (careful.names, careful.codes.dtype)
        np.testing.assert_array_equal(fast.codes, careful.codes)
    else:
        assert isinstance(fast, np.ndarray) and isinstance(careful, np.ndarray)
        assert fast.dtype == careful.dtype
        np.testing.assert_array_equal(fast, careful)


def _labels(y: np.ndarray | TextLabels) -> list[str]:
    assert isinstance(y, TextLabels)
    return [y.names[code] for code in y.codes]


CASES = {
    "blobs.csv": (blobs_csv(), "species"),
    "numbers.csv": (_numbers_csv(500, 7), "y"),
    "good_small.csv": ((FIXTURES / "good_small.csv").read_bytes(), "y"),
    "spaces.csv": (b"a, b ,y\n 1, 2.5 , cat\n3,4, dog \n5,6,cat\n", "y"),
    "crlf.csv": (b"\xef\xbb\xbfa,b,y\r\n1,2,0\r\n3,4,1\r\n\r\n5,6,1\r\n", "y"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_fast_reader_matches_the_careful_one(tmp_path: Path, name: str) -> None:
    data, target = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    careful = read_rows(path, target)
    fast = read_csv(path, target)
    np.testing.assert_array_equal(fast.x, careful.x)
    _assert_same_targets(fast.y, careful.y)
    assert (fast.features, fast.columns, fast.sample_rows) == (
        careful.features,
        careful.columns,
        careful.sample_rows,
    )


def test_ordinary_files_take_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_bytes(_numbers_csv(20_000, 12))
    columns = [f"f{j}" for j in range(12)] + ["y"]
    table = read_typed(path, check_header(columns, "y"))
    assert table is not None
    assert table.x.shape == (20_000, 12)
    assert table.x.dtype == np.float64  # standardised in float64 (standardise.py), then float32


def test_a_file_with_a_problem_goes_to_the_careful_reader(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    path.write_bytes(b"a,b,y\n1,2,0\n3,,1\n5,6,1\n")
    assert read_typed(path, check_header(["a", "b", "y"], "y")) is None
    with pytest.raises(UploadError, match="has no value on line 3"):
        read_csv(path, "y")


def test_too_many_columns_are_refused_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes((",".join(f"c{j}" for j in range(MAX_COLUMNS + 1)) + "\n1\n").encode())
    with pytest.raises(UploadError, match="more than the limit") as refusal:
        read_csv(path, "c0")
    assert status_of(refusal.value) == 413


def test_a_header_past_its_byte_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge_header.csv"
    path.write_bytes(b"a," * (2**20) + b"y\n1,2\n")  # 10^6 columns, 2 MB of header
    with pytest.raises(UploadError, match="header is longer than") as refusal:
        read_csv(path, "y")
    assert status_of(refusal.value) == 413


def test_many_columns_within_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(_numbers_csv(10, MAX_COLUMNS - 1))
    assert read_csv(path, "y").x.shape == (10, MAX_COLUMNS - 1)


def test_text_labels_after_a_block_of_numbers_are_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "late_text.csv"
    numbers = _numbers_csv(40_000, 3)  # several of the fast reader's 1 MiB blocks
    path.write_bytes(numbers + b"1,2,3, cat \n")
    fast = read_typed(path, check_header(["f0", "f1", "f2", "y"], "y"))
    assert fast is not None
    careful = read_rows(path, "y")
    np.testing.assert_array_equal(fast.x, careful.x)
    _assert_same_targets(fast.y, careful.y)
    labels = _labels(fast.y)
    assert labels[-1] == "cat" and labels[0] == "0"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"a,y\n1,0\n-1e39,1\n3,0\n", "Column `a` holds '-1e39' on line 3"),
        (b"a,y\n1,0\n2,1e39\n3,0\n", "The target column `y` holds '1e39' on line 3"),
        # Infinities are numbers too big, not text ("holds text ('inf')" said to encode them).
        (b"a,y\n1,0\ninf,1\n3,0\n", "Column `a` holds 'inf' on line 3"),
        (b"a,y\n1,0\n-Infinity,1\n3,0\n", "Column `a` holds '-Infinity' on line 3"),
    ],
)
def test_numbers_past_float32_go_to_the_careful_reader_which_refuses_them(
    tmp_path: Path, data: bytes, where: str
) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(data)
    assert read_typed(path, check_header(["a", "y"], "y")) is None
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "y")
    assert str(refusal.value).startswith(f"{where}, outside the range of float32 (±3.4e+38)")


@pytest.mark.parametrize("cell", ["nan", "-NaN", "+nan"])
def test_a_signed_nan_is_a_missing_value(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "nan.csv"
    path.write_bytes(f"a,y\n1,0\n{cell},1\n3,0\n".encode())
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "y")
    assert str(refusal.value) == (
        f"Column `a` has no value on line 3 ('{cell}'): fill in the missing values, or leave out "
        "the rows that have one (tick Leave out rows with missing values; through the API, "
        "missing=drop)."
    )


def test_rows_with_a_missing_value_are_left_out_when_asked(tmp_path: Path) -> None:
    """Features or target missing, in any spelling; an empty cell of a column left out (`id`) or
    a blank line is no missing value. Labels that were numbers at first are read again as text,
    past the rows left out."""
    path = tmp_path / "gaps.csv"
    path.write_bytes(b"a,id,y\n1,,0\n,7,1\n\n3,8,?\n4,9,1\nN/A,,x\n6,,x\n")
    table = read_csv(path, "y", drop=["id"], drop_missing=True)
    assert (table.missing_rows, table.first_missing_line) == (3, 3)
    assert table.x.tolist() == [[1.0], [4.0], [6.0]]
    assert isinstance(table.y, TextLabels)
    assert [table.y.names[code] for code in table.y.codes] == ["0", "1", "x"]


def test_too_few_rows_left_says_how_many_were_left_out(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_bytes(b"a,y\n1,0\n,1\nna,0\n")
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "y", drop_missing=True)
    assert str(refusal.value) == (
        "The CSV has 1 data row left once the 2 with a missing value are left out: a dataset "
        "needs at least 2, one to train on and one to validate with."
    )
    path.write_bytes(b"a,y\n1,0\n,1\n")
    with pytest.raises(UploadError, match="row left once the one with a missing value is left"):
        read_csv(path, "y", drop_missing=True)


@pytest.mark.parametrize(
    ("text", "sep", "fast"),
    [
        (b"a,b,y\n1,2,0\n,3,1\n4,NA,0\n5,6,1\n7,8,0\n", ",", True),
        (b"a;b;y\n1,5;2;0\n;3;1\n4;n/a;0\n5;6;1\n7;8,25;0\n", ";", True),
        (b"a,b,y\n1,2,0\n3,3,\n4,5,?\n5,6,1\n7,8,0\n", ",", True),  # the target missing
        (b",a,y\n0,1,0\n1,,1\n2,4,0\n3,5,1\n", ",", True),  # pandas' index beside
        (b"a,b,y\n1,2,0\n,,\n4,NA,0\n5,6,1\n7,8,0\n", ",", False),  # a line of commas: blank
        (b"a,y\n1,x\n,y\n3,x\n4,y\n", ",", False),  # text labels
        (b"a,y\n1,x\n2, NA \n3,y\n4,x\n", ",", False),  # no null to pyarrow, spaces and all
    ],
    ids=["features", "semicolons", "target", "index", "blank", "text-labels", "spaced-na-label"],
)
def test_the_fast_reader_leaves_out_the_rows_the_careful_one_does(
    tmp_path: Path, text: bytes, sep: str, fast: bool
) -> None:
    path = tmp_path / "gaps.csv"
    path.write_bytes(text)
    header = check_header(text.decode().split("\n")[0].split(sep), "y")
    assert (read_typed(path, header, sep, drop_missing=True) is not None) is fast  # type: ignore[arg-type]
    careful, table = read_rows(path, "y", (), True), read_csv(path, "y", (), True)
    assert np.array_equal(table.x, careful.x)
    if isinstance(careful.y, TextLabels):
        assert isinstance(table.y, TextLabels) and table.y.names == careful.y.names
        assert np.array_equal(table.y.codes, careful.y.codes)
    else:
        assert np.array_equal(table.y, careful.y)  # type: ignore[arg-type]
    assert (table.missing_rows, table.first_missing_line) == (
        careful.missing_rows,
        careful.first_missing_line,
    )
    assert table.missing_rows > 0 and table.sample_rows == careful.sample_rows


def test_a_label_of_na_between_spaces_is_a_missing_value_to_both_readers(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(b"a,y\n1,x\n2, NA \n3,y\n4,x\n")
    with pytest.raises(UploadError, match="The target column `y` has no value on line 3"):
        read_csv(path, "y")


def test_a_nameless_column_of_data_is_refused_on_a_row_left_out_too(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_bytes(b"a,,y\n1,,0\n2,,1\n,5,0\n4,,1\n")
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "y", drop_missing=True)
    assert str(refusal.value).startswith(
        "Column 2 of the CSV header has no name, but it holds '5' on line 4"
    )


def test_text_labels_that_look_like_huge_numbers_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"a,y\n1,1e39\n2,cat\n3,1e39\n")
    table = read_csv(path, "y")
    assert _labels(table.y) == ["1e39", "cat", "1e39"]


def test_a_long_label_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"f,t\n1,b\n2," + b"a" * 201 + b"\n3,c\n")
    assert read_typed(path, check_header(["f", "t"], "t")) is None
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "t")
    assert str(refusal.value) == (
        "The target column `t` holds a value of 201 characters on line 3: a class name may have "
        "at most 200; shorten the labels, or choose another target column."
    )


@pytest.mark.parametrize("value", [b"9" * 200_000, b'"' + b"x\n" * 100_000])
def test_a_value_past_the_csv_modules_limit_says_so(tmp_path: Path, value: bytes) -> None:
    """A line of 50 MB was told to check its quotes, which it had none of."""
    path = tmp_path / "long.csv"
    path.write_bytes(b"f,t\n1,2\n" + value + b",3\n4,5\n")
    with pytest.raises(UploadError) as refusal:
        read_csv(path, "t")
    assert str(refusal.value) == (
        "A value in the CSV is longer than 131,072 characters: split it into columns, or close "
        "the quote that leaves the rest of the file one value."
    )


@pytest.mark.parametrize("reader", ["fast", "careful"])
def test_text_labels_take_no_row_as_wide_as_the_longest(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "labels.csv"
    rows = 100_000  # a 1 MB file; as (N,) <U200 its labels took 80 MB
    path.write_bytes(
        b"f,t\n1,"
        + b"a" * 200
        + b"\n"
        + b"".join(b"%d,b%d\n" % (i % 7, i % 3) for i in range(rows))
    )
    tracemalloc.start()
    try:
        table = read_csv(path, "t") if reader == "fast" else read_rows(path, "t")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(table.y, TextLabels) and table.y.names == ["a" * 200, "b0", "b1", "b2"]
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize(("separator", "names"), [("\t", "tabs"), ("|", "bars")])
@pytest.mark.parametrize("target", [None, "a;b;label"])
def test_a_file_of_another_separator_is_told_to_use_commas(
    tmp_path: Path, separator: str, names: str, target: str | None
) -> None:
    # Excel writes semicolons where a comma is the decimal separator: the header was one column,
    # and the refusal said it had "only the target column `a;b;label`".
    header = separator.join(["a", "b", "label"])
    path = tmp_path / "excel.csv"
    path.write_bytes(f"{header}\n1{separator}2{separator}0\n3{separator}4{separator}1\n".encode())
    with pytest.raises(UploadError) as refusal:
        read_csv(path, None if target is None else target.replace(";", separator))
    assert str(refusal.value) == (
        f"The CSV's header is one column, `{header}`, with {names} in it: its columns are "
        f"separated by {names}, and a CSV's by commas. Save it again as CSV (in Excel: "
        '"CSV UTF-8 (Comma delimited)"), with a point as the decimal separator.'
    )


@pytest.mark.parametrize("points", [False, True], ids=["decimal-commas", "some-points"])
def test_a_semicolon_separated_csv_reads_as_its_comma_twin(tmp_path: Path, points: bool) -> None:
    """Excel writes `a;b;c` with "1,5" where a comma is the decimal point: it was refused with
    "save it again", or, with a comma in a quoted name, "Line 2 has 1 values"."""
    rows = [(i % 7 + 0.5, -(i % 3) * 0.25, i * 10, f"c{i % 2}") for i in range(30)]
    comma = tmp_path / "comma.csv"
    comma.write_text(
        '"weight, kg",b,n,label\n' + "".join(f"{a},{b},{n},{c}\n" for a, b, n, c in rows)
    )
    semicolon = tmp_path / "semicolon.csv"
    text = "".join(f"{a};{b};{n};{c}\n".replace(".", ",") for a, b, n, c in rows)
    if points:  # a point too: the fast reader leaves the file to the careful one
        text = text.replace("0,5", "0.5", 1)
    semicolon.write_text('"weight, kg";b;n;label\n' + text)
    expected, got = read_csv(comma, None), read_csv(semicolon, None)
    assert got.features == ["weight, kg", "b", "n"] and got.target == "label"
    assert np.array_equal(got.x, expected.x) and isinstance(got.y, TextLabels)
    assert isinstance(expected.y, TextLabels) and got.y.names == expected.y.names
    assert np.array_equal(got.y.codes, expected.y.codes)
    assert got.sample_rows[1] == ["1,5", "-0,25", "10", "c1"]  # as written
    regression = tmp_path / "r.csv"
    regression.write_text("a;y\n" + "".join(f"{i};{i},25\n" for i in range(5)))
    assert read_csv(regression, None).y.tolist() == [i + 0.25 for i in range(5)]  # type: ignore[union-attr]


def test_a_semicolon_csvs_number_with_a_thousands_separator_is_named_with_its_fix(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("price;label\n1,5;a\n1.234,5;b\n2;a\n")
    with pytest.raises(UploadError) as refusal:
        read_csv(path, None)
    assert str(refusal.value) == (
        "Column `price` holds '1.234,5' on line 3, not a number: in a semicolon-separated CSV "
        "write numbers as 1234,5 or 1234.5, without thousands separators."
    )
