"""What a CSV column's name may hold, and how a name is shown in a message.

A name is shown in the dataset, the try-it form and the run's script, and the script finds its
column by it: a name that holds a hidden character (hidden_text.py) would read as another, and two
that differ only in one would look the same. Such a header is refused, with the column's place and
the character's code, for the person to rename it. A UTF-8 BOM before the header is no part of a
name: the readers open the file as utf-8-sig, which leaves it out.
"""

import re
import unicodedata

from torchcanvas.hidden_text import HIDDEN
from torchcanvas.training.data.limits import UploadError

LISTED_CHARS = 40  # a name in a list of names
NAMED_CHARS = 200  # a name a message is about, or a value it quotes
LISTED_NAMES = 50

_HIDDEN = re.compile(f"[{HIDDEN}]")
# Controls have no name in unicodedata; these are the ones a name may come with.
_CONTROL_NAMES = {"\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}
_FIX = "rename it in your file and upload it again"


def shown(text: str, limit: int = NAMED_CHARS) -> str:
    """Text as a message quotes it: at most `limit` characters, cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(names: list[str], quoted: bool = False) -> str:
    """The first names, each shortened (and in backticks if `quoted`): a message's list stays a
    few KB whatever the header."""
    mark = "`" if quoted else ""
    first = ", ".join(f"{mark}{shown(name, LISTED_CHARS)}{mark}" for name in names[:LISTED_NAMES])
    return first if len(names) <= LISTED_NAMES else f"{first}, … ({len(names):,} in all)"


def line_break_in_name(column: int) -> str:
    """The refusal of a header whose quoted name runs over lines (column counted from 1)."""
    return (
        f"Column {column}'s name holds a line break, inside its quotes: a column's name must be "
        "on one line. Remove the line break from the name (in a spreadsheet, edit the header "
        "cell), save the file and upload it again."
    )


def check_names(names: list[str]) -> None:
    """Refuses a name that holds a hidden character, and two names that look the same. (A line
    break never reaches here: header_line refuses a name that runs over lines.)"""
    for i, name in enumerate(names):
        if (char := hidden_char(name)) is not None:
            what = _CONTROL_NAMES.get(char) or unicodedata.name(char, "CONTROL CHARACTER")
            raise UploadError(
                f"Column {i + 1}'s name holds a hidden character (U+{ord(char):04X}, {what}): "
                f"{_FIX}."
            )
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        looks = as_it_looks(name)
        if looks in seen and names[seen[looks]] != name:
            raise UploadError(
                f"Columns {seen[looks] + 1} and {i + 1} are named `{shown(names[seen[looks]])}` "
                f"and `{shown(name)}`, which look the same: they differ only in their "
                f"spaces or in how a letter's accent is written. Give every column a name of its "
                "own: rename one of them in your file and upload it again."
            )
        seen.setdefault(looks, i)


def hidden_char(text: str) -> str | None:
    """The first hidden character (hidden_text.py) in `text`, if any."""
    found = _HIDDEN.search(text)
    return None if found is None else found.group()


def as_it_looks(name: str) -> str:
    """A name as it shows: composed accents ("e" and U+0301 is "é"), spaces of every kind and
    count as one."""
    return " ".join(unicodedata.normalize("NFC", name).split())
