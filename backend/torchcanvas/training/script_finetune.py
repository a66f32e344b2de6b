"""The fine-tuning parts of a run's script: the tensors it copied from the run it started from
(init_from), and its frozen layers (training/freeze.py), written as plain PyTorch."""

import textwrap

from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.settings import TrainingSettings


def init_code(training: TrainingSettings, match: InitMatch | None) -> str:
    """Loads the weights a run started from (`init_from`), when it did: the tensors it copied."""
    if training.init_from is None:
        return ""
    lines = [
        f"    # The run started from the weights of run {training.init_from}: download them",
        "    # (weights.safetensors) and save them beside this file as init.safetensors.",
        '    init = load_file(Path(__file__).with_name("init.safetensors"))',
    ]
    if match is None:  # a run from before partial starts: it took every tensor
        return "\n".join([*lines, "    model.load_state_dict(init)"])
    summary = textwrap.wrap(match.summary, 92, break_on_hyphens=False)
    return "\n".join(
        [
            *lines,
            *(f"    # {line}" for line in summary),
            "    # Tensors whose name and shape match are copied; the others keep their fresh values.",
            "    model.load_state_dict({name: init[name] for name in INIT_TENSORS}, strict=False)",
        ]
    )


def init_constant(match: InitMatch | None) -> str:
    """The names of the tensors copied from the run it started from."""
    if match is None:
        return ""
    return f"INIT_TENSORS = {match.tensors!r}  # copied from the run it started from"


def frozen_constant(training: TrainingSettings) -> str:
    if not training.frozen:
        return ""
    return f"FROZEN = {training.frozen!r}  # layers that keep their weights"


def freeze_code(training: TrainingSettings) -> str:
    """Freezes the layers before the optimizer is made, which then sees only the others."""
    if not training.frozen:
        return ""
    return (
        "    for name in FROZEN:  # no gradients, and left out of the optimizer below\n"
        "        model.get_submodule(name).requires_grad_(False)"
    )


def optimizer_params(training: TrainingSettings) -> str:
    """The parameters the optimizer updates."""
    if not training.frozen:
        return "model.parameters()"
    return "[p for p in model.parameters() if p.requires_grad]"


def train_mode_code(training: TrainingSettings) -> str:
    """Training mode for an epoch; a frozen layer stays in inference mode (its BatchNorm keeps
    its running statistics), as the run did."""
    if not training.frozen:
        return "        model.train()"
    return (
        "        model.train()\n"
        "        for name in FROZEN:  # inference mode: a frozen BatchNorm keeps its statistics\n"
        "            model.get_submodule(name).eval()"
    )
