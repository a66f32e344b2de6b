"""The weights a fine-tuned run started from, as its downloads give them: only the tensors it took.

The server keeps a copy of the parent's whole weights file as the run starts (init.safetensors),
and the run takes from it the tensors whose name and shape match its design (training/
init_weights.py). Downloaded whole, through a share link too, it handed out the parent's other
tensors (a head trained on another, perhaps private, dataset): a code review. The download, and
the bundle, hold the tensors the run took, which are all its script loads."""

import os
import tempfile
from pathlib import Path

from safetensors import safe_open
from safetensors.torch import save_file

from torchcanvas.design.schema import Design
from torchcanvas.training.init_weights import design_tensors
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.weights import check_readable

STARTING_WEIGHTS = "starting-weights.safetensors"  # in the run's exports


def has_starting_weights(folder: RunFolder, training: TrainingSettings) -> bool:
    """Whether the run started from another run's weights, which the server kept."""
    return training.init_from is not None and folder.init_weights.is_file()


def starting_weights(folder: RunFolder, design: Design, training: TrainingSettings) -> Path | None:
    """The tensors of the kept starting weights that the run took, made once into its exports;
    None for a run that started fresh. DamagedWeights (409) when the kept file cannot be read."""
    if not has_starting_weights(folder, training):
        return None
    kept = folder.init_weights
    target = folder.exports / STARTING_WEIGHTS
    if target.is_file() and target.stat().st_mtime_ns >= kept.stat().st_mtime_ns:
        return target
    check_readable(kept)
    shapes = design_tensors(design)
    with safe_open(str(kept), framework="pt", device="cpu") as file:
        taken = {
            name: file.get_tensor(name).contiguous()
            for name in file.keys()  # noqa: SIM118
            if shapes.get(name) == tuple(file.get_slice(name).get_shape())
        }
    target.parent.mkdir(exist_ok=True)
    handle, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{STARTING_WEIGHTS}-", suffix=".partial"
    )
    os.close(handle)
    try:
        save_file(taken, temp)
        os.replace(temp, target)
    finally:
        Path(temp).unlink(missing_ok=True)
    return target
