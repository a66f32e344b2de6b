"""Progress frames: each layer's gradient norm, with torch's own as the oracle."""

import math

import torch
import torch.nn as nn

from torchcanvas.training.frames import grad_norms


def test_each_layer_gradient_norm_is_torchs_total_norm() -> None:
    torch.manual_seed(0)
    conv, fc, frozen = nn.Conv2d(1, 4, 3), nn.Linear(8, 3), nn.Linear(2, 2)
    (conv(torch.randn(2, 1, 5, 5)).sum() + fc(torch.randn(2, 8)).square().sum()).backward()
    layers = [list(conv.parameters()), list(fc.parameters()), list(frozen.parameters())]

    norms = grad_norms(layers).tolist()

    for norm, params in zip(norms[:2], layers, strict=False):
        expected = torch.nn.utils.get_total_norm([p.grad for p in params if p.grad is not None])
        assert math.isclose(norm, expected.item(), rel_tol=1e-6)
    assert math.isnan(norms[2])  # a layer with no gradient yet
