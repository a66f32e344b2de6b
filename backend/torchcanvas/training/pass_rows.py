"""How many samples one forward pass outside training takes at once (the validation pass, the
boundary maps, the results): at most EVAL_BATCH, and no more than PASS_BYTES of layer outputs.

A design wide enough to train only at batch size 1 (a stack of Concat diamonds: 12 MB of layer
outputs a sample) was accepted, trained a whole epoch, and was stopped as its 1,024-sample
validation pass took 6 GiB, with the advice to lower a batch size already 1 (a hostile-input
audit). The run's script evaluates in parts as large, so that it sums its losses as the run did.
"""

import torch
import torch.nn as nn

from torchcanvas.design.estimate import sample_work
from torchcanvas.design.schema import Design
from torchcanvas.design.walk import walk_design

EVAL_BATCH = 1024  # samples a pass takes at most: as many as a small model's outputs need
PASS_BYTES = 512 * 2**20  # the layer outputs one pass may make: a small part of a run's memory


def pass_rows(design: Design) -> int:
    """The samples one pass through `design` takes at once: EVAL_BATCH, fewer where their layer
    outputs would be more than PASS_BYTES, and at least one."""
    walk = walk_design(design, count_macs=False)  # the shapes alone: the network's build's walk
    work = sample_work(walk, design.input_shape)
    return max(1, min(EVAL_BATCH, PASS_BYTES // max(1, work.activation_bytes)))


def forward_in_parts(model: nn.Module, x: torch.Tensor, rows: int) -> torch.Tensor:
    """The model's outputs on x, `rows` samples at a time, with no gradients: x may be in host
    memory while the model is on a GPU. The model's mode is the caller's to set."""
    device = next(model.parameters(), x).device
    with torch.no_grad():
        parts = [
            model(x[i : i + rows].to(device, non_blocking=True)) for i in range(0, len(x), rows)
        ]
    return parts[0] if len(parts) == 1 else torch.cat(parts)
