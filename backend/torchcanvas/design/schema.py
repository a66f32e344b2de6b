"""The design JSON, version 1: what a person builds in the editor."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from torchcanvas.design.param_values import Params

LayerId = Annotated[str, Field(min_length=1, max_length=64, examples=["conv1"])]


class Layer(BaseModel):
    """One layer of a design: a catalogue type and its constructor keyword arguments."""

    model_config = ConfigDict(extra="forbid")

    id: LayerId
    type: str = Field(min_length=1, max_length=64, examples=["Conv2d"])
    # Checked against the catalogue by validation, so that a wrong value names its node and field.
    params: Params = Field(default_factory=dict)


def _number_not_text(value: Any) -> Any:
    """true, false and "8" are not sizes, though Pydantic's lax integers would take them."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


WholeNumber = Annotated[int, BeforeValidator(_number_not_text)]


def not_bool(expected: str) -> BeforeValidator:
    """Refuses true and false where a number is meant, which Pydantic's lax ints, floats and
    Literal[1] take as 1 and 0 (a design's `"version": true` read as version 1); text that is a
    number still passes where the field takes it (a query's "80")."""

    def refuse(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError(
                "bool_not_number",
                "{sent} is not a number: send {expected}",
                {"sent": "true" if value else "false", "expected": expected},
            )
        return value

    return BeforeValidator(refuse)


MAX_SAMPLE_DIMS = 4  # of one sample's shape: (C, D, H, W) at most
MAX_LAYERS = 1000  # in a design's JSON; the server's limits (limits.py) refuse fewer with a reason
MAX_EDGES = 20 * MAX_LAYERS  # past the server's own limit (5 a layer), which says it better
EdgeEnd = Annotated[str, Field(max_length=64)]  # a layer id, or "input"


class Design(BaseModel):
    """A network: the shape of one sample and the layers that process it."""

    model_config = ConfigDict(extra="forbid")

    version: Annotated[Literal[1], not_bool("1, the design format's version")] = 1
    name: str = Field(default="untitled", max_length=200)
    input_shape: list[WholeNumber] = Field(
        min_length=1, max_length=MAX_SAMPLE_DIMS, examples=[[1, 8, 8]]
    )
    layers: list[Layer] = Field(max_length=MAX_LAYERS)
    # Pairs of layer ids ("input" names the input). Absent: the layers form a stack in list order.
    edges: list[tuple[EdgeEnd, EdgeEnd]] | None = Field(default=None, max_length=MAX_EDGES)


class LayerToInsert(BaseModel):
    """A new layer that a fix inserts; the editor gives it an id."""

    type: str
    params: dict[str, Any] = Field(default_factory=dict)


class DesignFix(BaseModel):
    """A one-click fix: insert a layer on the edge from `after` (a layer id or "input") to
    `before`, or, with no `before`, after the network's last layer `after` as its new output."""

    label: str = Field(examples=["Insert a Flatten before `fc`"])
    insert: LayerToInsert
    after: str
    before: str | None = Field(
        default=None,
        description="Null: the new layer follows `after`, the last layer, and ends the network.",
    )


class ParamFix(BaseModel):
    """A one-click fix: set the param `param` of the layer `layer` to `value`."""

    label: str = Field(examples=["Set out_features of `fc` to 3"])
    layer: str
    param: str
    value: int | float | str


class RemoveFix(BaseModel):
    """A one-click fix: remove the layer `remove`, its one input passed on to the layers it fed."""

    label: str = Field(examples=["Remove `add`, passing `act1` on"])
    remove: str


class MoveFix(BaseModel):
    """A one-click fix: move the layer `move` onto the edge from `after` to `before`, its input
    passed on to the layers it fed where it was."""

    label: str = Field(examples=["Move `pool1` before `flat1`"])
    move: str
    after: str
    before: str


class DesignIssue(BaseModel):
    """Something wrong with a design or the training settings, and how to fix it."""

    node: str | None = None
    field: str | None = Field(
        default=None,
        description="With a node, the layer's param; else, in an error reply, the path from the "
        "request body's root (`training.epochs`, `design.input_shape`), and in a design's "
        "validation, the design's own field (`input_shape`).",
    )
    message: str
    fix: DesignFix | ParamFix | RemoveFix | MoveFix | None = None


class NodeInfo(BaseModel):
    """What validation learnt about one layer."""

    output_shape: list[int]
    params: int
    macs: int = Field(default=0, description="Multiply-accumulates for one sample.")


class ParameterInfo(BaseModel):
    """One learnable tensor, as `net.named_parameters()` lists it."""

    name: str = Field(examples=["conv1.weight"])
    layer: str
    shape: list[int]
    count: int


class SizeEstimate(BaseModel):
    """Bytes to train the design with one batch in memory, and the work per sample."""

    batch_size: int
    parameter_bytes: int
    gradient_bytes: int
    optimizer_bytes: int = Field(description="Optimizer state, such as Adam's two moments.")
    activation_bytes: int = Field(
        description="What autograd keeps for the backward pass, as torch saves it in training "
        "mode: the tensors layers save (each once), MaxPool's indices, Dropout's masks."
    )
    total_bytes: int
    macs_per_sample: int = Field(description="Multiply-accumulates of one forward pass.")
    trainable_params: int = Field(
        default=0, description="Parameters that train: all but the frozen layers'."
    )
    frozen_params: int = Field(
        default=0, description="Parameters of frozen layers: no gradients, no optimizer state."
    )


class ValidationResult(BaseModel):
    """Shapes and parameter counts per layer, or the issues that stop the design from working."""

    valid: bool
    nodes: dict[str, NodeInfo]
    total_params: int
    output_shape: list[int] | None
    errors: list[DesignIssue]
    parameters: list[ParameterInfo] = Field(
        default_factory=list, description="Every learnable tensor, as named_parameters() lists it."
    )
    estimate: SizeEstimate | None = Field(default=None, description="Null while invalid.")
    warnings: list[DesignIssue] = Field(
        default_factory=list,
        description="Hints that do not stop a run, such as a missing LogSoftmax.",
    )


def format_shape(shape: tuple[int, ...] | list[int]) -> str:
    """A sample shape as people read it: (16, 4, 4), or (10) for a flat one."""
    return "(" + ", ".join(str(d) for d in shape) + ")"
