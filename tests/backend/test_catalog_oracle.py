"""Torch is the oracle: every catalogue layer, built by TorchCanvas and by hand, must agree exactly."""

from collections.abc import Callable
from typing import Any

import pytest
import torch
import torch.nn as nn

from tests.backend.conftest import DIGITS_CNN
from torchcanvas.design.build import build_network
from torchcanvas.design.catalog import LAYERS
from torchcanvas.design.layer_spec import LayerSpec, ParamSpec
from torchcanvas.design.schema import Design, Layer
from torchcanvas.design.validate import validate_design

BATCH = 4
NODE = "layer1"

# One sample's shape (no batch dimension) for each input kind; the first is the main case.
SAMPLE_SHAPES: dict[str, list[tuple[int, ...]]] = {
    "flat": [(12,)],
    "image": [(3, 10, 10)],
    "sequence": [(4, 16)],
    "flat_or_sequence": [(6,), (4, 16)],
    "any": [(3, 6, 6)],
}

# Layer types whose params only fit some shapes: GroupNorm's groups must divide the channels,
# Unflatten's sizes must multiply to the input's length.
SHAPE_OVERRIDES: dict[str, list[tuple[int, ...]]] = {"GroupNorm": [(8, 6, 6)], "Unflatten": [(64,)]}
# Non-default params that the generic rule below would get wrong for a type.
PARAM_OVERRIDES: dict[str, dict[str, Any]] = {
    "GroupNorm": {"num_groups": 2},
    # A convolution's groups must divide its input's and its output's channels.
    "Conv2d": {"groups": 3, "out_channels": 6},
    "ConvTranspose2d": {"groups": 3, "out_channels": 6},
    "Conv1d": {"groups": 2, "out_channels": 6},
    "Unflatten": {"unflattened_size": [4, 4, 4]},
}
# Joins take several inputs: they are checked in graphs below.
SINGLE_INPUT = [layer for layer in LAYERS if not layer.joins]


def sample_shapes(layer: LayerSpec) -> list[tuple[int, ...]]:
    return SHAPE_OVERRIDES.get(layer.type, SAMPLE_SHAPES[layer.input])


def custom_value(spec: ParamSpec) -> Any:
    """A valid value for a param that differs from its default, read off the ParamSpec."""
    if spec.kind == "bool":
        return not spec.default
    if spec.kind == "choice":
        return next(c for c in spec.choices or [] if c != spec.default)
    if spec.kind == "float":
        assert spec.min is not None and spec.max is not None
        # halfway towards the far end of the range
        far = spec.max if spec.default < spec.max else spec.min
        return (spec.default + far) / 2
    if spec.kind == "int_list":
        return [v + 1 for v in spec.default]
    low = int(spec.min if spec.min is not None else 0)
    high = int(spec.max if spec.max is not None else low + 2)
    base = spec.default if spec.default is not None else low
    step = 1 if base + 1 <= high else -1
    if spec.kind == "int":
        return base + step
    assert spec.kind == "int_or_pair"
    return [base, base + step]  # a pair whose sides differ tests height and width apart


def custom_params(layer: LayerSpec) -> dict[str, Any]:
    params = {p.name: custom_value(p) for p in layer.params}
    return {**params, **PARAM_OVERRIDES.get(layer.type, {})}


def hand_kwargs(layer: LayerSpec, params: dict[str, Any], shape: tuple[int, ...]) -> dict[str, Any]:
    """The constructor arguments a person would write, sizes read off the sample shape by hand."""
    kwargs = {name: tuple(v) if isinstance(v, list) else v for name, v in params.items()}
    kwargs.update(layer.fixed)
    for name, source in layer.inferred.items():
        # Channels lead a sample, (C, H, W) or (C, L); features are the last dimension, (F,).
        kwargs[name] = shape[0] if source == "channels" else shape[-1]
    return kwargs


def one_layer_cases() -> list[Any]:
    cases = []
    for layer in SINGLE_INPUT:
        for index, shape in enumerate(sample_shapes(layer)):
            suffix = "" if index == 0 else "-" + "x".join(map(str, shape))
            # A design that leaves params out gets the catalogue's defaults, which a person
            # writing PyTorch by hand must spell out (torch has none for out_features, say).
            defaults = {p.name: p.default for p in layer.params}
            custom = custom_params(layer)
            cases.append(pytest.param(layer, shape, {}, defaults, id=f"{layer.type}{suffix}"))
            if custom:
                cases.append(
                    pytest.param(layer, shape, custom, custom, id=f"{layer.type}{suffix}-custom")
                )
    return cases


class HandRecurrent(nn.Module):
    """An LSTM or a GRU as a person writes it around torch's own: (B, C, L) in, every step
    (B, D*H, L) or the last step (B, D*H) out, the last read off the steps, not the final state."""

    def __init__(self, kind: str, output: str, **kwargs: Any) -> None:
        super().__init__()
        self.rnn: nn.LSTM | nn.GRU = getattr(nn, kind)(batch_first=True, **kwargs)
        self.output = output

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        steps, _ = self.rnn(x.transpose(1, 2))  # (B, C, L) -> (B, L, C) -> (B, L, D*H)
        if self.output == "sequence":
            return steps.transpose(1, 2)  # -> (B, D*H, L)
        hidden = self.rnn.hidden_size
        forwards = steps[:, -1, :hidden]  # the forward direction ends at the last step
        if not self.rnn.bidirectional:
            return forwards
        return torch.cat([forwards, steps[:, 0, hidden:]], dim=1)  # the backward one at the first


def hand_layer(layer: LayerSpec, params: dict[str, Any], shape: tuple[int, ...]) -> nn.Module:
    """The layer made by hand: torch.nn's class, or around it for the recurrent ones."""
    kwargs = hand_kwargs(layer, params, shape)
    if layer.category == "recurrent":
        return HandRecurrent(layer.type, **kwargs)
    module: nn.Module = getattr(nn, layer.type)(**kwargs)
    return module


def design_of(shape: tuple[int, ...], layers: list[Layer]) -> Design:
    return Design(name="oracle", input_shape=list(shape), layers=layers)


def seeded(make: Callable[[], nn.Module]) -> nn.Module:
    """Make a network right after seeding, so both sides draw the same initial weights."""
    torch.manual_seed(0)
    return make()


def assert_same_state(built: nn.Module, hand: nn.Module, prefix: dict[str, str]) -> None:
    """Same keys (hand keys renamed to `<layer id>.<name>`) and exactly the same values."""
    expected = {}
    for key, value in hand.state_dict().items():
        index, _, name = key.partition(".")
        name = name.removeprefix("rnn.")  # HandRecurrent's torch layer; TorchCanvas's is the layer
        expected[f"{prefix[index]}.{name}"] = value
    actual = built.state_dict()
    assert list(actual) == list(expected)
    for key, value in expected.items():
        torch.testing.assert_close(actual[key], value, rtol=0, atol=0, msg=key)


def assert_same_run(built: nn.Module, hand: nn.Module, shape: tuple[int, ...]) -> torch.Tensor:
    """Same outputs in train and eval mode, and the same gradients; returns the hand output."""
    torch.manual_seed(1)
    x = torch.randn(BATCH, *shape)
    for train in (True, False):
        built.train(train)
        hand.train(train)
        built_x = x.clone().requires_grad_()
        hand_x = x.clone().requires_grad_()
        torch.manual_seed(2)  # Dropout draws the same mask for both
        built_out = built(built_x)
        torch.manual_seed(2)
        hand_out: torch.Tensor = hand(hand_x)
        torch.testing.assert_close(built_out, hand_out, rtol=0, atol=0)
        # a random weighted sum, so every output element gets its own gradient
        weights = torch.randn(hand_out.shape)
        (built_out * weights).sum().backward()
        (hand_out * weights).sum().backward()
        torch.testing.assert_close(built_x.grad, hand_x.grad, rtol=0, atol=0)
        for (key, built_p), hand_p in zip(built.named_parameters(), hand.parameters(), strict=True):
            assert built_p.grad is not None and hand_p.grad is not None, key
            torch.testing.assert_close(built_p.grad, hand_p.grad, rtol=0, atol=0, msg=key)
        built.zero_grad()
        hand.zero_grad()
    return hand_out


@pytest.mark.parametrize(("layer", "shape", "params", "hand_params"), one_layer_cases())
def test_one_layer_matches_torch(
    layer: LayerSpec, shape: tuple[int, ...], params: dict[str, Any], hand_params: dict[str, Any]
) -> None:
    design = design_of(shape, [Layer(id=NODE, type=layer.type, params=params)])
    built = seeded(lambda: build_network(design))
    hand = seeded(lambda: nn.Sequential(hand_layer(layer, hand_params, shape)))

    assert_same_state(built, hand, {"0": NODE})
    out = assert_same_run(built, hand, shape)
    # running statistics, such as BatchNorm's, moved the same way
    assert_same_state(built, hand, {"0": NODE})

    result = validate_design(design)
    assert result.errors == []
    assert result.valid
    param_count = sum(p.numel() for p in hand.parameters())
    assert result.output_shape == list(out.shape[1:])
    assert result.nodes[NODE].output_shape == list(out.shape[1:])
    assert result.nodes[NODE].params == param_count
    assert result.total_params == param_count


@pytest.mark.parametrize("layer", SINGLE_INPUT, ids=[layer.type for layer in SINGLE_INPUT])
def test_layer_with_linear_head_matches_torch(layer: LayerSpec) -> None:
    """Weights are made in list order, so a layer followed by a head still matches by seed."""
    shape = sample_shapes(layer)[0]
    params = custom_params(layer)
    body = hand_layer(layer, params, shape)
    with torch.no_grad():
        features = body(torch.zeros(2, *shape)).flatten(1).shape[1]  # (B, ...) -> (B, F)
    design = design_of(
        shape,
        [
            Layer(id=NODE, type=layer.type, params=params),
            Layer(id="flat", type="Flatten"),
            Layer(id="head", type="Linear", params={"out_features": 3}),
        ],
    )
    built = seeded(lambda: build_network(design))
    hand = seeded(
        lambda: nn.Sequential(
            hand_layer(layer, params, shape),
            nn.Flatten(),
            nn.Linear(features, 3),
        )
    )

    assert_same_state(built, hand, {"0": NODE, "1": "flat", "2": "head"})
    out = assert_same_run(built, hand, shape)
    result = validate_design(design)
    assert result.valid
    assert result.output_shape == list(out.shape[1:]) == [3]
    assert result.total_params == sum(p.numel() for p in hand.parameters())


def test_digits_cnn_matches_torch() -> None:
    """The digits CNN of the design contract against the same network written in plain PyTorch."""
    design = Design.model_validate(DIGITS_CNN)
    built = seeded(lambda: build_network(design))
    hand = seeded(
        lambda: nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=3, padding=1),  # (B, 1, 8, 8) -> (B, 16, 8, 8)
            nn.ReLU(),
            nn.MaxPool2d(2),  # -> (B, 16, 4, 4)
            nn.Flatten(),  # -> (B, 256)
            nn.Linear(16 * 4 * 4, 10),  # -> (B, 10)
        )
    )
    ids = {"0": "conv1", "1": "act1", "2": "pool1", "3": "flat", "4": "fc"}

    assert_same_state(built, hand, ids)
    assert list(built.state_dict()) == ["conv1.weight", "conv1.bias", "fc.weight", "fc.bias"]
    out = assert_same_run(built, hand, (1, 8, 8))
    assert out.shape == (BATCH, 10)

    result = validate_design(design)
    assert result.valid
    assert {node: info.output_shape for node, info in result.nodes.items()} == {
        "conv1": [16, 8, 8],
        "act1": [16, 8, 8],
        "pool1": [16, 4, 4],
        "flat": [256],
        "fc": [10],
    }
    assert result.total_params == (16 * 9 + 16) + (256 * 10 + 10)
