"""The decision boundary while a 2-D run trains: its events, checked against torch on the weights."""

import base64
import math
from typing import Any

import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket
from tests.backend.test_results import MLP_2D, _run, _trained_net
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.data import load_split
from torchcanvas.training.live_boundary import LIVE_GRID, MAX_MAPS, BoundaryMaps
from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.settings import TrainingSettings

CELLS = LIVE_GRID * LIVE_GRID
ENCODED = 4 * math.ceil(CELLS / 3)  # base64 of one byte a cell: the declared size


def _bytes(text: str) -> torch.Tensor:
    return torch.tensor(list(base64.b64decode(text)))


def test_a_2d_run_sends_maps_and_the_last_is_the_trained_model_s(client: TestClient) -> None:
    run_id = _run(client, MLP_2D, dataset="moons", epochs=4)
    events = read_socket(client, run_id)
    maps = [e for e in events if e["type"] == "boundary"]
    assert len(maps) >= 2  # the first epoch's (nothing paces it yet) and the last's
    assert [m["epoch"] for m in maps] == sorted({m["epoch"] for m in maps})
    assert maps[0]["epoch"] == 1 and maps[-1]["epoch"] == 4
    assert maps[-1]["seq"] < events[-1]["seq"]  # before the end, in the run's numbering
    for m in maps:
        assert m["size"] == LIVE_GRID
        assert len(m["classes"]) == len(m["confidence"]) == ENCODED
    x, y = load_split("moons").x_val, load_split("moons").y_val
    points = [[a, b, float(c)] for (a, b), c in zip(x.tolist(), y.tolist(), strict=True)]
    assert maps[0]["points"] == points
    assert all(m["points"] is None for m in maps[1:])  # sent once: they do not change

    # Torch as the oracle: the downloaded weights on a grid made here, over the final map's extent.
    final = client.get(f"/api/runs/{run_id}/results").json()["boundary"]
    last = maps[-1]
    extent = ("x_min", "x_max", "y_min", "y_max")
    assert [last[k] for k in extent] == [final[k] for k in extent]
    xs = torch.linspace(last["x_min"], last["x_max"], LIVE_GRID)
    ys = torch.linspace(last["y_min"], last["y_max"], LIVE_GRID)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)  # (G², 2)
    with torch.no_grad():
        logits = _trained_net(client, run_id, MLP_2D)(grid)
    clear = (logits[:, 0] - logits[:, 1]).abs() > 1e-4  # not a tie that rounding could flip
    classes, sure = _bytes(last["classes"]), _bytes(last["confidence"])
    assert classes.shape == sure.shape == (CELLS,)
    assert torch.equal(classes[clear], logits.argmax(dim=1)[clear])
    expected = (logits.softmax(dim=1).max(dim=1).values * 255).round()
    assert (sure - expected).abs().max() <= 1  # a float rounding may land on the next byte
    assert int(clear.sum()) >= CELLS - LIVE_GRID and set(classes.tolist()) == {0, 1}

    # A replay after N is the log from N on; a share link's page reads the same events.
    after = maps[0]["seq"]
    assert read_socket(client, run_id, after=after) == events[after:]
    token = client.post(f"/api/runs/{run_id}/shares", json={}).json()["url"].rsplit("/s/", 1)[1]
    shared = client.get(f"/api/shared/{token}/events").json()
    assert [e for e in shared if e["type"] == "boundary"] == maps


def test_a_run_on_other_than_2d_points_sends_no_map(client: TestClient) -> None:
    design = {**MLP_2D, "input_shape": [13]}
    design["layers"] = [*MLP_2D["layers"][:2], {"id": "fc2", "type": "Linear", "params": {"out_features": 3}}]  # fmt: skip
    run_id = _run(client, design, dataset="wine", epochs=2)
    assert not [e for e in read_socket(client, run_id) if e["type"] == "boundary"]


def test_a_thousand_epochs_store_a_bounded_number_of_maps() -> None:
    """However fast the epochs (so time never paces them), a long run skips epochs."""
    torch.manual_seed(0)
    model = build_network(Design.model_validate(MLP_2D))
    split = load_split("spiral")
    settings = TrainingSettings.model_validate(
        {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
         "epochs": 1000, "batch_size": 32, "seed": 0}
    )  # fmt: skip
    cpu = torch.device("cpu")
    maps = BoundaryMaps.for_run(split.x_val, split.y_val, 2, 1000, cpu)
    assert maps is not None
    assert BoundaryMaps.for_run(split.x_val[:, :1], split.y_val, 2, 9, cpu) is None
    loss_fn = LossFunction(settings, 2)
    stored: list[Any] = []
    for epoch in range(1, 1001):
        maps.made_at = -math.inf  # as if each epoch lasted long: the worst case
        if maps.due(epoch, last=epoch == 1000):
            stored.append(maps.make(model.train(), loss_fn, epoch, epoch))
            assert model.training  # the map is made in eval mode, and training goes on in train
    assert MAX_MAPS // 2 <= len(stored) <= MAX_MAPS and stored[-1].epoch == 1000
    assert sum(len(event.model_dump_json()) for event in stored) < 1_000_000
