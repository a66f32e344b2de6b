"""What the careful CSV reader says of a value it refuses: text in a feature column, a label too
long, a number float32 cannot hold, too few rows, a row of too few or too many values. Each names
the line and the fix."""

from torchcanvas.training.data.csv_dialect import Separator, separator_name
from torchcanvas.training.data.csv_names import shown
from torchcanvas.training.data.float32 import outside_float32
from torchcanvas.training.data.limits import MAX_LABEL_CHARS


def feature_text(name: str, value: str, line: int, sep: Separator) -> str:
    column, cell = shown(name), shown(value)
    if sep == ";" and any(c.isdigit() for c in cell):  # 1.234,5: a thousands separator
        return (
            f"Column `{column}` holds '{cell}' on line {line}, not a number: in a "
            "semicolon-separated CSV write numbers as 1234,5 or 1234.5, without thousands "
            "separators."
        )
    return (
        f"Column `{column}` holds text ('{cell}' on line {line}), but feature columns must be "
        f"numbers: leave it out (tick it under Leave out; through the API, drop={column}), encode it as "
        "numbers, or choose it as the target."
    )


def ragged(line: int, values: int, columns: int, sep: Separator) -> str:
    return (
        f"Line {line} has {values} values but the header has {columns} columns: every line "
        f"needs one value per column (look for a missing or extra {separator_name(sep)})."
    )


def long_label(target: str, length: int, line: int) -> str:
    return (
        f"The target column `{shown(target)}` holds a value of {length:,} characters on line {line}: a "
        f"class name may have at most {MAX_LABEL_CHARS}; shorten the labels, or choose another "
        "target column."
    )


def too_big(what: str, cell: str, line: int) -> str:
    return outside_float32(
        what,
        f"'{shown(cell)}'",
        f"on line {line}",
        "scale the column down (other units) or drop that row",
    )


def missing_value(what: str, column: str, cell: str, line: int) -> str:
    return (
        f"{what} `{shown(column)}` has no value on line {line} ('{shown(cell)}'): fill in the "
        "missing values, or leave out the rows that have one (tick Leave out rows with missing "
        "values; through the API, missing=drop)."
    )


def too_few_rows(rows: int, missing: int = 0) -> str:
    them = (
        f"the {missing:,} with a missing value are"
        if missing != 1
        else "the one with a missing value is"
    )
    left = f" left once {them} left out" if missing else ""
    return (
        f"The CSV has {rows} data row{'s' if rows != 1 else ''}{left}: a dataset needs at "
        "least 2, one to train on and one to validate with."
    )
