"""Graphs: branches and joins built by TorchCanvas equal the same network written by hand."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design

RESIDUAL = {
    "name": "residual",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "stem", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "relu1", "type": "ReLU"},
        {"id": "conv2", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "add", "type": "Add"},
        {"id": "wide", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 1}},
        {"id": "cat", "type": "Concat"},
        {"id": "pool", "type": "AdaptiveAvgPool2d"},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
    "edges": [
        ["input", "stem"],
        ["stem", "conv1"],
        ["conv1", "relu1"],
        ["relu1", "conv2"],
        ["conv2", "add"],
        ["stem", "add"],  # the skip connection
        ["add", "wide"],
        ["add", "cat"],
        ["wide", "cat"],
        ["cat", "pool"],
        ["pool", "flat"],
        ["flat", "fc"],
    ],
}


class HandWritten(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.conv1 = nn.Conv2d(8, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.wide = nn.Conv2d(8, 4, 1)
        self.fc = nn.Linear(12, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        stem = self.stem(x)  # (B, 1, 8, 8) -> (B, 8, 8, 8)
        added = self.conv2(F.relu(self.conv1(stem))) + stem
        joined = torch.cat([added, self.wide(added)], dim=1)  # -> (B, 12, 8, 8)
        pooled = F.adaptive_avg_pool2d(joined, 1).flatten(1)  # -> (B, 12)
        out: torch.Tensor = self.fc(pooled)
        return out


def test_residual_graph_matches_hand_written_torch() -> None:
    design = Design.model_validate(RESIDUAL)
    torch.manual_seed(0)
    built = build_network(design)
    torch.manual_seed(0)
    hand = HandWritten()
    assert built.state_dict().keys() == hand.state_dict().keys()
    for key, value in hand.state_dict().items():
        torch.testing.assert_close(built.state_dict()[key], value, rtol=0, atol=0)

    x = torch.randn(4, 1, 8, 8)
    built_x, hand_x = x.clone().requires_grad_(), x.clone().requires_grad_()
    built_out, hand_out = built(built_x), hand(hand_x)
    torch.testing.assert_close(built_out, hand_out, rtol=0, atol=0)
    built_out.square().sum().backward()
    hand_out.square().sum().backward()
    torch.testing.assert_close(built_x.grad, hand_x.grad, rtol=0, atol=0)
    for name, param in hand.named_parameters():
        torch.testing.assert_close(built.get_parameter(name).grad, param.grad, rtol=0, atol=0)


def test_validation_shows_the_shape_on_every_edge() -> None:
    result = validate_design(Design.model_validate(RESIDUAL))
    assert result.valid, result.errors
    shapes = {node: info.output_shape for node, info in result.nodes.items()}
    assert shapes["add"] == [8, 8, 8]
    assert shapes["cat"] == [12, 8, 8]
    assert shapes["pool"] == [12, 1, 1]
    assert result.output_shape == [10]
    # every layer is listed in an order that runs it after its inputs
    order = list(result.nodes)
    for src, dst in RESIDUAL["edges"]:
        assert src == "input" or order.index(src) < order.index(dst)


def test_a_stack_and_the_same_chain_as_edges_are_one_network() -> None:
    stack = {key: value for key, value in RESIDUAL.items() if key != "edges"}
    stack["layers"] = [
        layer for layer in RESIDUAL["layers"] if layer["type"] not in ("Add", "Concat")
    ]
    ids = [layer["id"] for layer in stack["layers"]]
    chained = {**stack, "edges": [list(pair) for pair in zip(["input", *ids], ids, strict=False)]}
    torch.manual_seed(0)
    a = build_network(Design.model_validate(stack))
    torch.manual_seed(0)
    b = build_network(Design.model_validate(chained))
    x = torch.randn(2, 1, 8, 8)
    torch.testing.assert_close(a(x), b(x), rtol=0, atol=0)
