"""The held-out test set in a run's script: the same rows split off its training part as the run
split off (training/held_out.py), and the test loss and accuracy of the model it ends with."""

from torchcanvas.training.data.info import SPLIT_SEED
from torchcanvas.training.script_part import CodePart
from torchcanvas.training.settings import TrainingSettings

_HOLD_OUT = '''TEST_FRACTION = {fraction!r}  # of the training part, kept apart as a test set


def hold_out(x, y, classify):
    """The test set TorchCanvas keeps apart: TEST_FRACTION of the training part, split off as
    the validation set is (the same seed, stratified by class when every class has enough).
    It is never trained on, nor used for early stopping or to pick the weights."""
    n = len(x)
    n_test = min(n - 1, max(1, math.ceil(n * TEST_FRACTION)))
    stratify = None
    if classify:
        _, counts = np.unique(y.numpy(), return_counts=True)
        if counts.min() >= 2 and min(n_test, n - n_test) >= len(counts):
            stratify = y.numpy()
    train, test = train_test_split(
        np.arange(n), test_size=n_test, random_state={seed}, stratify=stratify
    )
    train, test = torch.from_numpy(train), torch.from_numpy(test)
    return x[train], y[train], x[test], y[test]
'''

_IMPORTS = {
    "import math",
    "import numpy as np",
    "import torch",
    "from sklearn.model_selection import train_test_split",
}


def hold_out_code(training: TrainingSettings) -> CodePart | None:
    """hold_out(), which splits the test set off; None for a run without one."""
    if training.test_fraction == 0:
        return None
    return CodePart(_HOLD_OUT.format(fraction=training.test_fraction, seed=SPLIT_SEED), _IMPORTS)


def hold_out_line(training: TrainingSettings, classify: bool) -> str:
    """main()'s line that takes the test rows out of the training part, right after load_data()."""
    if training.test_fraction == 0:
        return ""
    return f"    x_train, y_train, x_test, y_test = hold_out(x_train, y_train, classify={classify})"


def test_lines(
    training: TrainingSettings, classify: bool, target_scale: tuple[str, str] | None = None
) -> list[str]:
    """main()'s lines at its end: the test set's loss (and accuracy, or a regression's errors in
    the target's own units, as the run measures them), once, on the final model.
    `target_scale`: a standardised target's std and mean as the script spells them (an upload's
    TARGET_STD and TARGET_MEAN, a built-in set's numbers)."""
    if training.test_fraction == 0:
        return []
    said = "test_loss {test_loss:.6f}" + ("  test_accuracy {test_accuracy:.4f}" if classify else "")
    lines = [
        "    # Once, on the model the run ends with: the test set picked nothing.",
        f"    {'test_loss, test_accuracy' if classify else 'test_loss'} = "
        "evaluate(model, x_test, y_test)",
        f'    print(f"{said}  on {{len(x_test)}} held-out samples")',
    ]
    if classify:
        return lines
    lines += [
        "    with torch.no_grad():  # the errors, in the target's own units",
        "        model.eval()",
        "        chunks = range(0, len(x_test), EVAL_BATCH)",
        "        guessed = torch.cat([model(x_test[i : i + EVAL_BATCH]) for i in chunks])",
        "    guessed = guessed.reshape(len(x_test), -1).double()",
        "    true = y_test.reshape(len(y_test), -1).double()",
    ]
    if target_scale is not None:
        std, mean = target_scale
        lines.append(f"    guessed, true = (v * {std} + {mean} for v in (guessed, true))")
    lines += [
        "    error = guessed - true",
        "    mae, rmse = error.abs().mean().item(), error.square().mean().sqrt().item()",
        '    print(f"test_mae {mae:.6f}  test_rmse {rmse:.6f}  in the target\'s own units")',
    ]
    return lines
