"""Hints on the network's last layer against the loss and the dataset's targets: what trains, but
badly (a Softmax before a loss that applies its own, a regression kept in a range, two answers
where one is asked). Said in the editor's check and in a new run's warnings alike."""

from torchcanvas.design.catalog import LAYERS_BY_TYPE
from torchcanvas.design.schema import Design, DesignIssue, RemoveFix, ValidationResult
from torchcanvas.training.catalog import LOSSES_BY_NAME, LossSpec
from torchcanvas.training.loss_fit import (
    ENDS_WITH,
    OutputTarget,
    end_with,
    output_fix,
    output_issues,
)

# What a loss on logits applies to the network's output itself, the last layer that would apply
# it a second time, and the other squashing layers that would squash its scores first. Not
# LogSoftmax before CrossEntropyLoss: log_softmax of log-probabilities gives them back, so it is
# one layer too many but trains exactly as without it.
_APPLIES_ITSELF = {
    "CrossEntropyLoss": ("softmax", "Softmax", ("Sigmoid",)),
    "BCEWithLogitsLoss": ("a sigmoid", "Sigmoid", ("Softmax", "LogSoftmax")),
}

# The last layers that keep a regression's every prediction in a range, and the range in words
# (ELU's lowest is -alpha, said from its own alpha).
_BOUNDED_ENDS = {
    "Sigmoid": "between 0 and 1",
    "Softmax": "between 0 and 1 (and adding up to 1)",
    "Tanh": "between -1 and 1",
    "ReLU": "at 0 or above",
    "ELU": "above -{alpha:g}",
    "GELU": "above -0.17",
    "SiLU": "above -0.28",
    "LogSoftmax": "at 0 or below",
}

# Losses made for yes/no targets: on N classes they train N separate yes/no answers.
_BINARY_LOSSES = ("BCEWithLogitsLoss", "BCELoss")


def with_output_fit(
    result: ValidationResult, design: Design, target: OutputTarget
) -> ValidationResult:
    """The result, with what stops the output fitting the loss and targets as errors, and hints."""
    loss = LOSSES_BY_NAME.get(target.loss)
    if loss is None or not result.valid or result.output_shape is None:
        return result  # an unknown loss is the run's check to name
    errors = output_issues(loss, target, result.output_shape, design)
    warnings = output_warnings(loss, target, design, result.output_shape)
    return result.model_copy(update={"valid": not errors, "errors": errors, "warnings": warnings})


def output_warnings(
    loss: LossSpec, target: OutputTarget, design: Design, output: list[int]
) -> list[DesignIssue]:
    """Every hint on a valid design's output for this loss and these targets."""
    if not design.layers:
        return []
    warnings = output_form_warnings(loss, design)
    if target.task == "regression":
        warnings += [hint] if (hint := _bounded_regression_end(loss, design, target)) else []
    if target.task != "classification":
        return warnings
    if loss.output == "values":
        warnings.append(_values_on_classes(loss))
    if target.classes > 2 and loss.name in _BINARY_LOSSES:
        warnings.append(_binary_loss_warning(loss, target))
    # Two outputs through a Softmax are one answer: their chances do add up to 1.
    two = target.classes == 2 and output == [2] and design.layers[-1].type != "Softmax"
    if two and loss.name in _BINARY_LOSSES:
        warnings.append(_two_outputs_warning(loss, target, design))
    return warnings


def output_form_warnings(spec: LossSpec, design: Design) -> list[DesignIssue]:
    """Hints that do not stop a run: NLLLoss and KLDivLoss want log-probabilities; a loss on
    logits wants no Softmax (or Sigmoid) before it."""
    twice = _applied_twice(spec, design)
    if twice:
        return [twice]
    wanted = ENDS_WITH.get(spec.output)
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
            fix=end_with(wanted, last.id),
        )
    ]


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


def _bounded_regression_end(
    spec: LossSpec, design: Design, target: OutputTarget
) -> DesignIssue | None:
    """A network ending in Sigmoid, ReLU or the like trains, but no prediction can leave that
    layer's range: a Sigmoid after the last Linear clamped a standardised house price to one
    spread above its mean, the validation loss 35 times that without it, and nothing said why.
    A target kept as it is may lie in the range (an NPZ's, all in (0, 1), wants its Sigmoid):
    said as an if there, the range of its values being unknown here."""
    last = design.layers[-1]
    bounded = _BOUNDED_ENDS.get(last.type)
    if bounded is None:
        return None
    within = bounded.format(alpha=last.params.get("alpha", 1.0))
    keeps = f"the {last.type} `{last.id}` at the end keeps each {within}"
    remove = f"Remove `{last.id}`, so that the network ends with its last Linear."
    if target.standardised:
        said = (
            f"{spec.name} on the standardised targets of “{target.dataset}” (their mean 0, many "
            f"of them below it) wants predictions of any value, but {keeps}: targets outside "
            f"that are out of reach. {remove}"
        )
    else:
        said = (
            f"{spec.name} on the targets of “{target.dataset}”: {keeps}, so a target outside "
            f"that is out of reach. If some lie outside it: {remove[0].lower()}{remove[1:]}"
        )
    return DesignIssue(
        node=last.id, message=said, fix=RemoveFix(label=f"Remove `{last.id}`", remove=last.id)
    )


def _values_on_classes(loss: LossSpec) -> DesignIssue:
    return DesignIssue(
        field="training.loss",
        message=(
            f"{loss.name} on classes matches their one-hot targets as numbers: it trains, "
            "but slower than CrossEntropyLoss, which is made for classes and whose "
            "outputs read as probabilities. Choose CrossEntropyLoss."
        ),
    )


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
    fix, click = output_fix(design, [2], 1)
    return DesignIssue(
        node=click.layer if click is not None else design.layers[-1].id,
        message=(
            f"{loss.name} on the 2 classes of “{target.dataset}” needs one output, the chance of "
            "the second class: with two it answers a separate yes or no for each, so their "
            f"chances need not add up to 1. {fix}"
        ),
        fix=click,
    )
