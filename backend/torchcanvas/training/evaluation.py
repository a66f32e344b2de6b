"""Evaluation after each epoch, on the validation split: mean loss, accuracy and the outputs,
in one read-back (not to be confused with validating a design, which checks its shapes)."""

import torch
import torch.nn as nn

from torchcanvas.training.objectives import LossFunction

EVAL_BATCH = 1024


def evaluate(
    model: nn.Module, loss_fn: LossFunction, x: torch.Tensor, y: torch.Tensor, classify: bool
) -> tuple[float, float | None, torch.Tensor]:
    """Mean loss on (x, y), the accuracy for classification, and the outputs (N, *out).

    y is on the model's device; x may be in (pinned) host memory, and goes there a chunk at a time.
    """
    model.eval()
    loss_sum = torch.zeros((), device=y.device)
    correct = torch.zeros((), device=y.device)
    outputs = []
    with torch.no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            xb = x[start : start + EVAL_BATCH].to(y.device, non_blocking=True)
            yb = y[start : start + EVAL_BATCH]
            outputs.append(out := model(xb))
            loss_sum += loss_fn(out, yb) * len(xb)
            if classify:
                correct += (loss_fn.predict(out) == yb).sum()
    loss, hits = torch.stack([loss_sum, correct]).tolist()
    output = outputs[0] if len(outputs) == 1 else torch.cat(outputs)
    return loss / len(x), (hits / len(x) if classify else None), output
