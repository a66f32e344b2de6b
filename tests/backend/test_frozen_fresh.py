"""A frozen layer keeps the weights it starts with: a run with frozen layers and no init_from
(fresh weights) would keep them random, and is refused with a 422 that names the layer."""

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING


def test_frozen_layers_on_fresh_weights_are_refused_naming_them(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "epochs": 1, "frozen": ["conv1"]}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"] == [
        {
            "node": "conv1",
            "field": "training.frozen",
            "message": "Layer `conv1` is frozen but the run starts from fresh weights (no "
            "init_from), so it would keep its random start for the whole run: set init_from to "
            "a run that trained it, or remove it from frozen.",
            "fix": None,
        }
    ]
    design = {
        **DIGITS_CNN,
        "layers": [
            *DIGITS_CNN["layers"][:-1],
            {"id": "hidden", "type": "Linear", "params": {"out_features": 32}},
            DIGITS_CNN["layers"][-1],
        ],
    }
    both = {**training, "frozen": ["conv1", "hidden", "conv1"]}
    reply = client.post("/api/runs", json={"design": design, "training": both})
    assert reply.status_code == 422, reply.text
    (issue,) = reply.json()["errors"]
    assert issue["node"] == "conv1"
    assert issue["message"].startswith("Layers `conv1`, `hidden` are frozen but the run starts")
    assert issue["message"].endswith(
        "set init_from to a run that trained them, or remove them from frozen."
    )
    # Nothing frozen, fresh weights: it trains as ever.
    fresh = {**training, "frozen": []}
    assert (
        client.post("/api/runs", json={"design": DIGITS_CNN, "training": fresh}).status_code == 201
    )
