"""The careful reader's data rows: each line is looked at before the csv module splits it, so
that a line of more values than the header has columns is refused without becoming a list of
them (a 100 MB line of "1," was 52 million strings, 560 MB), and a quote never closed is named
with the line it was opened on, where csv reads the rest of the file into one value.

No row that the reader would take is refused here: a row of the header's columns, each value
within csv.field_size_limit, is never as long as `longest`, and a line is counted only for the
values it certainly starts (at least as many as the row has).
"""

import csv
import io
import re
from collections.abc import Iterator

from torchcanvas.training.data.csv_dialect import Separator, separator_name
from torchcanvas.training.data.csv_messages import ragged
from torchcanvas.training.data.limits import UploadError

LONG_LINE = 2**16  # characters: a shorter line is split as it is, at most a few MB of values


def _quoted(sep: Separator) -> re.Pattern[str]:
    """A quoted value as csv reads it: a quote where a value starts, "" inside, to the closing
    quote or the end of the line (where the value goes on to the next)."""
    return re.compile(rf'(?:^|(?<={re.escape(sep)}))"(?:[^"]|"")*(?:"|\Z)')


class DataRows:
    """The rows after the header, blank ones left out, each with the line it ends on."""

    def __init__(self, f: io.TextIOBase, columns: int, sep: Separator) -> None:
        self.f, self.columns, self.sep = f, columns, sep
        self.quoted = _quoted(sep)
        # The longest a line of `columns` values can be: each within the csv module's limit, and
        # quoted, written at most twice over ("" for a quote), then a separator or a line break.
        self.longest = columns * (2 * csv.field_size_limit() + 3) + 2
        self.line = 1  # the last line read: the header is line 1
        self.starts_row = True  # whether the next line starts a row, else it is in a quote
        self.at_end = False  # whether csv asked for a line past the last

    def __iter__(self) -> Iterator[tuple[list[str], int]]:
        for row in csv.reader(self._lines(), delimiter=self.sep):
            self.starts_row = True
            if not any(cell.strip() for cell in row):
                continue  # blank lines
            if self.at_end:  # the row ended only with the file: inside a quote
                self._check_closed(row)
            yield row, self.line

    def _lines(self) -> Iterator[str]:
        while line := self.f.readline(self.longest):
            self.line += 1
            if len(line) == self.longest and not line.endswith(("\n", "\r")):
                raise UploadError(
                    f"Line {self.line} is longer than a row of {self.columns} columns can be "
                    f"(over {self.longest:,} characters, with at most "
                    f"{csv.field_size_limit():,} a value): every line needs one value per "
                    f"column (look for extra {separator_name(self.sep)}s or a missing line break)."
                )
            if len(line) > LONG_LINE:
                self._count(line if self.starts_row else '"' + line)
            self.starts_row = False
            yield line
        self.at_end = True

    def _count(self, line: str) -> None:
        """Refuses a line that starts more values than the header has columns (one in a quote
        goes on as if it opened one), before csv splits it into them."""
        values = line.count(self.sep) + 1  # at most this many, at least as many as outside quotes
        if values > self.columns and '"' in line:
            values = self.quoted.sub("", line).count(self.sep) + 1
        if values > self.columns:
            raise UploadError(ragged(self.line, values, self.columns, self.sep))

    def _check_closed(self, row: list[str]) -> None:
        """Refuses a row whose last value, quoted, ran to the end of the file over other lines,
        or left the row short or long."""
        value = row[-1]
        breaks = value.count("\n") + value.count("\r") - value.count("\r\n")
        opened = self.line - breaks + (1 if value.endswith(("\n", "\r")) else 0)
        if opened < self.line or len(row) != self.columns:
            raise UploadError(
                f"A quote opened on line {opened} is never closed, so the rest of the file reads "
                "as one value: close it with a second quote, or remove it (a value that holds a "
                'quote is written "like ""this""").'
            )
