"""The script's loss: loss_fn, compute_loss() with the targets in the loss's form, predict(),
and evaluate(), the mean loss (and accuracy) over a set in batches."""

import torch.nn as nn

from torchcanvas.design.codegen import Code, call, call_arguments
from torchcanvas.training.catalog import LOSSES_BY_NAME
from torchcanvas.training.class_chances import threshold
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.objectives import _FIXED_KWARGS, loss_kwargs
from torchcanvas.training.script_part import CodePart
from torchcanvas.training.settings import TrainingSettings


def loss_code(training: TrainingSettings, info: DatasetInfo, outputs: int) -> CodePart:
    """loss_fn, compute_loss() and, for classes, predict(), as the run computes them."""
    spec = LOSSES_BY_NAME[training.loss]
    kwargs, _ = loss_kwargs(spec, training.loss_params)
    if spec.class_weights and "weight" in training.loss_params:
        weights = [float(w) for w in training.loss_params["weight"]]
        kwargs["weight"] = Code(f"torch.tensor({weights!r})")
    kwargs.update(_FIXED_KWARGS.get(spec.name, {}))
    args = call_arguments(getattr(nn, spec.name), kwargs, max_positional=0)
    lines = [call(0, f"loss_fn = nn.{spec.name}", args), "", ""]
    imports: set[str] = set()
    lines.append("def compute_loss(output, y):")
    lines.append('    """The loss of a batch, with the targets in the form this loss compares."""')
    if info.task == "classification" and spec.targets == "one_hot":
        if outputs == 1:
            lines.append("    target = y.float().unsqueeze(1)  # (B,) -> (B, 1): the class, 0 or 1")
        else:
            imports.add("import torch.nn.functional as F")
            lines.append(f"    target = F.one_hot(y, {outputs}).float()  # (B,) -> (B, {outputs})")
        lines.append("    return loss_fn(output, target)")
    else:
        lines.append("    return loss_fn(output, y)")
    if info.task == "classification":
        guess = (  # as class_chances.predicted_classes answers
            f"(output[:, 0] > {threshold(spec)}).long()  # (B, 1) -> (B,)"
            if outputs == 1
            else "output.argmax(dim=1)  # (B, classes) -> (B,)"
        )
        doc = '    """The predicted class of each sample."""'
        lines += ["", "", "def predict(output):", doc, f"    return {guess}"]
    return CodePart("\n".join(lines) + "\n", imports)


_EVALUATE = '''def evaluate(model, x, y):
    """Mean loss{and_accuracy} on (x, y), in batches of EVAL_BATCH."""
    model.eval()
    {sums}
    with torch.no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            xb, yb = x[start : start + EVAL_BATCH], y[start : start + EVAL_BATCH]
            output = model(xb)
            loss_sum += compute_loss(output, yb) * len(xb){count}
    return {result}
'''


def evaluate_code(classify: bool) -> str:
    """evaluate(): the mean loss, and accuracy where there are classes, in batches."""
    return _EVALUATE.format(
        and_accuracy=" and accuracy" if classify else "",
        count="\n            correct += (predict(output) == yb).sum()" if classify else "",
        sums="loss_sum, correct = torch.zeros(()), torch.zeros(())"
        if classify
        else "loss_sum = torch.zeros(())",
        result="loss_sum.item() / len(x), correct.item() / len(x)"
        if classify
        else "loss_sum.item() / len(x)",
    )
