"""What is wrong with a layer where it stands in a design: its id, its input's rank, its dim."""

from typing import Any

from torchcanvas.design.graph import INPUT
from torchcanvas.design.layer_cache import Shape
from torchcanvas.design.layer_spec import InputKind, LayerSpec
from torchcanvas.design.params import check_id
from torchcanvas.design.schema import (
    Design,
    DesignFix,
    DesignIssue,
    LayerToInsert,
    format_shape,
)

# Sample ranks (no batch dimension) that each input kind accepts, and the fix when it is wrong.
RANKS: dict[InputKind, tuple[set[int], str, str]] = {
    "any": (set(range(1, 9)), "", ""),
    "flat": ({1}, "a flat input", "add a Flatten before it"),
    "image": ({3}, "an image (C, H, W)", "place it before any Flatten, on image data"),
    "sequence": (
        {2},
        "a sequence (C, L)",
        "use the 2d layers for images (C, H, W), or Linear for flat inputs",
    ),
    "flat_or_sequence": (
        {1, 2},
        "a flat input or a sequence (C, L)",
        "use BatchNorm2d for images, or add a Flatten before it",
    ),
}


def layer_label(spec: LayerSpec, node: str) -> str:
    """How a message names a layer: its type and its id."""
    return f"{spec.type} `{node}`"


def check_structure(design: Design) -> list[DesignIssue]:
    issues: list[DesignIssue] = []
    if any(d < 1 for d in design.input_shape):
        issues.append(
            DesignIssue(
                field="input_shape",
                message=(
                    f"input_shape {format_shape(design.input_shape)} has a size below 1: "
                    "every dimension must be at least 1."
                ),
            )
        )
    if not design.layers:
        issues.append(
            DesignIssue(
                field="layers", message="The design has no layers: add one from the palette."
            )
        )
    seen: set[str] = set()
    for layer in design.layers:
        problem = check_id(layer.id)
        if problem:
            issues.append(DesignIssue(node=layer.id, field="id", message=problem))
        elif layer.id in seen:
            issues.append(
                DesignIssue(
                    node=layer.id,
                    field="id",
                    message=(f"Layer id `{layer.id}` is used twice: give each layer its own id."),
                )
            )
        seen.add(layer.id)
    return issues


def rank_issue(
    spec: LayerSpec, node: str, source: str, shape: Shape, design_input: Shape
) -> DesignIssue | None:
    ranks, wanted, fix = RANKS[spec.input]
    if len(shape) in ranks:
        return None
    flatten = None
    if spec.input == "flat":
        flatten = DesignFix(
            label=f"Insert a Flatten before `{node}`",
            insert=LayerToInsert(type="Flatten"),
            after=source,
            before=node,
        )
    if spec.input == "image" and len(design_input) == 1 and len(shape) == 1:
        # Nothing in the design to move it before: the dataset's samples are flat.
        gets = (
            f"the input gives {format_shape(shape)}, which is not an image"
            if source == INPUT
            else f"gets {format_shape(shape)}: the input's samples, {format_shape(design_input)}, "
            "are not images"
        )
        return DesignIssue(
            node=node,
            message=(
                f"{layer_label(spec, node)} expects {wanted} but {gets}: use Linear layers on "
                "such samples (Templates: MLP), or choose an image dataset."
            ),
        )
    return DesignIssue(
        node=node,
        fix=flatten,
        message=(
            f"{layer_label(spec, node)} expects {wanted} but gets {format_shape(shape)}: {fix}."
        ),
    )


def dim_issue(
    spec: LayerSpec, node: str, kwargs: dict[str, Any], shape: tuple[int, ...]
) -> DesignIssue | None:
    """A `dim` outside the batched input; meta tensors do not check it, so it is checked here."""
    dim = kwargs.get("dim")
    rank = len(shape) + 1  # with the batch
    if not isinstance(dim, int) or -rank <= dim < rank:
        return None
    return DesignIssue(
        node=node,
        field="dim",
        message=(
            f"{layer_label(spec, node)}: dim {dim} is out of range for input {format_shape(shape)}, "
            f"whose dims are 1 to {rank - 1} after the batch (0): use 1 for the first."
        ),
    )
