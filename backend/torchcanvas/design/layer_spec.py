"""What one entry of the layer catalogue holds: the layer, what it accepts, and its params."""

from typing import Any, Literal

from pydantic import BaseModel

ParamKind = Literal["int", "float", "bool", "int_or_pair", "int_list", "choice"]
# How an inferred constructor argument is read off the incoming sample shape.
InferredFrom = Literal["channels", "features"]
# Sample ranks (without the batch dimension) a layer accepts.
InputKind = Literal["any", "flat", "image", "flat_or_sequence", "sequence"]


class ParamSpec(BaseModel):
    """One constructor keyword argument that the editor offers."""

    name: str
    kind: ParamKind
    default: Any
    min: float | None = None
    max: float | None = None
    choices: list[Any] | None = None
    help: str


class LayerSpec(BaseModel):
    """One layer type: its PyTorch name, what it accepts, and the params a person sets."""

    type: str
    category: str
    help: str
    params: list[ParamSpec] = []
    # Constructor arguments filled in from the incoming shape, never typed by a person.
    inferred: dict[str, InferredFrom] = {}
    input: InputKind = "any"
    # Joins (Add, Concat) take two or more inputs; every other layer takes exactly one.
    joins: bool = False
    # Constructor arguments that are always the same here, such as the dim after the batch.
    fixed: dict[str, Any] = {}


def int_param(name: str, default: int, help: str, min: int = 1, max: int = 65536) -> ParamSpec:
    return ParamSpec(name=name, kind="int", default=default, min=min, max=max, help=help)


def float_param(
    name: str, default: float, help: str, min: float = 0.0, max: float = 1.0
) -> ParamSpec:
    return ParamSpec(name=name, kind="float", default=default, min=min, max=max, help=help)


def pair_param(name: str, default: int | None, help: str, min: int = 1, max: int = 64) -> ParamSpec:
    return ParamSpec(name=name, kind="int_or_pair", default=default, min=min, max=max, help=help)


def bool_param(name: str, default: bool, help: str) -> ParamSpec:
    return ParamSpec(name=name, kind="bool", default=default, help=help)
