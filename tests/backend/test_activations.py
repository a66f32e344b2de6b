"""Inside the model: each layer's output for one sample, as the reply encodes it, is what torch's
forward hooks see on the same weights loaded independently (within a byte's step), in the order
the data flows; a wide model's reply stays within its bounds; bad samples get predict's errors."""

import base64
import copy
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from fastapi.testclient import TestClient
from PIL import Image
from safetensors.torch import load_file, save_file

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.test_graph import RESIDUAL
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.export.activations import MAX_BYTES, activations
from torchcanvas.export.quantised import MAX_SIDE, MAX_TILES, MAX_VALUES
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings

WINE_MLP: dict[str, Any] = {
    "version": 1,
    "name": "wine-mlp",
    "input_shape": [13],
    "layers": [
        {"id": "hidden", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act", "type": "Tanh"},
        {"id": "out", "type": "Linear", "params": {"out_features": 3}},
    ],
}
# The residual CNN with its layers listed backwards: the data still flows from `stem` to `fc`.
BRANCH: dict[str, Any] = {**RESIDUAL, "name": "branch", "layers": RESIDUAL["layers"][::-1]}
# Every step of an LSTM, (C, L), then a GRU's last step, flat.
WAVES_RNN: dict[str, Any] = {
    "version": 1,
    "name": "waves-rnn",
    "input_shape": [1, 32],
    "layers": [
        {"id": "lstm1", "type": "LSTM", "params": {"hidden_size": 8, "output": "sequence"}},
        {"id": "gru1", "type": "GRU", "params": {"hidden_size": 6, "bidirectional": True}},
        {"id": "out", "type": "Linear", "params": {"out_features": 3}},
    ],
}
DESIGNS = {
    "cnn": (DIGITS_CNN, "digits"),
    "mlp": (WINE_MLP, "wine"),
    "branch": (BRANCH, "digits"),
    "rnn": (WAVES_RNN, "waveforms"),
}


@pytest.fixture(scope="module")
def runs(client: TestClient) -> dict[str, str]:
    """One trained run of each design, trained for an epoch together."""
    started = {}
    for name, (design, dataset) in DESIGNS.items():
        training = {**DIGITS_TRAINING, "dataset": dataset, "epochs": 1}
        reply = client.post("/api/runs", json={"design": design, "training": training})
        assert reply.status_code == 201, reply.text
        started[name] = reply.json()["id"]
    for run_id in started.values():
        assert (
            wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
        )
    return started


def decoded(output: dict[str, Any]) -> torch.Tensor:
    """The values a layer's bytes stand for, in the shape they were sent."""
    data = np.frombuffer(base64.b64decode(output["data"]), dtype=np.uint8)
    assert data.size == math.prod(output["shape"])
    step = (output["max"] - output["min"]) / 255
    values = torch.from_numpy(data.astype(np.float64)) * step + output["min"]
    return values.reshape(output["shape"])


def assert_encodes(output: dict[str, Any], truth: torch.Tensor, where: str) -> None:
    """`output` holds `truth` (one sample's tensor), its first tiles or values, within a step."""
    truth = truth.detach().double()
    assert output["min"] == pytest.approx(float(truth.min()), rel=1e-6, abs=1e-9), where
    assert output["max"] == pytest.approx(float(truth.max()), rel=1e-6, abs=1e-9), where
    if truth.dim() >= 2:
        expected = truth.reshape(-1, *truth.shape[-2:])[:MAX_TILES]  # (tiles, H, W)
        assert (
            output["view"] == "tiles"
            and output["of"] == truth.reshape(-1, *truth.shape[-2:]).shape[0]
        )
    else:
        expected = truth.reshape(-1)[:MAX_VALUES]
        assert output["view"] == "strip" and output["of"] == truth.numel()
    step = (output["max"] - output["min"]) / 255
    error = (decoded(output) - expected).abs().max()
    assert float(error) <= step / 2 + 1e-6 * (1 + abs(output["max"])), where


def hooked_outputs(
    folder: Path, design: dict[str, Any], x: torch.Tensor
) -> dict[str, torch.Tensor]:
    """Each layer's output in the order the layers ran, seen by forward hooks on a module
    built and loaded here, apart from the server's cache."""
    model = build_network(Design.model_validate(design), "cpu")
    model.load_state_dict(load_file(str(RunFolder(folder).weights)))
    model.eval()
    seen: dict[str, torch.Tensor] = {"input": x}
    for name, layer in model.named_children():
        layer.register_forward_hook(lambda _m, _i, out, name=name: seen.__setitem__(name, out[0]))
    with torch.no_grad():
        model(x.unsqueeze(0))
    return seen


def raw_sample(dataset: str) -> tuple[list[float], torch.Tensor]:
    """A validation sample as a person gives it, and as the model takes it (standardised)."""
    split = load_split(dataset, None)
    info = find_dataset(dataset, None)
    x = torch.as_tensor(split.x_val[7], dtype=torch.float32).reshape(info.sample_shape)
    scaling = info.standardisation
    if scaling is None:
        return x.flatten().tolist(), x
    raw = x * torch.tensor(scaling.std) + torch.tensor(scaling.mean)
    return raw.tolist(), (raw - torch.tensor(scaling.mean)) / torch.tensor(scaling.std)


@pytest.mark.parametrize("name", DESIGNS)
def test_each_layer_is_what_forward_hooks_see(
    client: TestClient, data_dir: Path, runs: dict[str, str], name: str
) -> None:
    design, dataset = DESIGNS[name]
    sample, x = raw_sample(dataset)
    reply = client.post(f"/api/runs/{runs[name]}/activations", json={"input": sample})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    folder = data_dir / "runs" / runs[name]
    seen = hooked_outputs(folder, design, x)
    assert [layer["id"] for layer in body["layers"]] == list(seen)  # the order the data flows
    types = {"input": "Input"} | {layer["id"]: layer["type"] for layer in design["layers"]}
    for layer in body["layers"]:
        truth = seen[layer["id"]]
        assert (layer["type"], layer["shape"]) == (types[layer["id"]], list(truth.shape))
        assert_encodes(layer["output"], truth, layer["id"])
    first_conv = next((node for node in seen if types[node] == "Conv2d"), None)  # data reaches
    if first_conv is None:
        assert body["filters"] is None
        return
    weights = load_file(str(RunFolder(folder).weights))[f"{first_conv}.weight"]
    filters = (body["filters"]["layer"], body["filters"]["shape"])
    assert filters == (first_conv, list(weights.shape))
    assert_encodes(body["filters"]["weights"], weights, "filters")


def test_a_share_link_and_a_picture_see_the_same_layers(
    client: TestClient, runs: dict[str, str]
) -> None:
    sample, x = raw_sample("digits")
    owners = client.post(f"/api/runs/{runs['cnn']}/activations", json={"input": sample}).json()
    token = client.post(f"/api/runs/{runs['cnn']}/shares", json={}).json()["url"].rsplit("/", 1)[1]
    stranger = TestClient(client.app)
    shared = stranger.post(f"/api/shared/{token}/activations", json={"input": sample})
    assert shared.status_code == 200, shared.text
    pixels = (x[0] * 255).round().to(torch.uint8).numpy()  # (H, W): the stored sample's picture
    picture = io.BytesIO()
    Image.fromarray(pixels).save(picture, format="PNG")
    headers = {"Content-Type": "image/png"}
    url = f"/api/shared/{token}/activations-image"
    pictured = stranger.post(url, content=picture.getvalue(), headers=headers)
    assert pictured.status_code == 200, pictured.text
    for reply in (shared.json(), pictured.json()):
        assert reply["layers"] == owners["layers"] and reply["filters"] == owners["filters"]
    refused = stranger.post(f"/api/runs/{runs['cnn']}/activations-image", content=b"x")
    assert refused.status_code == 404


BAD_SAMPLES = [[0.0] * 63, [1e38] * 64]  # one number short; numbers that overflow the model


@pytest.mark.parametrize("sample", BAD_SAMPLES, ids=["short", "overflow"])
def test_a_bad_sample_gets_predicts_error(
    client: TestClient, runs: dict[str, str], sample: list[float]
) -> None:
    url = f"/api/runs/{runs['cnn']}"
    predicted = client.post(f"{url}/predict", json={"input": sample})
    reply = client.post(f"{url}/activations", json={"input": sample})
    assert predicted.status_code == 422
    assert (reply.status_code, reply.json()) == (422, predicted.json())
    bad = client.post(f"{url}/activations-image", content=b"not a picture")
    assert (bad.status_code, bad.json()) == (
        client.post(f"{url}/predict-image", content=b"not a picture").status_code,
        client.post(f"{url}/predict-image", content=b"not a picture").json(),
    )


# 64 channels of 72×72 (a transposed conv blows 8×8 up ninefold), passed along by 16 Identity
# layers: more channels, pixels and bytes than a reply sends; then a vector of 4,096 values.
WIDE: dict[str, Any] = {
    "version": 1,
    "name": "wide",
    "input_shape": [1, 8, 8],
    "layers": [
        {
            "id": "up",
            "type": "ConvTranspose2d",
            "params": {"out_channels": 64, "kernel_size": 9, "stride": 9},
        },
        *({"id": f"same{i}", "type": "Identity"} for i in range(16)),
        {"id": "pool", "type": "MaxPool2d", "params": {"kernel_size": 9}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def test_a_wide_models_reply_keeps_its_bounds(tmp_path: Path) -> None:
    design = Design.model_validate(WIDE)
    torch.manual_seed(0)
    save_file(build_network(design).state_dict(), str(RunFolder(tmp_path).weights))
    training = TrainingSettings.model_validate(copy.deepcopy(DIGITS_TRAINING))
    reply = activations(tmp_path, design, training, [0.5] * 64).model_dump()
    layers = {layer["id"]: layer for layer in reply["layers"]}
    up = layers["up"]
    assert up["shape"] == [64, 72, 72]
    assert (up["output"]["shape"], up["output"]["of"]) == ([MAX_TILES, MAX_SIDE, MAX_SIDE], 64)
    assert up["output"]["scaled_from"] == [72, 72]
    # Each tile is its channel averaged down to fit, within a step.
    truth = hooked_outputs(tmp_path, WIDE, torch.full((1, 8, 8), 0.5))["up"]
    pooled = F.adaptive_avg_pool2d(truth[:MAX_TILES], MAX_SIDE)
    step = (up["output"]["max"] - up["output"]["min"]) / 255
    assert float((decoded(up["output"]) - pooled).abs().max()) <= step / 2 + 1e-6
    sent = [layer["output"] for layer in reply["layers"] if layer["output"] is not None]
    assert sum(math.prod(output["shape"]) for output in sent) <= MAX_BYTES
    omitted = [layer["id"] for layer in reply["layers"] if layer["output"] is None]
    assert omitted == ["same14", "same15"]  # listed with their shapes, past the byte budget
    assert layers["same15"]["shape"] == [64, 72, 72]
    assert (layers["flat"]["output"]["shape"], layers["flat"]["output"]["of"]) == (
        [MAX_VALUES],
        4096,
    )
    assert reply["filters"] is None  # a transposed convolution's weights are not filters


# 40 layers that each make 32 maps of 256×256 (8 MiB): kept all at once, 320 MiB.
DEEP: dict[str, Any] = {
    "version": 1,
    "name": "deep",
    "input_shape": [1, 8, 8],
    "layers": [
        {
            "id": "up",
            "type": "ConvTranspose2d",
            "params": {"out_channels": 32, "kernel_size": 32, "stride": 32},
        },
        *({"id": f"tanh{i}", "type": "Tanh"} for i in range(40)),
        {"id": "pool", "type": "AdaptiveAvgPool2d", "params": {"output_size": 1}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
# Run in a fresh process, so that its peak RSS is this call's: how far reading the layers of
# the sample raises it past predict's (run first, so the model and a forward pass are counted).
PEAK_GROWTH = """
import json, resource, sys
from pathlib import Path
from torchcanvas.design.schema import Design
from torchcanvas.export.activations import activations
from torchcanvas.export.predict import predict
from torchcanvas.training.settings import TrainingSettings
folder, design, training = Path(sys.argv[1]), *(json.loads(arg) for arg in sys.argv[2:])
design = Design.model_validate(design)
training = TrainingSettings.model_validate(training)
predict(folder, design, training, [0.5] * 64)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
reply = activations(folder, design, training, [0.5] * 64)
assert len(reply.layers) == len(design.layers) + 1
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""


def test_a_deep_models_layers_are_read_without_holding_them_all(tmp_path: Path) -> None:
    design = Design.model_validate(DEEP)
    save_file(build_network(design).state_dict(), str(RunFolder(tmp_path).weights))
    arguments = [str(tmp_path), json.dumps(DEEP), json.dumps(DIGITS_TRAINING)]
    growth = float(
        subprocess.run(
            [sys.executable, "-c", PEAK_GROWTH, *arguments],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        ).stdout
    )
    # Each output is let go once read: a few maps at a time, as predict's forward holds.
    assert growth < 100, f"reading the layers took {growth:.0f} MiB more than predict"
