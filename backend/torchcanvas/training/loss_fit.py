"""Does the loss fit the network's last layer and the dataset's classes? Said in plain words."""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from torchcanvas.design.schema import (
    Design,
    DesignFix,
    DesignIssue,
    LayerToInsert,
    ParamFix,
    format_shape,
)
from torchcanvas.training.catalog import LossSpec, Task
from torchcanvas.training.data.info import DatasetInfo

# The last layer that turns scores into what the loss expects.
ENDS_WITH = {"log_probabilities": "LogSoftmax", "probabilities": "Sigmoid"}


class OutputTarget(BaseModel):
    """What training compares the network's output with: the loss, and the dataset's targets as
    the catalogue lists them. The editor sends it to check a design live, without a dataset lookup."""

    model_config = ConfigDict(extra="forbid", strict=True)  # [false] is no target shape
    loss: str = Field(examples=["CrossEntropyLoss"])
    dataset: str = Field(
        examples=["Handwritten digits (8×8)"],
        description="The dataset's title as the editor lists it, for the messages (an upload's "
        "name is an id that a person never sees).",
    )
    task: Task
    classes: int = Field(default=0, ge=0, description="How many classes; 0 for regression.")
    target_shape: list[int] = Field(default=[], max_length=8)
    standardised: bool = Field(
        default=False,
        description="Regression: the targets were standardised (mean 0, spread 1), as the "
        "dataset's standardisation.target_std says.",
    )

    @classmethod
    def of(cls, info: DatasetInfo, loss: str) -> Self:
        classes = len(info.classes or []) if info.task == "classification" else 0
        return cls(
            loss=loss,
            dataset=info.title,
            task=info.task,
            classes=classes,
            target_shape=info.target_shape,
            standardised=info.standardisation is not None
            and info.standardisation.target_std is not None,
        )


def output_fix(design: Design, output: list[int], size: int) -> tuple[str, ParamFix | None]:
    """How to make the network end in `size` outputs, in words, and as one click where the
    last Linear's out_features is all there is to change."""
    linears = [layer.id for layer in design.layers if layer.type == "Linear"]
    if len(output) == 1 and linears:
        which = "" if linears[-1] == design.layers[-1].id else "the last Linear, "
        label = f"Set out_features of `{linears[-1]}` to {size}"
        click = ParamFix(label=label, layer=linears[-1], param="out_features", value=size)
        return f"Set out_features of {which}`{linears[-1]}` to {size}.", click
    head = "a Linear" if len(output) == 1 else "a Flatten and a Linear"
    return f"End with {head} with out_features={size}.", None


def output_issues(
    spec: LossSpec, target: OutputTarget, output: list[int], design: Design
) -> list[DesignIssue]:
    """Does the network's output fit what the loss compares it with, in number and in form?"""
    if target.task not in spec.tasks or not design.layers:
        return []  # the loss's own check says so
    if target.task == "classification":
        # Two classes with a loss that takes them as one output: the fix is that one output.
        one = spec.binary_single_output and target.classes == 2
        fix, click = output_fix(design, output, 1 if one else target.classes)
        issue = classification_output_issue(
            spec, target.classes, output, design, fix, target.dataset
        )
        form = output_form_issue(spec, design)
        if issue is not None:
            issue.fix, issue.field = click, _fixed_field(click, issue.node)
        return [i for i in (issue, form) if i is not None]
    if output == target.target_shape:
        return []
    last = design.layers[-1].id
    size = target.target_shape[-1] if target.target_shape else 1
    fix, click = output_fix(design, output, size)
    click = click if len(target.target_shape) <= 1 else None
    return [
        DesignIssue(
            node=last,
            field=_fixed_field(click, last),
            message=(
                f"{spec.name} compares the output with a target of shape "
                f"{format_shape(target.target_shape)}: the last layer `{last}` gives "
                f"{format_shape(output)}. {fix}"
            ),
            fix=click,
        )
    ]


def _fixed_field(click: ParamFix | None, node: str | None) -> str | None:
    """The param the issue is about where its fix sets one of its own layer's (out_features of
    the last Linear): the field is then marked, and names the issue to a screen reader."""
    return click.param if click is not None and click.layer == node else None


def classification_output_issue(
    spec: LossSpec, classes: int, output: list[int], design: Design, fix: str, dataset: str
) -> DesignIssue | None:
    """Why the output does not fit `classes` for this loss, or None when it does."""
    binary = spec.binary_single_output and classes == 2
    if output == [classes] or (binary and output == [1]):
        return None
    last = design.layers[-1].id
    what = "one output per class"
    if spec.targets == "one_hot":
        what += " (one-hot targets)" + (", or one output for the two classes" if binary else "")
    return DesignIssue(
        node=last,
        message=(
            f"{spec.name} needs {what}: the last layer `{last}` gives {format_shape(output)}, "
            f"the dataset “{dataset}” has {classes} classes. {fix}"
        ),
    )


def output_form_issue(spec: LossSpec, design: Design) -> DesignIssue | None:
    """BCELoss fails on values outside [0, 1]: the network must end with Sigmoid (or Softmax)."""
    if spec.output != "probabilities" or design.layers[-1].type in ("Sigmoid", "Softmax"):
        return None
    last = design.layers[-1]
    return DesignIssue(
        node=last.id,
        message=(
            f"{spec.name} expects probabilities between 0 and 1, but the last layer `{last.id}` is a "
            f"{last.type}: end with Sigmoid, or use BCEWithLogitsLoss, which applies it itself."
        ),
        fix=end_with("Sigmoid", last.id),
    )


def end_with(layer_type: str, last: str) -> DesignFix:
    """The one-click fix that adds a `layer_type` after the last layer, as the network's output."""
    return DesignFix(
        label=f"End with a {layer_type} after `{last}`",
        insert=LayerToInsert(type=layer_type),
        after=last,
    )
