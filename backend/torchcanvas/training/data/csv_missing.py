"""A CSV's rows with a missing value among the features or the target: what an upload with
missing=drop leaves out, read by both readers (tables.py, csv_fast.py) as the careful one reads a
cell: stripped, a decimal comma made a point, then is_missing."""

import csv
from pathlib import Path

from torchcanvas.training.data.csv_columns import Header
from torchcanvas.training.data.csv_dialect import Separator, decimal_point
from torchcanvas.training.data.csv_nameless import is_missing


def missing_in(row: list[str], header: Header, sep: Separator) -> bool:
    """Whether a row (one value per column) has a missing value among the columns read."""
    return any(is_missing(decimal_point(row[i].strip(), sep)) for i in header.used)


def first_missing_line(path: Path, header: Header, sep: Separator) -> int | None:
    """The line of the first data row with a missing value, as the careful reader numbers it;
    read up to that row only."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        f.readline()  # the header: one line (header_line refuses a name split over two)
        reader = csv.reader(f, delimiter=sep)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines
            if len(row) == len(header.names) and missing_in(row, header, sep):
                return reader.line_num + 1
    return None
