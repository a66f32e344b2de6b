"""The trained weights of a run: its state dict as safetensors, keys `<layer id>.<tensor name>`."""

import torch.nn as nn
from safetensors.torch import save_file

from torchcanvas.training.run_folder import WEIGHTS, RunFolder


def save_weights(model: nn.Module, folder: RunFolder) -> None:
    """Writes the state dict (weights and buffers), renamed into place once whole."""
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    folder.write(WEIGHTS, lambda path: save_file(tensors, str(path)))
