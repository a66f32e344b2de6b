"""The upload form's fields beside the file: their types, defaults and limits, in one model."""

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from torchcanvas.hidden_text import hidden_at
from torchcanvas.training.bounds import NumberBounds, number_bounds, range_text
from torchcanvas.training.data.images import Color
from torchcanvas.training.data.info import VAL_FRACTION
from torchcanvas.training.data.limits import UploadError

TaskChoice = Literal["auto", "classification", "regression"]
MissingChoice = Literal["refuse", "drop"]
MAX_TITLE = 100


class UploadOptions(BaseModel):
    """What the person chose beside the file. The form's schema, the catalogue's upload_bounds
    and parse_options all read these fields, so a limit is written here only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = Field(
        default=None,
        max_length=MAX_TITLE,
        description="the dataset's name in the list; by default, the file's name",
    )
    target: str | None = Field(default=None, description="CSV: the column to predict")
    drop: list[str] = Field(
        default_factory=list,
        description="CSV: columns to leave out, such as an ID or a date; repeat the field for each",
    )
    task: TaskChoice = Field(default="auto", description="auto: guessed from the targets")
    missing: MissingChoice = Field(
        default="refuse",
        description="CSV: a row with a missing value (an empty cell, NA, NaN, ?) among its "
        "features or target: refuse names it; drop leaves the row out",
    )
    val_fraction: float = Field(
        default=VAL_FRACTION,
        ge=0.05,
        le=0.5,
        description="the share of samples kept for validation",
    )
    # A ZIP's images default to what Make an image dataset sends: colour photos stay colour (read
    # as grey they lost it unseen), and a grey picture read as colour is three equal channels.
    image_size: int = Field(
        default=32, ge=4, le=128, description="the side in pixels a ZIP's images are resized to"
    )
    color: Color = Field(
        default="rgb", description="ZIP: how its images are read, rgb (colour) or grayscale"
    )
    class_order: list[str] = Field(
        default_factory=list,
        description="ZIP: its class folders in the order the model numbers them, each once; "
        "repeat the field for each; by default sorted by name",
    )


def upload_bounds() -> dict[str, NumberBounds]:
    """Each numeric upload option's bounds, as parse_options checks them."""
    return number_bounds(UploadOptions)


def _one(fields: dict[str, list[str]], name: str) -> str | None:
    """A single-valued field's value, None when it is not sent; an UploadError when sent twice."""
    values = fields.get(name)
    if values is None:
        return None
    if len(values) > 1:
        raise UploadError(
            f"{name} is sent {len(values)} times: send it once (only drop and class_order may "
            "repeat, once for each column or class)."
        )
    return values[0]


def _choice(fields: dict[str, list[str]], name: str) -> str:
    """A choice field's value, its default when empty, or an UploadError listing the choices."""
    field = UploadOptions.model_fields[name]
    value = _one(fields, name) or str(field.default)
    choices = get_args(field.annotation)
    if value not in choices:
        raise UploadError(f"{name} `{value}` is not one of {', '.join(choices)}.")
    return value


def _number(fields: dict[str, list[str]], name: str) -> float:
    """A number field's value, its default when empty, or an UploadError with its range."""
    field, bounds = UploadOptions.model_fields[name], upload_bounds()[name]
    text = _one(fields, name) or ""
    if text == "":
        return float(field.default)
    choose = f"choose {range_text(bounds)} ({field.description})"
    try:
        value = int(text) if bounds.integer else float(text)
    except ValueError:
        kind = "a whole number" if bounds.integer else "a number"
        raise UploadError(f"{name} `{text}` is not {kind}: {choose}.") from None
    if not bounds.contains(value):
        raise UploadError(f"{name} {text} is out of range: {choose}.")
    return value


def _title(fields: dict[str, list[str]]) -> str | None:
    """The title without spaces around it, None when blank; too long or with a hidden character
    (as PATCH refuses one: a title shows as typed), an UploadError. A default title, the file's
    name, is another's words: it is shown with its hidden characters left out."""
    typed = _one(fields, "title") or ""  # trimmed as the form was read (api/upload_stream.py)
    if found := hidden_at(typed):  # as PATCH says it (store/run_labels.py)
        code, at = found
        raise UploadError(
            f"title has the invisible character {code} at position {at}: remove it, names are "
            "shown as typed."
        )
    title = typed.strip()
    if len(title) > MAX_TITLE:
        raise UploadError(
            f"title is {len(title):,} characters long: keep it to {MAX_TITLE}, a name for the list."
        )
    return title or None


def parse_options(fields: dict[str, list[str]]) -> UploadOptions:
    """The form's text fields as options, or an UploadError naming the field and its allowed values."""
    unknown = set(fields) - set(UploadOptions.model_fields)
    if unknown:
        names = ", ".join(UploadOptions.model_fields)
        first = sorted(unknown)[0]
        if not first:  # a part with no name="…" (RFC 5987's name*= is no form's)
            raise UploadError(f'A form field has no name: name each part (name="…"): {names}.')
        raise UploadError(f"Unknown field `{first}`: send file, {names}.")
    return UploadOptions.model_validate(
        {
            "title": _title(fields),
            "target": _one(fields, "target") or None,
            "drop": [name for name in fields.get("drop", []) if name],
            "task": _choice(fields, "task"),
            "missing": _choice(fields, "missing"),
            "val_fraction": _number(fields, "val_fraction"),
            "image_size": int(_number(fields, "image_size")),
            "color": _choice(fields, "color"),
            "class_order": [name for name in fields.get("class_order", []) if name],
        }
    )
