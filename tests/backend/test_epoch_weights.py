"""A small MLP's weights at epoch ends, for the weights drawing's epoch slider: a fast run (moons
2→6→4→2 for 30 epochs trains in about 0.3 s, two insight looks) sends them for every epoch, the
last torch's trained weights; a network too big to draw sends none. Real runs, real torch."""

from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket
from tests.backend.test_live_weights import SMALL, _expected, _linear, _weights_only
from tests.backend.test_results import _run, _trained_net
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.epoch_weights import MAX_SNAPSHOTS, EpochWeights
from torchcanvas.training.live_weights import WeightsDrawing


def test_a_fast_moons_run_sends_the_weights_of_every_epoch_the_last_the_trained_ones(
    client: TestClient,
) -> None:
    run_id = _run(client, SMALL, dataset="moons", epochs=30, lr=0.05)
    events = read_socket(client, run_id)
    snapshots = [e for e in events if e["type"] == "weights"]
    epoch_ends = {e["epoch"]: e["step"] for e in events if e["type"] == "epoch"}
    assert [s["epoch"] for s in snapshots] == list(range(1, 31))
    assert all(s["step"] == epoch_ends[s["epoch"]] for s in snapshots)  # each at its epoch's end
    for snapshot in snapshots:
        assert snapshot["network"]["not_drawn"] is None
        assert snapshot["network"]["inputs"] == ["x₁", "x₂"]
        assert [layer["after"] for layer in snapshot["network"]["layers"]] == [
            ["Tanh", "Dropout"],
            ["ReLU"],
            [],
        ]
    # Torch as the oracle: the last epoch's are the trained model's.
    trained = _trained_net(client, run_id, SMALL)
    assert _weights_only(snapshots[-1]["network"]) == _expected(trained, ["fc1", "fc2", "out"])
    assert _weights_only(snapshots[0]["network"]) != _weights_only(snapshots[-1]["network"])
    # Replays get them: the event log a reopened run (or a share page) reads has them all.
    logged = client.get(f"/api/runs/{run_id}/events").json()
    assert [e for e in logged if e["type"] == "weights"] == snapshots


def test_a_network_too_big_to_draw_sends_no_weights(client: TestClient) -> None:
    big = {
        "input_shape": [2],
        "layers": [_linear("fc1", 64), {"id": "act", "type": "ReLU"}, _linear("out", 2)],
    }
    run_id = _run(client, big, dataset="moons", epochs=3)
    events = read_socket(client, run_id)
    assert [e for e in events if e["type"] == "boundary"]  # the maps still come
    assert not [e for e in events if e["type"] == "weights"]


def test_a_long_run_sends_a_bounded_number_with_its_first_and_last() -> None:
    model = build_network(Design.model_validate(SMALL))
    snapshots = EpochWeights.for_run(WeightsDrawing(model), 1000)
    assert snapshots is not None
    due = [e for e in range(1, 1001) if snapshots.due(e, last=e == 1000)]
    assert due[0] == 1 and due[-1] == 1000
    assert len(due) <= MAX_SNAPSHOTS + 1  # and the first
    short = EpochWeights.for_run(WeightsDrawing(model), MAX_SNAPSHOTS)
    assert short is not None
    assert all(short.due(e, last=False) for e in range(1, MAX_SNAPSHOTS + 1))
