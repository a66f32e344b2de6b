"""Does the loss fit the network's last layer and the dataset's classes? Said in plain words."""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from torchcanvas.design.catalog import LAYERS_BY_TYPE
from torchcanvas.design.schema import (
    Design,
    DesignFix,
    DesignIssue,
    LayerToInsert,
    ParamFix,
    RemoveFix,
    ValidationResult,
    format_shape,
)
from torchcanvas.training.catalog import LOSSES_BY_NAME, LossSpec, Task
from torchcanvas.training.data.info import DatasetInfo

# The last layer that turns scores into what the loss expects.
_ENDS_WITH = {"log_probabilities": "LogSoftmax", "probabilities": "Sigmoid"}


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

    @classmethod
    def of(cls, info: DatasetInfo, loss: str) -> Self:
        classes = len(info.classes or []) if info.task == "classification" else 0
        return cls(
            loss=loss,
            dataset=info.title,
            task=info.task,
            classes=classes,
            target_shape=info.target_shape,
        )


def _output_fix(design: Design, output: list[int], size: int) -> tuple[str, ParamFix | None]:
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
        fix, click = _output_fix(design, output, 1 if one else target.classes)
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
    fix, click = _output_fix(design, output, size)
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
        fix=_end_with("Sigmoid", last.id),
    )


def _end_with(layer_type: str, last: str) -> DesignFix:
    """The one-click fix that adds a `layer_type` after the last layer, as the network's output."""
    return DesignFix(
        label=f"End with a {layer_type} after `{last}`",
        insert=LayerToInsert(type=layer_type),
        after=last,
    )


# What a loss on logits applies to the network's output itself, the last layer that would apply
# it a second time, and the other squashing layers that would squash its scores first. Not
# LogSoftmax before CrossEntropyLoss: log_softmax of log-probabilities gives them back, so it is
# one layer too many but trains exactly as without it.
_APPLIES_ITSELF = {
    "CrossEntropyLoss": ("softmax", "Softmax", ("Sigmoid",)),
    "BCEWithLogitsLoss": ("a sigmoid", "Sigmoid", ("Softmax", "LogSoftmax")),
}


def _applied_twice(spec: LossSpec, design: Design) -> DesignIssue | None:
    """A Softmax before CrossEntropyLoss (a Sigmoid before BCEWithLogitsLoss) trains, slowly:
    the loss squashes the squashed scores again, its gradients shrink, and the model's
    probabilities read flat. A beginner's most usual mistake, so it is said with its fix; as is
    the other squashing layer there (a Softmax before BCEWithLogitsLoss capped a two-class
    model's probabilities at 73 %)."""
    applied, same, others = _APPLIES_ITSELF.get(spec.name, ("", "", ()))
    last = design.layers[-1]
    if last.type == same:
        what = f"makes it apply {applied} twice"
    elif last.type in others:
        what = f"squashes the scores before the loss applies {applied} to them"
    else:
        return None
    return DesignIssue(
        node=last.id,
        message=(
            f"{spec.name} applies {applied} itself: the {last.type} `{last.id}` at the end "
            f"{what}, so the network learns slowly and its probabilities read flat. Remove "
            f"`{last.id}`."
        ),
        fix=RemoveFix(label=f"Remove `{last.id}`", remove=last.id),
    )


# The last layers that keep a regression's every prediction in a range, and the range in words.
_BOUNDED_ENDS = {
    "Sigmoid": "between 0 and 1",
    "Softmax": "between 0 and 1 (and adding up to 1)",
    "Tanh": "between -1 and 1",
    "ReLU": "at 0 or above",
    "ELU": "above -1",
    "GELU": "above -0.17",
    "SiLU": "above -0.28",
    "LogSoftmax": "at 0 or below",
}


def bounded_regression_end(spec: LossSpec, design: Design, dataset: str) -> DesignIssue | None:
    """A regression network ending in Sigmoid, ReLU or the like trains, but no prediction can
    leave that layer's range: a Sigmoid after the last Linear clamped a standardised house price
    to one spread above its mean, the validation loss 35 times that without it, and nothing
    said why."""
    last = design.layers[-1]
    bounded = _BOUNDED_ENDS.get(last.type)
    if bounded is None:
        return None
    return DesignIssue(
        node=last.id,
        message=(
            f"{spec.name} on the targets of “{dataset}” wants predictions of any value, but the "
            f"{last.type} `{last.id}` at the end keeps each {bounded}: targets outside that are "
            f"out of reach (a standardised target has half its values below 0). Remove "
            f"`{last.id}`, so that the network ends with its last Linear."
        ),
        fix=RemoveFix(label=f"Remove `{last.id}`", remove=last.id),
    )


def output_form_warnings(spec: LossSpec, design: Design) -> list[DesignIssue]:
    """Hints that do not stop a run: NLLLoss and KLDivLoss want log-probabilities; a loss on
    logits wants no Softmax (or Sigmoid) before it."""
    twice = _applied_twice(spec, design)
    if twice:
        return [twice]
    wanted = _ENDS_WITH.get(spec.output)
    if spec.output != "log_probabilities" or wanted not in LAYERS_BY_TYPE:
        return []
    last = design.layers[-1]
    if last.type == wanted:
        return []
    return [
        DesignIssue(
            node=last.id,
            message=(
                f"{spec.name} expects log-probabilities, but the last layer `{last.id}` is a {last.type}: "
                f"end with {wanted} (or use CrossEntropyLoss, which applies it itself)."
            ),
            fix=_end_with(wanted, last.id),
        )
    ]


def with_output_fit(
    result: ValidationResult, design: Design, target: OutputTarget
) -> ValidationResult:
    """The result, with what stops the output fitting the loss and targets as errors, and hints."""
    loss = LOSSES_BY_NAME.get(target.loss)
    if loss is None or not result.valid or result.output_shape is None:
        return result  # an unknown loss is the run's check to name
    errors = output_issues(loss, target, result.output_shape, design)
    warnings = output_form_warnings(loss, design) if design.layers else []
    bounded = bounded_regression_end(loss, design, target.dataset) if design.layers else None
    if target.task == "regression" and bounded is not None:
        warnings.append(bounded)
    if target.task == "classification" and loss.output == "values":
        warnings.append(
            DesignIssue(
                field="training.loss",
                message=(
                    f"{loss.name} on classes matches their one-hot targets as numbers: it trains, "
                    "but slower than CrossEntropyLoss, which is made for classes and whose "
                    "outputs read as probabilities. Choose CrossEntropyLoss."
                ),
            )
        )
    if target.task == "classification" and target.classes > 2 and loss.name in _BINARY_LOSSES:
        warnings.append(_binary_loss_warning(loss, target))
    two = target.task == "classification" and target.classes == 2 and not errors
    if two and loss.name in _BINARY_LOSSES and result.output_shape == [2] and design.layers:
        warnings.append(_two_outputs_warning(loss, target, design))
    return result.model_copy(update={"valid": not errors, "errors": errors, "warnings": warnings})


# Losses made for yes/no targets: on N classes they train N separate yes/no answers.
_BINARY_LOSSES = ("BCEWithLogitsLoss", "BCELoss")


def _binary_loss_warning(loss: LossSpec, target: OutputTarget) -> DesignIssue:
    """BCEWithLogitsLoss on ten classes trains, as ten yes/no questions on one-hot targets, where
    one class out of ten is what the dataset asks: slower, and its outputs do not add up to 1."""
    return DesignIssue(
        field="training.loss",
        message=(
            f"{loss.name} is for two classes or multi-label 0/1 targets: on the {target.classes} "
            f"classes of “{target.dataset}” it answers a separate yes or no for each class, so it "
            f"trains slower and its outputs are not one class's probabilities. For "
            f"{target.classes} classes use CrossEntropyLoss."
        ),
    )


def _two_outputs_warning(loss: LossSpec, target: OutputTarget, design: Design) -> DesignIssue:
    """Two outputs for two classes with a yes/no loss train, as two separate answers: their
    chances need not add up to 1 (a review's model said 50 % and 73 % at once)."""
    fix, click = _output_fix(design, [2], 1)
    return DesignIssue(
        node=click.layer if click is not None else design.layers[-1].id,
        message=(
            f"{loss.name} on the 2 classes of “{target.dataset}” needs one output, the chance of "
            "the second class: with two it answers a separate yes or no for each, so their "
            f"chances need not add up to 1. {fix}"
        ),
        fix=click,
    )
