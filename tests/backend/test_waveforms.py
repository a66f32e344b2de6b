"""The built-in waveforms: an LSTM learns them in a real worker, and its weights open in plain torch."""

from typing import Any

import torch
import torch.nn as nn
from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.conftest import read_socket
from tests.backend.templates import EDITOR_STEPS, LSTM_WAVEFORMS
from torchcanvas.training.data import find_dataset, load_split

CHANCE = 1 / 3  # three shapes, 200 of each


class HandLSTM(nn.Module):
    """The template written in plain PyTorch: an LSTM of 32 over the steps, a Linear on the last."""

    def __init__(self) -> None:
        super().__init__()
        self.lstm1 = nn.LSTM(1, 32, batch_first=True)
        self.fc = nn.Linear(32, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        steps, _ = self.lstm1(x.transpose(1, 2))  # (B, 1, 32) -> (B, 32 steps, 32 features)
        return self.fc(steps[:, -1])  # the last step -> (B, 3)


def _train(client: TestClient, **steps: Any) -> tuple[str, list[dict[str, Any]]]:
    training = {"dataset": "waveforms", "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    reply = client.post(
        "/api/runs",
        json={"design": LSTM_WAVEFORMS, "training": training | {"lr": 0.001, "seed": 0} | steps},
    )
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    return run_id, read_socket(client, run_id)


def test_the_lstm_template_learns_the_waveforms_with_their_suggested_steps(
    client: TestClient,
) -> None:
    info = find_dataset("waveforms")
    assert info.sample_shape == [1, 32] and info.classes == ["sine", "square", "sawtooth"]
    assert info.suggested is not None
    run_id, events = _train(client, **info.suggested.model_dump())
    assert events[-1]["status"] == "succeeded"
    progress = [e for e in events if e["type"] == "progress"]
    assert all(e["grad_norms"]["lstm1"] > 0 for e in progress)
    last_epoch = [e for e in events if e["type"] == "epoch"][-1]
    assert last_epoch["val_accuracy"] >= 0.85 > 2 * CHANCE

    # The trained weights are nn.LSTM's and nn.Linear's, by name: plain PyTorch scores the same.
    reply = client.get(f"/api/runs/{run_id}/weights.safetensors")
    assert reply.status_code == 200
    net = HandLSTM()
    net.load_state_dict(load(reply.content))
    split = load_split("waveforms")
    with torch.no_grad():
        accuracy = (net(split.x_val).argmax(1) == split.y_val).float().mean().item()
    assert abs(accuracy - last_epoch["val_accuracy"]) < 1e-6

    # Try it on the model page: a wave's 32 values in, the hand-made net's probabilities out.
    wave = split.x_val[:1]  # (1, 1, 32)
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": wave.flatten().tolist()})
    assert reply.status_code == 200, reply.text
    with torch.no_grad():
        expected = net(wave).softmax(1)[0]
    assert reply.json()["classes"] == info.classes
    torch.testing.assert_close(
        torch.tensor(reply.json()["probabilities"]), expected, atol=1e-5, rtol=0
    )


def test_the_editor_s_own_steps_leave_the_waveforms_near_chance(client: TestClient) -> None:
    """Why the set suggests its own epochs and batch size: 80 steps are not enough."""
    _, events = _train(client, **EDITOR_STEPS)
    last_epoch = [e for e in events if e["type"] == "epoch"][-1]
    assert last_epoch["val_accuracy"] < 0.7
