"""Makes the loss and the optimizer that the training settings name, and feeds the loss its targets.

How targets reach each loss (see `LossSpec.targets` in the catalogue):
- regression: the target values, as floats shaped like the output;
- class indices (CrossEntropyLoss, NLLLoss): the (B,) class numbers as they are;
- one-hot (BCE*, MSE, L1, SmoothL1, Huber, KLDiv): (B, classes) floats, 1 for the true class;
  on two classes a network with one output gets the class itself, (B, 1) floats of 0 or 1.
"""

from collections.abc import Iterable
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from torchcanvas.design.params import resolve_params
from torchcanvas.design.schema import DesignIssue
from torchcanvas.training.catalog import LOSSES_BY_NAME, OPTIMIZERS_BY_NAME, LossSpec
from torchcanvas.training.class_chances import predicted_classes
from torchcanvas.training.settings import MAX_CLASS_WEIGHT, TrainingSettings

# KLDivLoss's default 'mean' divides by the classes too (torch warns); batchmean is the true KL.
_FIXED_KWARGS: dict[str, dict[str, Any]] = {"KLDivLoss": {"reduction": "batchmean"}}


def class_weight_issues(
    spec: LossSpec, params: dict[str, Any], classes: list[str] | None
) -> list[DesignIssue]:
    """What is wrong with `weight` in loss_params: one number above 0 for each of the dataset's
    `classes` (None where they are not known)."""
    if "weight" not in params or not spec.class_weights:
        return []
    weight = params["weight"]
    field = "training.loss_params.weight"
    # The range also refuses NaN, infinities, and numbers that overflow float32 (1e308)
    numbers = isinstance(weight, list) and all(
        isinstance(w, int | float) and not isinstance(w, bool) and 0 <= w <= MAX_CLASS_WEIGHT
        for w in weight
    )
    if not numbers or not weight:
        return [
            DesignIssue(
                field=field,
                message=(
                    f"{spec.name}: weight must be a list of numbers above 0, up to "
                    f"{MAX_CLASS_WEIGHT:,}, one per class, like [1, 2.5]."
                ),
            )
        ]
    if classes is not None and len(weight) != len(classes):
        return [
            DesignIssue(
                field=field,
                message=(
                    f"{spec.name}: weight needs one number for each of the {len(classes)} "
                    f"classes, but has {len(weight)}: give one per class, in the dataset's "
                    "class order."
                ),
            )
        ]
    return _zero_weight_issues(spec, weight, classes)


def _zero_weight_issues(
    spec: LossSpec, weight: list[float], classes: list[str] | None
) -> list[DesignIssue]:
    """Classes of weight 0 (or too small for float32 to tell from 0). The loss is averaged over
    the batch's weights, so a batch holding only such classes is 0 / 0 = nan: torch's own
    weighted CrossEntropyLoss gives nan there, and the run would fail."""
    zero = [i for i, w in enumerate(weight) if float(torch.tensor(w, dtype=torch.float32)) == 0]
    if not zero:
        return []
    names = [
        (f"`{classes[i]}`" if classes is not None else f"number {i}")
        + (f" ({weight[i]:g} is 0 in float32)" if weight[i] != 0 else "")
        for i in zero
    ]
    shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
    one = len(zero) == 1
    return [
        DesignIssue(
            field="training.loss_params.weight",
            message=(
                f"{spec.name}: class{'' if one else 'es'} {shown} {'has' if one else 'have'} "
                f"weight 0, so a batch holding only {'its' if one else 'their'} samples has no "
                "loss to average "
                "(torch's weighted mean is nan there) and the run would fail: give every class a "
                "weight above 0; a small one, such as 0.01, makes a class count for little, and "
                "to leave a class out, upload the dataset without its samples."
            ),
        )
    ]


def loss_kwargs(spec: LossSpec, params: dict[str, Any]) -> tuple[dict[str, Any], list[DesignIssue]]:
    """The loss's keyword arguments from the catalogue, without `weight` (checked on its own)."""
    plain = {k: v for k, v in params.items() if not (k == "weight" and spec.class_weights)}
    weight = ("weight",) if spec.class_weights else ()
    return resolve_params(spec.params, plain, None, spec.name, checked_apart=weight)


class LossFunction:
    """The named torch loss, fed its targets in the form it expects, and the predictions it implies."""

    def __init__(self, training: TrainingSettings, num_classes: int | None) -> None:
        self.spec = spec = LOSSES_BY_NAME[training.loss]
        kwargs, _ = loss_kwargs(spec, training.loss_params)
        if spec.class_weights and "weight" in training.loss_params:
            kwargs["weight"] = torch.tensor(training.loss_params["weight"], dtype=torch.float32)
        self.loss: nn.Module = getattr(nn, spec.name)(**kwargs, **_FIXED_KWARGS.get(spec.name, {}))
        self.num_classes = num_classes
        self.as_is = spec.targets == "class_index"  # the class numbers go in unchanged

    def to(self, device: torch.device) -> "LossFunction":
        self.loss.to(device)  # class weights
        return self

    def target(self, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """The target in the form this loss compares with the output."""
        if self.as_is or target.dtype != torch.long:
            return target
        if output.shape[-1] == 1:
            return target.to(output.dtype).unsqueeze(1)  # (B,) -> (B, 1), binary
        return F.one_hot(target, output.shape[-1]).to(output.dtype)  # (B,) -> (B, classes)

    def __call__(self, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        result: torch.Tensor = self.loss(output, self.target(output, target))
        return result

    def predict(self, output: torch.Tensor) -> torch.Tensor:
        """(B,) predicted classes of an output (B, classes), or (B, 1) for two classes."""
        return predicted_classes(output, self.spec)


def make_optimizer(
    training: TrainingSettings, params: Iterable[nn.Parameter]
) -> torch.optim.Optimizer:
    """The named torch.optim optimizer with the run's learning rate and settings."""
    spec = OPTIMIZERS_BY_NAME[training.optimizer]
    kwargs, _ = resolve_params(spec.params, training.optimizer_params, None, spec.name)
    optimizer: torch.optim.Optimizer = getattr(torch.optim, spec.name)(
        params, lr=training.lr, **kwargs
    )
    return optimizer
