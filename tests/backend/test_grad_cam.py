"""Where the model looked (Grad-CAM): the server's map is what plain torch hooks compute on the
downloaded weights, for the last Conv2d by default or a layer named; a trained digits CNN's map of
a real digit is not flat and differs between two classes; a picture gives the map its sample
gives; bad requests get a clear 422."""

import io
from typing import Any

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from fastapi.testclient import TestClient
from PIL import Image
from safetensors.torch import load

from tests.backend.conftest import DIGITS_TRAINING, wait_for
from tests.backend.test_activations import WINE_MLP, raw_sample
from torchcanvas.export.grad_cam import class_activation_map, fitted

# Two convolutions: the map is the last one's unless a layer is named.
DIGITS_CNN2: dict[str, Any] = {
    "version": 1,
    "name": "digits-cnn2",
    "input_shape": [1, 8, 8],
    "layers": [
        {
            "id": "conv1",
            "type": "Conv2d",
            "params": {"out_channels": 8, "kernel_size": 3, "padding": 1},
        },
        {"id": "act1", "type": "ReLU"},
        {
            "id": "conv2",
            "type": "Conv2d",
            "params": {"out_channels": 16, "kernel_size": 3, "padding": 1},
        },
        {"id": "act2", "type": "ReLU"},
        {"id": "pool", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


# The same, giving log-probabilities: Grad-CAM explains the scores before its LogSoftmax.
LOG_SOFTMAX_CNN: dict[str, Any] = {
    **DIGITS_CNN2,
    "name": "digits-cnn2-log-probabilities",
    "layers": [*DIGITS_CNN2["layers"], {"id": "log", "type": "LogSoftmax"}],
}


class HandWritten(nn.Module):
    """DIGITS_CNN2 written out in plain torch, its layers named as the design's ids."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.act1 = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.act2 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(256, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.act2(self.conv2(self.act1(self.conv1(x))))
        return self.fc(self.flat(self.pool(x)))


def oracle_map(model: nn.Module, layer: str, x: torch.Tensor, chosen: int) -> torch.Tensor:
    """Grad-CAM by the paper with a forward hook and a tensor hook: (8, 8) in [0, 1]."""
    seen: dict[str, torch.Tensor] = {}

    def keep(_module: nn.Module, _inputs: Any, output: torch.Tensor) -> None:
        seen["activation"] = output
        output.register_hook(lambda grad: seen.__setitem__("gradient", grad))

    handle = model.get_submodule(layer).register_forward_hook(keep)
    x = x.reshape(1, 1, 8, 8).requires_grad_(True)  # the hooks' gradient needs a graph
    model(x)[0, chosen].backward()
    handle.remove()
    activation, gradient = seen["activation"].detach(), seen["gradient"]  # (1, C, h, w)
    alpha = gradient.mean(dim=(2, 3))  # (1, C)
    cam = torch.relu((alpha[:, :, None, None] * activation).sum(dim=1))  # (1, h, w)
    cam = F.interpolate(cam[None], size=(8, 8), mode="bilinear", align_corners=False)[0, 0]
    return cam / cam.max() if cam.max() > 0 else cam


# Its one convolution a transposed one: a map too (it was told it had no Conv2d, a review).
TRANSPOSED = {"version": 1, "name": "transposed", "input_shape": [1, 8, 8], "layers": [
    {"id": "up", "type": "ConvTranspose2d", "params": {"out_channels": 4, "kernel_size": 3}},
    {"id": "act", "type": "ReLU"}, {"id": "flat", "type": "Flatten"},
    {"id": "fc", "type": "Linear", "params": {"out_features": 10}}]}  # fmt: skip


@pytest.fixture(scope="module")
def runs(client: TestClient) -> dict[str, str]:
    """The two-convolution digits CNN trained for 4 epochs, a wine MLP for one, and the CNN
    ending in LogSoftmax (NLLLoss) for 4."""
    started = {}
    for name, design, dataset, epochs, loss in (
        ("cnn", DIGITS_CNN2, "digits", 4, "CrossEntropyLoss"),
        ("mlp", WINE_MLP, "wine", 1, "CrossEntropyLoss"),
        ("log-probabilities", LOG_SOFTMAX_CNN, "digits", 4, "NLLLoss"),
        ("transposed", TRANSPOSED, "digits", 1, "CrossEntropyLoss"),
    ):
        training = {**DIGITS_TRAINING, "dataset": dataset, "epochs": epochs, "loss": loss}
        reply = client.post("/api/runs", json={"design": design, "training": training})
        assert reply.status_code == 201, reply.text
        started[name] = reply.json()["id"]
    for run_id in started.values():
        assert (
            wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
        )
    return started


@pytest.fixture(scope="module")
def hand_written(client: TestClient, runs: dict[str, str]) -> nn.Module:
    """The hand-written CNN with the weights downloaded from the server."""
    reply = client.get(f"/api/runs/{runs['cnn']}/weights.safetensors")
    assert reply.status_code == 200
    model = HandWritten()
    model.load_state_dict(load(reply.content))
    return model.eval()


def heat(reply: dict[str, Any]) -> torch.Tensor:
    assert (reply["height"], reply["width"], reply["scaled_from"]) == (8, 8, None)
    return torch.tensor(reply["heat"]).reshape(8, 8)


@pytest.mark.parametrize(("layer", "used"), [(None, "conv2"), ("conv1", "conv1"), ("act2", "act2")])
@pytest.mark.parametrize("second", [False, True], ids=["predicted", "second guess"])
def test_the_map_is_what_torch_hooks_compute(
    client: TestClient,
    runs: dict[str, str],
    hand_written: nn.Module,
    layer: str | None,
    used: str,
    second: bool,
) -> None:
    sample, x = raw_sample("digits")
    with torch.no_grad():
        order = hand_written(x.reshape(1, 1, 8, 8))[0].argsort(descending=True).tolist()
    chosen = order[1] if second else None
    body = {"input": sample, "class_index": chosen, "layer": layer}
    reply = client.post(f"/api/runs/{runs['cnn']}/grad-cam", json=body)
    assert reply.status_code == 200, reply.text
    got = reply.json()
    explained = order[1] if second else order[0]
    assert (got["layer"], got["class_index"], got["predicted_index"]) == (used, explained, order[0])
    assert got["class_name"] == str(explained)
    assert got["layer_type"] == {"conv1": "Conv2d", "conv2": "Conv2d", "act2": "ReLU"}[used]
    assert got["layer_shape"] == [{"conv1": 8}.get(used, 16), 8, 8]
    truth = oracle_map(hand_written, used, x, explained)
    assert torch.allclose(heat(got), truth, atol=2e-4), (heat(got), truth)


def test_a_model_giving_probabilities_is_explained_by_its_scores_before_them(
    client: TestClient, runs: dict[str, str]
) -> None:
    """As the paper does: a log-probability near 0 (a sure answer) has almost no gradient, and
    its map was all 0 beside a 100 % answer; the scores before the LogSoftmax give the map."""
    reply = client.get(f"/api/runs/{runs['log-probabilities']}/weights.safetensors")
    scores = HandWritten()  # the layers before the LogSoftmax, with its trained weights
    scores.load_state_dict(load(reply.content))
    scores.eval()
    sample, x = raw_sample("digits")
    url = f"/api/runs/{runs['log-probabilities']}/grad-cam"
    for chosen in (None, 3):
        got = client.post(url, json={"input": sample, "class_index": chosen}).json()
        truth = oracle_map(scores, "conv2", x, got["class_index"])
        assert float(truth.max()) == pytest.approx(1.0)
        assert torch.allclose(heat(got), truth, atol=2e-4), (heat(got), truth)


def test_a_real_digits_map_is_not_flat_and_differs_between_classes(
    client: TestClient, runs: dict[str, str]
) -> None:
    sample, _ = raw_sample("digits")
    url = f"/api/runs/{runs['cnn']}/grad-cam"
    predicted = client.post(url, json={"input": sample}).json()
    first = heat(predicted)
    assert float(first.max()) == pytest.approx(1.0) and float(first.std()) > 0.1
    others = [
        heat(client.post(url, json={"input": sample, "class_index": k}).json())
        for k in range(10)
        if k != predicted["class_index"]
    ]
    assert max(float((first - other).abs().max()) for other in others) > 0.3


def test_a_picture_and_a_share_link_give_the_samples_map(
    client: TestClient, runs: dict[str, str]
) -> None:
    sample, x = raw_sample("digits")
    url = f"/api/runs/{runs['cnn']}"
    owners = client.post(f"{url}/grad-cam", json={"input": sample, "class_index": 3}).json()
    token = client.post(f"{url}/shares", json={}).json()["url"].rsplit("/", 1)[1]
    stranger = TestClient(client.app)
    shared = stranger.post(
        f"/api/shared/{token}/grad-cam", json={"input": sample, "class_index": 3}
    )
    assert shared.status_code == 200, shared.text
    pixels = (x[0] * 255).round().to(torch.uint8).numpy()  # (H, W): the stored sample's picture
    picture = io.BytesIO()
    Image.fromarray(pixels).save(picture, format="PNG")
    headers = {"Content-Type": "image/png"}
    image_url = f"/api/shared/{token}/grad-cam-image?class_index=3&layer=conv2"
    pictured = stranger.post(image_url, content=picture.getvalue(), headers=headers)
    assert pictured.status_code == 200, pictured.text
    for reply in (shared.json(), pictured.json()):
        same = {key: value for key, value in reply.items() if key != "elapsed_ms"}
        assert same == {key: value for key, value in owners.items() if key != "elapsed_ms"}
    refused = stranger.post(f"{url}/grad-cam-image", content=picture.getvalue(), headers=headers)
    assert refused.status_code == 404


# A residual block last: conv_b's output is only the branch's share, so the map is the block's.
RESIDUAL_CNN: dict[str, Any] = {
    "version": 1,
    "name": "digits-residual",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "stem", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "act", "type": "ReLU"},
        {"id": "conv_a", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "relu_a", "type": "ReLU"},
        {"id": "conv_b", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "add", "type": "Add"},
        {"id": "out", "type": "ReLU"},
        {"id": "pool", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
    "edges": [
        ["input", "stem"], ["stem", "act"], ["act", "conv_a"], ["conv_a", "relu_a"],
        ["relu_a", "conv_b"], ["conv_b", "add"], ["act", "add"], ["add", "out"],
        ["out", "pool"], ["pool", "flat"], ["flat", "fc"],
    ],
}  # fmt: skip


class Add(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a + b


class HandWrittenResidual(nn.Module):
    """RESIDUAL_CNN in plain torch, its join a module of its own so that a hook can see it."""

    def __init__(self) -> None:
        super().__init__()
        self.stem, self.act = nn.Conv2d(1, 8, 3, padding=1), nn.ReLU()
        self.conv_a, self.relu_a = nn.Conv2d(8, 8, 3, padding=1), nn.ReLU()
        self.conv_b, self.add, self.out = nn.Conv2d(8, 8, 3, padding=1), Add(), nn.ReLU()
        self.pool, self.flat, self.fc = nn.MaxPool2d(2), nn.Flatten(), nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skip = self.act(self.stem(x))
        x = self.add(self.conv_b(self.relu_a(self.conv_a(skip))), skip)
        return self.fc(self.flat(self.pool(self.out(x))))


def test_a_residual_blocks_map_is_the_blocks_output_by_default(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "epochs": 2}
    reply = client.post("/api/runs", json={"design": RESIDUAL_CNN, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    model = HandWrittenResidual()
    model.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    model.eval()
    sample, x = raw_sample("digits")
    got = client.post(f"/api/runs/{run_id}/grad-cam", json={"input": sample}).json()
    # The skip goes round the last Conv2d (conv_b): the map is where the paths join again.
    assert (got["layer"], got["layer_type"], got["layer_shape"]) == ("add", "Add", [8, 8, 8])
    truth = oracle_map(model, "add", x, got["class_index"])
    assert torch.allclose(heat(got), truth, atol=2e-4), (heat(got), truth)
    branch = client.post(f"/api/runs/{run_id}/grad-cam", json={"input": sample, "layer": "conv_b"})
    assert branch.json()["layer"] == "conv_b"  # still there when asked for by name


def refusal(reply: Any) -> tuple[int, str | None, str]:
    body = reply.json()
    return (
        reply.status_code,
        body["errors"][0]["field"] if body.get("errors") else None,
        body["detail"],
    )


def test_bad_requests_get_a_clear_422(client: TestClient, runs: dict[str, str]) -> None:
    sample, _ = raw_sample("digits")
    url = f"/api/runs/{runs['cnn']}"
    status, field, detail = refusal(
        client.post(f"{url}/grad-cam", json={"input": sample, "class_index": 10})
    )
    assert (status, field) == (422, "class_index")
    assert "10 is not a class of this model" in detail and "(0 to 9)" in detail
    typed = client.post(f"{url}/grad-cam", json={"input": sample, "class_index": "3"})
    assert typed.status_code == 422 and "class_index" in typed.text  # a number, not "3"
    status, field, detail = refusal(
        client.post(f"{url}/grad-cam", json={"input": sample, "layer": "fc"})
    )
    assert (status, field) == (422, "layer")
    assert "`fc` gives (10), not a map (C, H, W)" in detail
    status, field, detail = refusal(
        client.post(f"{url}/grad-cam", json={"input": sample, "layer": "nope"})
    )
    assert (status, field) == (422, "layer")
    assert "`nope` is not a layer of this model" in detail and "conv1, act1, conv2" in detail
    short = client.post(f"{url}/grad-cam", json={"input": sample[:-1]})
    assert (short.status_code, short.json()) == (
        422,
        client.post(f"{url}/predict", json={"input": sample[:-1]}).json(),
    )
    bad = client.post(f"{url}/grad-cam-image", content=b"not a picture")
    predicted = client.post(f"{url}/predict-image", content=b"not a picture")
    assert (bad.status_code, bad.json()) == (predicted.status_code, predicted.json())
    assert bad.status_code in (415, 422)
    negative = client.post(f"{url}/grad-cam-image?class_index=-1", content=b"x")
    assert negative.status_code == 422
    wine = raw_sample("wine")[0]
    status, _, detail = refusal(
        client.post(f"/api/runs/{runs['mlp']}/grad-cam", json={"input": wine})
    )
    assert status == 422 and detail.startswith(
        "Grad-CAM needs a convolution layer: this model has no Conv2d (nor ConvTranspose2d)"
    )


def test_a_transposed_convolution_gives_the_map_by_default(
    client: TestClient, runs: dict[str, str]
) -> None:
    sample, _ = raw_sample("digits")
    reply = client.post(f"/api/runs/{runs['transposed']}/grad-cam", json={"input": sample})
    assert reply.status_code == 200, reply.text
    assert (reply.json()["layer"], reply.json()["layer_type"]) == ("up", "ConvTranspose2d")


def test_a_big_pictures_map_is_averaged_down_in_proportion() -> None:
    torch.manual_seed(0)
    activation = torch.randn(1, 4, 15, 8).requires_grad_(True)  # a layer's output, (1, C, h, w)
    output = activation.sum(dim=(2, 3)) * torch.tensor([[1.0, -1.0, 2.0, 0.5]])  # (1, classes)
    cam = class_activation_map(output, activation, 0, (300, 150))
    assert cam.shape == (128, 64)  # 300×150 fitted to 128 a side, its proportions kept
    assert float(cam.min()) >= 0 and float(cam.max()) == pytest.approx(1.0)
    assert fitted((64, 640)) == (13, 128) and fitted((1, 1000)) == (1, 128)
