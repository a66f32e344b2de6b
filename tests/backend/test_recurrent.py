"""LSTM and GRU on (C, L) sequences: every option against the same layer written by hand in torch."""

import itertools
import time
from dataclasses import replace
from typing import Any

import pytest
import torch
import torch.nn as nn

from tests.backend.test_catalog_oracle import (
    HandRecurrent,
    assert_same_run,
    assert_same_state,
    seeded,
)
from torchcanvas.design.build import build_network
from torchcanvas.design.layer_cache import LayerFailure
from torchcanvas.design.layer_keeps import layer_keeps
from torchcanvas.design.layer_run import layer_macs, layer_shape
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design
from torchcanvas.design.walk import walk_design

CHANNELS, STEPS, HIDDEN = 3, 7, 5
# Each gate is a product of (input + hidden) by hidden at each step, in each direction and layer:
# 4 gates for an LSTM, 3 for a GRU.
GATES = {"LSTM": 4, "GRU": 3}
OPTIONS = list(itertools.product(["LSTM", "GRU"], ["last", "sequence"], [False, True], [1, 2]))


def recurrent_design(kind: str, output: str, bidirectional: bool, num_layers: int) -> Design:
    params: dict[str, Any] = {
        "hidden_size": HIDDEN,
        "output": output,
        "bidirectional": bidirectional,
        "num_layers": num_layers,
        "dropout": 0.3 if num_layers > 1 else 0.0,
    }
    layers = [{"id": "rnn", "type": kind, "params": params}]
    if output == "sequence":
        layers.append({"id": "flat", "type": "Flatten"})
    layers.append({"id": "head", "type": "Linear", "params": {"out_features": 2}})
    return Design.model_validate(
        {"name": "recurrent", "input_shape": [CHANNELS, STEPS], "layers": layers}
    )


@pytest.mark.parametrize(
    ("kind", "output", "bidirectional", "num_layers"),
    OPTIONS,
    ids=["-".join(map(str, option)) for option in OPTIONS],
)
def test_each_option_builds_what_validation_says_and_matches_torch(
    kind: str, output: str, bidirectional: bool, num_layers: int
) -> None:
    design = recurrent_design(kind, output, bidirectional, num_layers)
    directions = 2 if bidirectional else 1
    result = validate_design(design)
    assert result.valid, result.errors
    built = seeded(lambda: build_network(design))
    rnn_kwargs = {"hidden_size": HIDDEN, "num_layers": num_layers, "bidirectional": bidirectional}
    dropout = {"dropout": 0.3} if num_layers > 1 else {}
    features = directions * HIDDEN * (STEPS if output == "sequence" else 1)
    hand = seeded(
        lambda: nn.Sequential(
            HandRecurrent(kind, output, input_size=CHANNELS, **rnn_kwargs, **dropout),
            nn.Flatten(),
            nn.Linear(features, 2),
        )
    )
    ids = (
        {"0": "rnn", "1": "flat", "2": "head"}
        if output == "sequence"
        else {"0": "rnn", "2": "head"}
    )
    assert_same_state(built, hand, ids)
    assert_same_run(built, hand, (CHANNELS, STEPS))

    # The shape and count validation gives are what the real module gives and holds.
    x = torch.randn(4, CHANNELS, STEPS)  # (B, C, L)
    out = built.get_submodule("rnn")(x)
    wanted = [directions * HIDDEN, STEPS] if output == "sequence" else [directions * HIDDEN]
    assert list(out.shape[1:]) == result.nodes["rnn"].output_shape == wanted
    torch_params = sum(p.numel() for p in hand[0].parameters())
    assert result.nodes["rnn"].params == torch_params
    assert result.total_params == sum(p.numel() for p in built.parameters())
    # MACs: every gate's product at every step, in each direction, of each stacked layer.
    per_step = sum(
        GATES[kind] * HIDDEN * ((CHANNELS if layer == 0 else directions * HIDDEN) + HIDDEN)
        for layer in range(num_layers)
    )
    assert result.nodes["rnn"].macs == directions * STEPS * per_step


def test_sequences_flow_through_convolutions_pools_and_recurrent_layers() -> None:
    """(C, L) in and out of every sequence layer: each node's shape is what its module gives."""
    design = Design.model_validate(
        {
            "name": "stack",
            "input_shape": [2, 24],
            "layers": [
                {"id": "lstm1", "type": "LSTM", "params": {"hidden_size": 8, "output": "sequence"}},
                {"id": "conv1", "type": "Conv1d", "params": {"out_channels": 6, "kernel_size": 3}},
                {"id": "pool1", "type": "MaxPool1d"},
                {"id": "bn1", "type": "BatchNorm1d"},
                {"id": "gru1", "type": "GRU", "params": {"hidden_size": 4, "bidirectional": True}},
                {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
            ],
        }
    )
    result = validate_design(design)
    assert result.valid, result.errors
    shapes = {node: info.output_shape for node, info in result.nodes.items()}
    assert shapes == {
        "lstm1": [8, 24],
        "conv1": [6, 22],
        "pool1": [6, 11],
        "bn1": [6, 11],
        "gru1": [8],
        "fc": [3],
    }
    network = build_network(design).eval()
    x = torch.randn(5, 2, 24)
    for node, module in network.named_children():
        x = module(x)
        assert list(x.shape[1:]) == shapes[node], node
        assert sum(p.numel() for p in module.parameters()) == result.nodes[node].params, node


def test_the_weights_load_into_torchs_own_layer() -> None:
    """A trained LSTM's tensors are nn.LSTM's, by name and shape: the file opens without us."""
    design = recurrent_design("LSTM", "sequence", True, 2)
    built = build_network(design).eval()  # no dropout between its layers
    plain = nn.LSTM(CHANNELS, HIDDEN, num_layers=2, bidirectional=True, batch_first=True)
    mine = {
        k.removeprefix("rnn."): v for k, v in built.state_dict().items() if k.startswith("rnn.")
    }
    plain.load_state_dict(mine)
    plain.eval()
    x = torch.randn(2, CHANNELS, STEPS)
    steps, _ = plain(x.transpose(1, 2))
    torch.testing.assert_close(built.get_submodule("rnn")(x), steps.transpose(1, 2))


@pytest.mark.parametrize(
    ("kind", "output", "bidirectional", "num_layers"),
    OPTIONS,
    ids=["-".join(map(str, option)) for option in OPTIONS],
)
def test_the_formulas_say_what_the_whole_sequence_gives(
    kind: str, output: str, bidirectional: bool, num_layers: int
) -> None:
    """The walk counts a recurrent layer by formulas: its shape, tensors and MACs are those of
    the layer run along all its steps on the meta device, and it saves the same tensors, with at
    least what torch's decomposed cells keep besides (the fused kernel keeps more)."""
    walked = walk_design(recurrent_design(kind, output, bidirectional, num_layers)).layers["rnn"]
    whole = [(CHANNELS, STEPS)]
    ran = layer_shape(kind, walked.kwargs, whole, None)
    assert not isinstance(ran, LayerFailure)
    assert (walked.output_shape, walked.params) == (ran.output_shape, ran.params)
    assert walked.macs == layer_macs(kind, walked.kwargs, whole, ran, None)
    meta = layer_keeps(kind, walked.kwargs, whole, None)
    assert walked.keeps is not None
    assert replace(walked.keeps, other_bytes=meta.other_bytes) == meta
    assert walked.keeps.other_bytes >= meta.other_bytes


def test_many_deep_recurrent_layers_of_new_sizes_validate_in_seconds() -> None:
    """Thirty 8-layer bidirectional LSTMs, each of its own size (so no cache helps), on 1,000
    steps: run on 1 and 2 steps they held a CPU slot for a minute; counted, well under a second."""
    layers = [
        {"id": f"lstm{i}", "type": "LSTM", "params": {"hidden_size": 200 + i, "num_layers": 8,
         "bidirectional": True, "output": "sequence", "dropout": 0.1}}
        for i in range(30)
    ]  # fmt: skip
    design = Design.model_validate({"input_shape": [4, 1000], "layers": layers})
    started = time.monotonic()
    result = validate_design(design, caches=None)
    assert result.nodes["lstm29"].output_shape == [400 + 2 * 29, 1000]
    assert time.monotonic() - started < 10
    assert any("over this server's limit" in error.message for error in result.errors)


def test_a_long_sequence_validates_in_seconds() -> None:
    """Eight bidirectional layers over 1,000 steps took 280 s, walked step by step on meta."""
    params = {"hidden_size": 64, "num_layers": 8, "bidirectional": True, "output": "sequence"}
    design = Design.model_validate(
        {"input_shape": [12, 1000], "layers": [{"id": "lstm1", "type": "LSTM", "params": params}]}
    )
    started = time.monotonic()
    result = validate_design(design, caches=None)
    assert result.valid and result.output_shape == [128, 1000]
    assert time.monotonic() - started < 30
