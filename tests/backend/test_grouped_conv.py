"""Dilated and grouped convolutions (a depthwise-separable block, as MobileNet builds them): the
shapes, counts and code the editor gives are torch's own."""

import torch

from torchcanvas.design.build import build_network
from torchcanvas.design.codegen import design_code
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design

SEPARABLE = {
    "version": 1,
    "name": "separable",
    "input_shape": [4, 12, 12],
    "layers": [
        {"id": "depthwise", "type": "Conv2d", "params": {"out_channels": 4, "groups": 4}},
        {"id": "pointwise", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 1}},
        {"id": "wide", "type": "Conv2d", "params": {"out_channels": 8, "dilation": [2, 3]}},
        {"id": "up", "type": "ConvTranspose2d", "params": {"out_channels": 4, "groups": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "unflat", "type": "Unflatten", "params": {"unflattened_size": [4, 96]}},
        {"id": "seq", "type": "Conv1d", "params": {"out_channels": 8, "dilation": 4, "groups": 4}},
    ],
}


def test_a_depthwise_separable_and_dilated_design_is_what_torch_builds() -> None:
    design = Design.model_validate(SEPARABLE)
    result = validate_design(design)
    assert result.valid, result.errors
    reference = {
        "depthwise": torch.nn.Conv2d(4, 4, 3, groups=4),
        "pointwise": torch.nn.Conv2d(4, 16, 1),
        "wide": torch.nn.Conv2d(16, 8, 3, dilation=(2, 3)),
        "up": torch.nn.ConvTranspose2d(8, 4, 2, stride=2, groups=2),
        "seq": torch.nn.Conv1d(4, 8, 3, dilation=4, groups=4),
    }
    for node, module in reference.items():
        assert result.nodes[node].params == sum(p.numel() for p in module.parameters()), node
    network = build_network(design)
    x = torch.randn(2, 4, 12, 12)
    assert list(network(x).shape[1:]) == result.output_shape == [8, 88]
    assert [result.nodes[n].output_shape for n in ("depthwise", "wide", "up")] == [
        [4, 10, 10],
        [8, 6, 4],
        [4, 12, 8],
    ]
    code = design_code(design)
    assert "nn.Conv2d(4, 4, kernel_size=3, groups=4)  # 40 parameters" in code
    assert "nn.Conv2d(16, 8, kernel_size=3, dilation=(2, 3))" in code
    scope: dict[str, object] = {}
    exec(code.split('if __name__ == "__main__":')[0], scope)
    written = scope["Net"]()  # type: ignore[operator]
    written.load_state_dict(network.state_dict())
    torch.testing.assert_close(written(x), network(x))
