"""Evaluation after each epoch, on the validation split: mean loss, accuracy and the outputs,
in one read-back (not to be confused with validating a design, which checks its shapes)."""

import torch
import torch.nn as nn

from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.pass_rows import EVAL_BATCH


def evaluate(
    model: nn.Module,
    loss_fn: LossFunction,
    x: torch.Tensor,
    y: torch.Tensor,
    classify: bool,
    rows: int = EVAL_BATCH,
) -> tuple[float, float | None, torch.Tensor]:
    """Mean loss on (x, y), the accuracy for classification, and the outputs (N, *out).

    y is on the model's device; x may be in (pinned) host memory, and goes there `rows` samples
    at a time (pass_rows.py).
    """
    model.eval()
    loss_sum = torch.zeros((), device=y.device)
    correct = torch.zeros((), device=y.device)
    outputs = []
    with torch.no_grad():
        for start in range(0, len(x), rows):
            xb = x[start : start + rows].to(y.device, non_blocking=True)
            yb = y[start : start + rows]
            outputs.append(out := model(xb))
            loss_sum += loss_fn(out, yb) * len(xb)
            if classify:
                correct += (loss_fn.predict(out) == yb).sum()
    loss, hits = torch.stack([loss_sum, correct]).tolist()
    output = outputs[0] if len(outputs) == 1 else torch.cat(outputs)
    return loss / len(x), (hits / len(x) if classify else None), output
