"""Params as the body gives them (a layer's, a loss's, an optimizer's): values nested a few levels
at most. A number, text or true/false is a param's value, or a list of them (a kernel size) or of
such lists (a padding per side); the body reader takes JSON nested hundreds of levels, which saving
the design could not write back (Pydantic's 255), and which no param needs."""

from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

MAX_PARAM_NESTING = 4


def nesting(value: Any) -> int:
    """How many lists or objects deep `value` goes (0 for a number), walked without recursion."""
    deepest = 0
    todo = [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, list | dict):
            depth += 1
            deepest = max(deepest, depth)
            todo.extend(
                (inner, depth) for inner in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def _shallow(params: Any) -> Any:
    if isinstance(params, dict):
        for name, value in params.items():
            depth = nesting(value)
            if depth > MAX_PARAM_NESTING:
                raise PydanticCustomError(
                    "param_nesting",
                    "The value of {name} is lists or objects {depth} levels deep, over the "
                    "{limit} a param may take: give a number, text, true or false, or a list",
                    {"name": str(name)[:64], "depth": depth, "limit": MAX_PARAM_NESTING},
                )
    return params


# Checked before the dict's own check: a value nested past it never reaches the rest.
Params = Annotated[dict[str, Any], BeforeValidator(_shallow)]
