"""The fine-tuning parts of a run's script: the tensors it copied from the run it started from
(init_from), and its frozen layers (training/freeze.py), written as plain PyTorch."""

import json
import textwrap

from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.run_folder import INIT_SUFFIX, INIT_WEIGHTS
from torchcanvas.training.settings import TrainingSettings


def init_code(training: TrainingSettings, match: InitMatch | None) -> str:
    """Loads the weights a run started from (`init_from`), when it did: the tensors it copied."""
    if training.init_from is None:
        return ""
    lines = [
        f"    # The run started from the weights of run {training.init_from} (load_init, above).",
        "    init = load_init()",
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


def init_loader_code(training: TrainingSettings, stem: str) -> str:
    """load_init(): the starting weights the server kept for the run (a copy of its parent's
    weights as they were when it started: the parent may have trained more since), found beside
    the script under the bundle's name or the model page's download name."""
    if training.init_from is None:
        return ""
    names = json.dumps([INIT_WEIGHTS, f"{stem}{INIT_SUFFIX}"])
    return f'''# The weights the run started from: run {training.init_from}'s as they were when it started
# (that run may have trained more since, so its weights now are another start). The bundle holds
# them as init.safetensors beside this script; the model page downloads them as "Starting weights".
INIT_FILES = {names}  # the bundle's, the page's


def load_init():
    """The tensors the run started from, from INIT_FILES beside this script."""
    here = Path(__file__).resolve().parent
    for name in INIT_FILES:
        if (here / name).is_file():
            return load_file(here / name)
    raise FileNotFoundError(
        f"This run started from other weights, which are not beside this script in {{here}}: "
        f"unzip the run's bundle (it holds {{INIT_FILES[0]}} beside train.py), or download "
        f"'Starting weights' from the run's model page into {{here}}. The weights of run "
        "{training.init_from} itself are no stand-in: it may have trained more since."
    )
'''


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
