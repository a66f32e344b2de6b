"""The numbers a pydantic model's fields take, read off their constraints so no one restates them."""

from types import NoneType, UnionType
from typing import Any, get_args

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, Field


class NumberBounds(BaseModel):
    """The numbers one field takes, as its model checks them (the editor and forms show these)."""

    integer: bool
    min: float | None = None
    min_exclusive: bool = Field(default=False, description="True: min itself is refused (gt).")
    max: float | None = None
    max_exclusive: bool = Field(default=False, description="True: max itself is refused (lt).")

    def contains(self, value: float) -> bool:
        """Whether the model takes `value` (NaN never fits)."""
        if self.min is not None and not (
            value > self.min if self.min_exclusive else value >= self.min
        ):
            return False
        return self.max is None or (value < self.max if self.max_exclusive else value <= self.max)


def _number_type(annotation: Any) -> type | None:
    """int or float for a numeric field (also when it may be None), else None."""
    kinds = (
        [a for a in get_args(annotation) if a is not NoneType]
        if isinstance(annotation, UnionType)
        else [annotation]
    )
    return kinds[0] if len(kinds) == 1 and kinds[0] in (int, float) else None


def number_bounds(model: type[BaseModel]) -> dict[str, NumberBounds]:
    """Each numeric field's bounds, as `model` checks them."""
    bounds: dict[str, NumberBounds] = {}
    for name, field in model.model_fields.items():
        kind = _number_type(field.annotation)
        if kind is None:
            continue
        b = NumberBounds(integer=kind is int)
        for rule in field.metadata:  # annotated_types' Gt, Ge, Lt, Le, as Field(gt=…) writes them
            match rule:
                case Gt(gt=float() | int() as edge) | Ge(ge=float() | int() as edge):
                    b.min, b.min_exclusive = float(edge), isinstance(rule, Gt)
                case Lt(lt=float() | int() as edge) | Le(le=float() | int() as edge):
                    b.max, b.max_exclusive = float(edge), isinstance(rule, Lt)
        bounds[name] = b
    return bounds


def _show(n: float) -> str:
    return f"{int(n):,}" if n.is_integer() else repr(n)


def range_text(bounds: NumberBounds) -> str:
    """The numbers a field takes, as a person reads them: "a whole number from 1 to 1,000"
    (the editor's rangeText says the same)."""
    kind = "a whole number" if bounds.integer else "a number"
    low, high = bounds.min, bounds.max
    if (
        low is not None
        and high is not None
        and not bounds.min_exclusive
        and not bounds.max_exclusive
    ):
        return f"{kind} from {_show(low)} to {_show(high)}"
    parts = []
    if low is not None:
        parts.append(f"{'above' if bounds.min_exclusive else 'at least'} {_show(low)}")
    if high is not None:
        parts.append(f"{'below' if bounds.max_exclusive else 'at most'} {_show(high)}")
    return " ".join([kind, ", ".join(parts)]) if parts else kind
