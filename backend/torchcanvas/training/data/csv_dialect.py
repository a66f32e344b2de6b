"""How a CSV separates its values: commas, or semicolons as spreadsheets write it where a comma is
the decimal point (much of Europe), with "1,5" for 1.5.

The separator is read from the header line alone; the upload form (csvHeader.ts), the run's
script (script_upload_parts.py) and every reader of an uploaded CSV decide it the same way.
"""

import re

Separator = str  # "," or ";"
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+(?:[eE][+-]?\d+)?")


def separator(header: str) -> Separator:
    """ ";" when the header line has more semicolons than commas outside quotes, else ","."""
    counts = {",": 0, ";": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted  # "" inside quotes toggles twice: still quoted
        elif char in counts and not quoted:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def decimal_point(cell: str, sep: Separator) -> str:
    """A semicolon file's number written with a decimal comma ("1,5", "-0,25") with a point
    instead; any other cell as it is."""
    if sep == ";" and _DECIMAL_COMMA.fullmatch(cell):
        return cell.replace(",", ".")
    return cell


def separator_name(sep: Separator) -> str:
    return "semicolon" if sep == ";" else "comma"
