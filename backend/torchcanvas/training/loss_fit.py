"""Does the loss fit the network's last layer and the dataset's classes? Said in plain words."""

from typing import Any

from torchcanvas.design.catalog import LAYERS_BY_TYPE
from torchcanvas.design.schema import Design, DesignIssue, format_shape
from torchcanvas.training.catalog import OPTIMIZERS_BY_NAME, SCHEDULERS_BY_NAME, LossSpec
from torchcanvas.training.settings import TrainingSettings

# The last layer that turns scores into what the loss expects.
_ENDS_WITH = {"log_probabilities": "LogSoftmax", "probabilities": "Sigmoid"}


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
            f"the dataset `{dataset}` has {classes} classes. {fix}"
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
    )


def output_form_warnings(spec: LossSpec, design: Design) -> list[DesignIssue]:
    """Hints that do not stop a run: NLLLoss and KLDivLoss want log-probabilities."""
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
        )
    ]


def scheduler_issues(training: TrainingSettings) -> list[DesignIssue]:
    """Schedule combinations torch refuses, said before the run starts."""
    params: dict[str, Any] = training.scheduler_params
    optimizer = OPTIMIZERS_BY_NAME.get(training.optimizer)
    if training.scheduler != "OneCycleLR" or optimizer is None:
        return []
    cycles = params.get("cycle_momentum", True)
    has_momentum = any(p.name == "momentum" for p in optimizer.params) or "Adam" in optimizer.name
    if not cycles or has_momentum:
        return []
    return [
        DesignIssue(
            field="training.scheduler_params.cycle_momentum",
            message=(
                f"OneCycleLR cycles the momentum, but {optimizer.name} has none: set cycle_momentum "
                f"to false, or pick {', '.join(o for o in OPTIMIZERS_BY_NAME if o != optimizer.name)}."
            ),
        )
    ]


def known_scheduler(training: TrainingSettings) -> DesignIssue | None:
    if training.scheduler is None or training.scheduler in SCHEDULERS_BY_NAME:
        return None
    return DesignIssue(
        field="training.scheduler",
        message=(
            f"Unknown scheduler `{training.scheduler}`: use one of {', '.join(SCHEDULERS_BY_NAME)}, "
            "or none for a constant learning rate."
        ),
    )
