"""What each column of an uploaded CSV is for: the target, a feature, or left out.

A column is left out when the person names it in the upload's `drop` (an ID, a date, notes), and
when its header cell is empty: pandas' `df.to_csv(path)` writes its row numbers so, as a first
column with no name, and Excel often ends every line with an empty value. Whether a nameless
column really is an index or empty is seen in its values (csv_nameless.py); the header alone
decides the rest, here.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.training.data.csv_names import LISTED_CHARS, check_names, listed, shown
from torchcanvas.training.data.limits import UploadError, UploadTooLarge

MAX_COLUMNS = 10_000
# Column names that say "this is what to predict", in the order they win (the upload form's
# guessTarget in frontend/src/training/uploadForm.ts offers the same).
TARGET_NAMES = ("label", "labels", "target", "class", "classes", "y")

LeftOutWhy = Literal["chosen", "index", "empty"]
# Names that say "an ID" (id, customer_id, customerId, Unnamed: 0 as pandas reads an index back),
# as the upload form ticks them to leave out (ID_NAMES in frontend/src/training/leaveOut.ts).
_ID_NAMES = re.compile(r"^(id|idx|index|uuid|guid|row|unnamed: ?\d+)$|[_ .-]id$", re.IGNORECASE)
_CAMEL_ID = re.compile(r"[a-z](Id|ID)$")


def looks_like_id(name: str) -> bool:
    return bool(_ID_NAMES.search(name) or _CAMEL_ID.search(name))


class LeftOutColumn(BaseModel):
    """A column of an uploaded CSV that is neither a feature nor the target, and why."""

    column: int = Field(description="Its place in the header, counted from 1.")
    name: str = Field(description="Its name in the header; empty for a column with no name.")
    why: LeftOutWhy = Field(
        description="chosen: named in the upload's `drop`; index: no name, and distinct whole "
        "numbers (the row numbers pandas writes); empty: no name, and no values."
    )

    def words(self) -> str:
        """`customer_id` (chosen); column 1 (no name; row numbers, an index)."""
        if self.why == "chosen":
            return f"`{self.name}` (chosen)"
        what = "row numbers, an index" if self.why == "index" else "empty"
        return f"column {self.column} (no name; {what})"


@dataclass(frozen=True)
class Header:
    """A CSV's header read with the upload's choices: which column is which."""

    names: list[str]  # every column's name as written, stripped; "" where it has none
    target: int
    features: list[int]  # in the file's order
    nameless: list[int]  # left out if an index or empty, refused otherwise (csv_nameless.py)
    chosen: list[int]  # the columns the person left out

    @property
    def used(self) -> list[int]:
        """The features and the target, in the file's order: what the dataset keeps."""
        return sorted([*self.features, self.target])

    @property
    def feature_names(self) -> list[str]:
        return [self.names[i] for i in self.features]

    @property
    def target_name(self) -> str:
        return self.names[self.target]


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def guess_target(columns: list[str]) -> str:
    """The column a CSV most likely means to predict: one named label, target, class or y
    (in any case), else the last."""
    lowered = {name.lower(): name for name in reversed(columns)}  # the first of a name wins
    for name in TARGET_NAMES:
        if name in lowered:
            return lowered[name]
    return columns[-1]


def check_header(row: list[str] | None, target: str | None, drop: Sequence[str] = ()) -> Header:
    """The header's columns sorted into target, features and left out, checked in one pass."""
    names = _header_names(row)
    named = _named(names)
    left_out = _check_drop(drop, named)
    dropped = set(left_out)  # looked up once a column: a list made a wide header quadratic
    target = _target(target, named, dropped)
    features = [
        i for i, name in enumerate(names) if name and name != target and name not in dropped
    ]
    if not features:
        if left_out:
            raise UploadError(
                f"Leaving out {listed(left_out, quoted=True)} leaves no feature beside the "
                f"target `{shown(target)}`: keep at least one column to learn from."
            )
        raise UploadError(
            f"The CSV has only the target column `{shown(target)}`: it needs at least one feature column too."
        )
    return Header(
        names=names,
        target=names.index(target),
        features=features,
        nameless=[i for i, name in enumerate(names) if not name],
        chosen=[i for i, name in enumerate(names) if name and name in dropped],
    )


def _header_names(row: list[str] | None) -> list[str]:
    """The header's names, stripped, once it is a header: not empty, not too wide, not data."""
    if not row:
        raise UploadError(
            "The CSV is empty: its first line must be a header with the column names."
        )
    if len(row) > MAX_COLUMNS:
        raise UploadTooLarge(
            f"The CSV has {len(row):,} columns, more than the limit of {MAX_COLUMNS:,}: drop the "
            "columns you do not need."
        )
    names = [name.strip() for name in row]
    if len(names) == 1:
        _check_separator(names[0])
    check_names(names)
    if all(_is_number(name) for name in names):
        first = ",".join(shown(name, LISTED_CHARS) for name in names[:4])
        first += ",…" if len(names) > 4 else ""
        raise UploadError(
            f"The CSV's first line, `{first}`, is all numbers: it reads as data, not a header "
            "(its first row would name the columns). Add a first line that names them, such as "
            f"{_example_header(len(names))}."
        )
    return names


def _named(names: list[str]) -> list[str]:
    """The columns with a name, each name once; UploadError for a name twice, or none at all."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UploadError(
                f"The CSV header names `{shown(name)}` twice: give every column its own name."
            )
        if name:
            seen.add(name)
    named = [name for name in names if name]
    if not named:
        raise UploadError(
            "The CSV header names no column: its first line must name them, such as "
            f"{_example_header(len(names))}."
        )
    return named


def _target(target: str | None, named: list[str], dropped: set[str]) -> str:
    """The target column's name: the one chosen, else the one guessed among those kept."""
    if not target:
        kept = [name for name in named if name not in dropped]
        target = guess_target(kept) if kept else named[-1]
    if target not in set(named):
        raise UploadError(
            f"The CSV has no column `{shown(target)}`: choose the target from its header: "
            f"{listed(named)}."
        )
    if target in dropped:
        raise UploadError(
            f"`{shown(target)}` is both the target and a column to leave out: keep it, or choose "
            "another target."
        )
    return target


def _check_drop(drop: Sequence[str], named: list[str]) -> list[str]:
    """The columns to leave out, each one of the header's (in the order sent, once each)."""
    left_out = list(dict.fromkeys(name.strip() for name in drop if name.strip()))
    known = set(named)
    for name in left_out:
        if name not in known:
            raise UploadError(
                f"The CSV has no column `{shown(name)}` to leave out: name columns of its header "
                f"in `drop`: {listed(named)}."
            )
    return left_out


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
