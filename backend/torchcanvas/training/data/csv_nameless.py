"""The columns of a CSV whose header cell is empty, judged by their values.

The first may be an index: distinct whole numbers, as `df.to_csv(path)` writes pandas' row
numbers (0, 1, 2, … or, filtered or shuffled, any of them once each). Any may be empty, as Excel
writes a last column. Both are left out; a nameless column that holds anything else is data
without a name, and is refused with where it is and what to do.
"""

from array import array

import numpy as np

from torchcanvas.training.data.csv_columns import Header, LeftOutColumn, LeftOutWhy
from torchcanvas.training.data.limits import UploadError

# Every spelling of a missing value (tables.py refuses them in a feature; here they are empty).
MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "?"}
_UNSAVED = "or save the CSV without it (pandas: df.to_csv(path, index=False))"


def is_missing(cell: str) -> bool:
    lowered = cell.lower()
    return lowered in MISSING or lowered.lstrip("+-") == "nan"


def whole_number(cell: str) -> int | None:
    """The cell as a whole number ("3", "3.0", "+3"), or None."""
    try:
        number = float(cell)
    except ValueError:
        return None
    if not number.is_integer() or abs(number) >= 2**63:  # past int64: no row number
        return None
    return int(number)


def holds_data(column: int, cell: str, line: int) -> str:
    """Why a nameless column that holds a value is refused."""
    if column == 0:
        return (
            f"Column 1 of the CSV header has no name, and it holds '{cell[:40]}' on line {line}, "
            "not a row number: name it in the header's first line to read it as a feature (or "
            f"leave it out), {_UNSAVED}."
        )
    return (
        f"Column {column + 1} of the CSV header has no name, but it holds '{cell[:40]}' on line "
        f"{line}: name it in the header's first line to read it as a feature (or leave it out), "
        "or delete the column."
    )


def missing_row_number(cell: str, line: int) -> str:
    return (
        f"Column 1 of the CSV header has no name and holds row numbers, but line {line} has none "
        f"('{cell}'): fill it in, name the column in the header's first line, {_UNSAVED}."
    )


def repeated_index(number: int) -> str:
    return (
        f"Column 1 of the CSV header has no name, and its whole numbers repeat ({number} is there "
        "more than once), so it is no index of row numbers: name it in the header's first line to "
        f"read it as a feature (or leave it out), {_UNSAVED}."
    )


def first_repeat(numbers: np.ndarray) -> int | None:
    """A number that is in `numbers` more than once, or None when each is there once."""
    ordered = np.sort(numbers)  # (N,)
    repeats = ordered[1:][ordered[1:] == ordered[:-1]]
    return int(repeats[0]) if len(repeats) else None


def left_out_columns(header: Header, kinds: dict[int, LeftOutWhy]) -> list[LeftOutColumn]:
    """Every column the dataset does not keep, in the file's order, and why."""
    whys: dict[int, LeftOutWhy] = {**kinds, **dict.fromkeys(header.chosen, "chosen")}
    return [
        LeftOutColumn(column=i + 1, name=header.names[i], why=why)
        for i, why in sorted(whys.items())
    ]


class NamelessColumns:
    """The careful reader's check of the nameless columns, a row at a time: the first column's
    numbers while it looks like an index, and whether each other one is still empty."""

    def __init__(self, header: Header) -> None:
        self.columns = header.nameless
        self.kinds: dict[int, LeftOutWhy] = {}  # what each column has been so far
        self.index = array("q")  # the first column's numbers, while it is an index

    def add(self, column: int, cell: str, line: int) -> None:
        """One cell (stripped) of a nameless column; UploadError when it makes the column data."""
        kind = self.kinds.get(column)
        if is_missing(cell):
            if kind == "index":
                raise UploadError(missing_row_number(cell, line))
            self.kinds[column] = "empty"
            return
        number = whole_number(cell) if column == 0 else None
        if number is None or kind == "empty":
            raise UploadError(holds_data(column, cell, line))
        self.kinds[column] = "index"
        self.index.append(number)

    def left_out(self, header: Header) -> list[LeftOutColumn]:
        """Every column left out, once every row is read; UploadError for a repeated index."""
        if self.kinds.get(0) == "index":
            repeat = first_repeat(np.frombuffer(self.index, dtype=np.int64))
            if repeat is not None:
                raise UploadError(repeated_index(repeat))
        kinds: dict[int, LeftOutWhy] = {i: self.kinds.get(i, "empty") for i in self.columns}
        return left_out_columns(header, kinds)
