"""The parameters panel, the size estimate and the server's limits, checked against torch."""

from pathlib import Path

import torch
from fastapi.testclient import TestClient
from torch.utils.flop_counter import FlopCounterMode

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.templates import LENET, design_json, layer, mlp
from tests.backend.test_graph import RESIDUAL
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.design.build import build_network
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design


def test_parameters_are_listed_as_torch_names_them() -> None:
    for raw in (DIGITS_CNN, RESIDUAL):
        design = Design.model_validate(raw)
        result = validate_design(design)
        network = build_network(design)
        assert [(p.name, p.shape, p.count) for p in result.parameters] == [
            (name, list(param.shape), param.numel()) for name, param in network.named_parameters()
        ]
        for param in result.parameters:
            assert param.name.startswith(param.layer + ".")


def test_estimate_matches_torch_counts_and_flops() -> None:
    design = Design.model_validate(RESIDUAL)
    network = build_network(design)
    params = sum(p.numel() for p in network.parameters())
    with FlopCounterMode(display=False) as flops:
        network(torch.randn(1, *design.input_shape))
    estimate = validate_design(design, batch_size=32, optimizer_states=2).estimate
    assert estimate is not None
    assert estimate.parameter_bytes == estimate.gradient_bytes == 4 * params
    assert estimate.optimizer_bytes == 2 * 4 * params  # Adam: two moments per parameter
    assert estimate.macs_per_sample == flops.get_total_flops() // 2
    assert estimate.activation_bytes == 32 * kept_per_sample(design)
    assert estimate.total_bytes == 4 * params * 4 + estimate.activation_bytes


def kept_by_autograd(design: Design, batch: int) -> int:
    """The bytes torch's autograd keeps for the backward pass of one training-mode forward pass
    of the built network: each saved tensor's storage once, but not the weights and buffers."""
    network = build_network(design).train()
    own = {t.untyped_storage().data_ptr() for t in (*network.parameters(), *network.buffers())}
    kept: dict[int, int] = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in own:
            kept[storage.data_ptr()] = storage.nbytes()
        return tensor

    x = torch.randn(batch, *design.input_shape)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        network(x)
    return sum(kept.values())


def kept_per_sample(design: Design) -> int:
    """What one more sample adds to it (a BatchNorm's statistics per channel are not per sample)."""
    return kept_by_autograd(design, 17) - kept_by_autograd(design, 16)


DROPOUT_MLP = {
    "version": 1,
    "name": "regularised",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 48}},
        {"id": "bn", "type": "BatchNorm1d"},
        {"id": "act", "type": "GELU"},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.3}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
        {"id": "soft", "type": "LogSoftmax", "params": {"dim": 1}},
    ],
}


def test_activations_are_what_autograd_keeps_for_the_backward_pass() -> None:
    """Not every layer's output: a ReLU's output that the next layer saves is one tensor, a
    Flatten keeps nothing of its own, an Add nothing at all; MaxPool's indices and Dropout's mask
    count. torch's saved-tensor hooks on the real network are the oracle, to the byte."""
    for raw in (DIGITS_CNN, RESIDUAL, LENET, DROPOUT_MLP, mlp([13], 3)):
        design = Design.model_validate(raw)
        estimate = validate_design(design, batch_size=16).estimate
        assert estimate is not None
        assert estimate.activation_bytes == 16 * kept_per_sample(design), design.name


RECURRENT_DESIGNS = [
    design_json(
        "lstm-last",
        [layer("lstm", "LSTM", hidden_size=32), layer("fc", "Linear", out_features=3)],
        input_shape=[1, 32],
    ),
    design_json(
        "gru-every-step",
        [
            layer("gru", "GRU", hidden_size=16, output="sequence"),
            layer("flat", "Flatten"),
            layer("fc", "Linear", out_features=3),
        ],
        input_shape=[8, 20],
    ),
    design_json(
        "stacked-bidirectional",
        [
            layer(
                "lstm1",
                "LSTM",
                hidden_size=24,
                output="sequence",
                num_layers=2,
                bidirectional=True,
                dropout=0.2,
            ),
            layer("lstm2", "LSTM", hidden_size=8),
            layer("fc", "Linear", out_features=3),
        ],
        input_shape=[3, 40],
    ),
    design_json(
        "wide-input",
        [layer("lstm", "LSTM", hidden_size=16), layer("fc", "Linear", out_features=2)],
        input_shape=[128, 12],
    ),
    design_json(
        "gru-three-bidirectional",
        [
            layer("gru", "GRU", hidden_size=40, num_layers=3, bidirectional=True),
            layer("fc", "Linear", out_features=2),
        ],
        input_shape=[6, 30],
    ),
    # Tiny hidden sizes, where oneDNN's blocks of 16 are most of what an LSTM keeps (counted by
    # the unpadded sizes, these were 2.5 to 8 times low).
    design_json(
        "lstm-of-one",
        [layer("lstm", "LSTM", hidden_size=1, num_layers=2), layer("fc", "Linear", out_features=2)],
        input_shape=[1, 25],
    ),
    design_json(
        "lstm-of-seven-bidirectional",
        [
            layer("lstm", "LSTM", hidden_size=7, bidirectional=True, output="sequence"),
            layer("flat", "Flatten"),
            layer("fc", "Linear", out_features=2),
        ],
        input_shape=[3, 20],
    ),
    design_json(  # dropout between stacked layers keeps what it dropped (0.94 uncounted)
        "gru-stacked-with-dropout",
        [
            layer("gru", "GRU", hidden_size=64, num_layers=3, dropout=0.5),
            layer("fc", "Linear", out_features=2),
        ],
        input_shape=[16, 30],
    ),
    design_json(
        "gru-of-one-on-wide-input",
        [
            layer("gru", "GRU", hidden_size=1, bidirectional=True, num_layers=2),
            layer("fc", "Linear", out_features=2),
        ],
        input_shape=[64, 10],
    ),
]


def test_recurrent_layers_count_what_the_cpu_kernel_keeps() -> None:
    """torch trains an LSTM or a GRU on the CPU with a fused kernel that keeps more than its
    decomposed cells (an LSTM of 16 on 128 channels: 9 times more); the estimate must not count
    less than the real network keeps, nor more than 16 % more. Batches 16 and 48, as the
    kernel's workspace grows in whole pages."""
    for raw in RECURRENT_DESIGNS:
        design = Design.model_validate(raw)
        estimate = validate_design(design, batch_size=1).estimate
        assert estimate is not None
        real = (kept_by_autograd(design, 48) - kept_by_autograd(design, 16)) / 32
        assert real <= estimate.activation_bytes <= 1.16 * real, (design.name, real)


def test_limits_refuse_a_design_with_the_numbers() -> None:
    design = Design.model_validate(DIGITS_CNN)
    small = DesignLimits(max_layers=3, max_params=1000, max_memory_bytes=2**30)
    layers = validate_design(design, limits=small)
    assert not layers.valid and layers.nodes == {}
    assert layers.errors[0].message == (
        "The design has 5 layers, over this server's limit of 3: use fewer layers."
    )
    params = validate_design(design, limits=DesignLimits(max_params=1000))
    assert [(e.node, e.message) for e in params.errors] == [
        (
            "fc",  # 2,570 of the 2,730: marked, as the layer to shrink
            "The design has 2,730 parameters, over this server's limit of 1,000; fc alone holds "
            "2,570 of them: make it narrower, or use fewer or narrower layers.",
        )
    ]
    memory = validate_design(design, batch_size=65536, limits=DesignLimits(max_memory_bytes=2**28))
    assert [e.message for e in memory.errors] == [
        "Training this design with batch size 65536 needs about 0.5 GiB (parameters, gradients, "
        "optimizer state and activations), over this server's limit of 0.2 GiB: use a smaller "
        "batch size or a smaller network."
    ]


def test_the_api_applies_the_servers_limits(tmp_path: Path) -> None:
    settings = ServerConfig(
        pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1, max_params=1000
    )
    with TestClient(create_app(settings)) as client:
        reply = client.post(
            "/api/designs/validate",
            json={"design": DIGITS_CNN, "batch_size": 64, "optimizer": "Adam"},
        )
        body = reply.json()
        assert body["valid"] is False
        assert body["estimate"]["optimizer_bytes"] == 2 * 4 * 2730
        assert "over this server's limit of 1,000" in body["errors"][0]["message"]
        run = client.post("/api/runs", json={"design": DIGITS_CNN, "training": DIGITS_TRAINING})
        assert run.status_code == 422
        assert "over this server's limit of 1,000" in run.json()["errors"][0]["message"]
