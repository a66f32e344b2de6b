"""A small MLP's weights reach the run page from a Ray actor as from a local worker: the run's last
look carries the trained weights, and each epoch's end sends them too (training/epoch_weights.py;
tests/backend/test_live_weights.py and test_epoch_weights.py check the local pool)."""

from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket
from tests.backend.test_live_weights import SMALL, _expected, _weights_only
from tests.backend.test_results import _run, _trained_net


def test_a_run_on_ray_sends_its_small_mlp_s_weights(client: TestClient) -> None:
    run_id = _run(client, SMALL, dataset="moons", epochs=2, lr=0.05)
    events = read_socket(client, run_id)
    assert "Ray TrainingWorker" in events[0]["worker"]
    looks = [e for e in events if e["type"] == "insight"]
    assert looks and all(look["network"]["not_drawn"] is None for look in looks)
    assert looks[0]["network"]["inputs"] == ["x₁", "x₂"]
    trained = _trained_net(client, run_id, SMALL)
    assert _weights_only(looks[-1]["network"]) == _expected(trained, ["fc1", "fc2", "out"])
    # And the weights at each epoch's end, for the drawing's epoch slider.
    snapshots = [e for e in events if e["type"] == "weights"]
    assert [s["epoch"] for s in snapshots] == [1, 2]
    assert _weights_only(snapshots[-1]["network"]) == _expected(trained, ["fc1", "fc2", "out"])
