"""How quickly a run answers Stop and Pause, and how quickly a trained model answers a prediction.

The tests check what happens (a stopped run ends `cancelled` where it stood, a prediction is
right); how fast it happens depends on the machine, so it is measured here. A real app with one
real worker process trains the digits CNN; each measurement is repeated and its median printed,
with the ratio that says whether it is fast: a stop's delay in the run's own steps, and a
prediction's round trip against the bare forward pass in this process.

    .venv/bin/python bench/control_latency.py [--repeats 5]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import torch
from fastapi.testclient import TestClient
from safetensors.torch import load

from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design

DESIGN: dict[str, Any] = {
    "version": 1,
    "name": "digits-cnn",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 3}},
        {"id": "act1", "type": "ReLU"},
        {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
BATCH_SIZE = 8
TRAINING = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
TRAINING |= {"epochs": 1, "batch_size": BATCH_SIZE, "seed": 0}


def start(client: TestClient, epochs: int) -> str:
    reply = client.post(
        "/api/runs", json={"design": DESIGN, "training": TRAINING | {"epochs": epochs}}
    )
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    return run_id


def wait(client: TestClient, run_id: str, statuses: set[str]) -> dict[str, Any]:
    while True:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}").json()
        if run["status"] in statuses:
            return run
        time.sleep(0.005)


def step_seconds(client: TestClient, run_id: str) -> float:
    """The run's mean time per step, from its progress frames."""
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    rates = [e["samples_per_second"] for e in events if e["type"] == "progress"][1:]
    return BATCH_SIZE / float(statistics.median(rates))


def stop_and_pause(
    client: TestClient, repeats: int
) -> tuple[list[float], list[float], list[float]]:
    """Seconds from a request to its effect: Stop to `finished_at`, Pause to status `paused`."""
    run_id = start(client, epochs=500)
    wait(client, run_id, {"running"})
    time.sleep(0.5)  # a few frames, for the step time
    pauses = []
    for _ in range(repeats):
        asked = time.monotonic()
        client.post(f"/api/runs/{run_id}/pause")
        wait(client, run_id, {"paused"})
        pauses.append(time.monotonic() - asked)
        client.post(f"/api/runs/{run_id}/resume")
        wait(client, run_id, {"running"})
        time.sleep(0.2)
    steps = [step_seconds(client, run_id)]
    asked_at = time.time()
    client.post(f"/api/runs/{run_id}/cancel")
    stops = [wait(client, run_id, {"cancelled"})["finished_at"] - asked_at]  # the server's clock
    for _ in range(repeats - 1):
        run_id = start(client, epochs=500)
        wait(client, run_id, {"running"})
        time.sleep(0.3)
        asked_at = time.time()
        client.post(f"/api/runs/{run_id}/cancel")
        stops.append(wait(client, run_id, {"cancelled"})["finished_at"] - asked_at)
        steps.append(step_seconds(client, run_id))
    return stops, pauses, steps


def predictions(client: TestClient, repeats: int) -> tuple[list[float], list[float]]:
    """Seconds per prediction: over HTTP, round trip included, and a bare forward pass here."""
    run_id = start(client, epochs=1)
    wait(client, run_id, {"succeeded"})
    net = build_network(Design.model_validate(DESIGN)).eval()
    net.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    sample = torch.rand(64)
    client.post(f"/api/runs/{run_id}/predict", json={"input": sample.tolist()})  # loads it
    http, bare = [], []
    for _ in range(20 * repeats):
        began = time.perf_counter()
        client.post(f"/api/runs/{run_id}/predict", json={"input": sample.tolist()})
        http.append(time.perf_counter() - began)
        began = time.perf_counter()
        with torch.no_grad():
            net(sample.view(1, 1, 8, 8)).softmax(dim=1)
        bare.append(time.perf_counter() - began)
    return http, bare


def main(repeats: int) -> None:
    settings = ServerConfig(data_dir=Path(tempfile.mkdtemp()), workers=1, worker_threads=1)
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        stops, pauses, steps = stop_and_pause(client, repeats)
        http, bare = predictions(client, repeats)
    median = statistics.median
    print(f"stop:    {median(stops) * 1000:7.1f} ms (median of {len(stops)}), "
          f"{median(stops) / median(steps):.0f} steps of {median(steps) * 1000:.2f} ms")  # fmt: skip
    print(f"pause:   {median(pauses) * 1000:7.1f} ms (median of {len(pauses)}, polling included)")
    print(f"predict: {median(http) * 1000:7.1f} ms over HTTP, {median(bare) * 1000:.2f} ms bare: "
          f"{median(http) / median(bare):.0f}x (median of {len(http)})")  # fmt: skip


if __name__ == "__main__":  # workers are spawned and import this module: nothing runs on import
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    main(parser.parse_args().repeats)
