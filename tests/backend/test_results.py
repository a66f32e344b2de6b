"""Run results: the confusion matrix and mistakes agree with the downloaded model's predictions."""

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.conftest import DIGITS_CNN, LongRuns, read_socket, start_run, wait_for
from torchcanvas.api.access import owner_identity
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.plane import DatasetOptions
from torchcanvas.training.results import _some_of_each

MLP_2D = {
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "act", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
    ],
}


def _run(client: TestClient, design: dict[str, Any], **training: Any) -> str:
    settings = {"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01, "epochs": 3,
                "batch_size": 32, "seed": 0, **training}  # fmt: skip
    reply = client.post("/api/runs", json={"design": design, "training": settings})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    assert read_socket(client, run_id)[-1]["status"] == "succeeded"
    return run_id


def test_confusion_matrix_matches_the_saved_model(client: TestClient) -> None:
    run_id = start_run(client, epochs=3)
    assert read_socket(client, run_id)[-1]["status"] == "succeeded"
    results = client.get(f"/api/runs/{run_id}/results").json()

    net = build_network(Design.model_validate(DIGITS_CNN))
    net.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    split = load_split("digits")
    with torch.no_grad():
        predicted = net.eval()(split.x_val).argmax(dim=1)
    expected = torch.zeros(10, 10, dtype=torch.long)
    for true, guess in zip(split.y_val.tolist(), predicted.tolist(), strict=True):
        expected[true, guess] += 1
    assert results["confusion"] == expected.tolist()
    assert [c["count"] for c in results["per_class"]] == expected.sum(dim=1).tolist()
    for c, row in zip(results["per_class"], expected, strict=True):
        assert abs(c["accuracy"] - row[int(c["name"])].item() / row.sum().item()) < 1e-9
    wrong = (predicted != split.y_val).nonzero().view(-1).tolist()
    # Every mistake of a digits run: 64 values each fit in the gallery's budget many times over.
    assert [m["index"] for m in results["misclassified"]] == wrong
    for mistake in results["misclassified"]:
        assert mistake["true"] != mistake["predicted"]
        assert len(mistake["sample"]) == 64  # 1 × 8 × 8 pixels, for the gallery
    assert results["boundary"] is None and results["regression"] is None


def test_a_gallery_too_small_for_every_mistake_takes_some_of_each_confusion() -> None:
    """Where only some fit (24 pictures of 3 × 32 × 32), the first mistakes of the set could all be
    one confusion: a cell clicked in the matrix then had no sample to show."""
    true = torch.tensor([0, 0, 0, 0, 1, 1, 2, 2, 2])
    guessed = torch.tensor([1, 1, 1, 1, 0, 1, 0, 0, 1])
    # Cells (0→1): 0, 1, 2, 3; (1→0): 4; (2→0): 6, 7; (2→1): 8. Index 5 was right.
    assert _some_of_each(true, guessed, 4) == [0, 4, 6, 8]
    assert _some_of_each(true, guessed, 6) == [0, 1, 4, 6, 7, 8]
    assert _some_of_each(true, guessed, 100) == [0, 1, 2, 3, 4, 6, 7, 8]
    assert _some_of_each(true, true, 10) == []


def _trained_net(client: TestClient, run_id: str, design: dict[str, Any]) -> torch.nn.Module:
    """The run's network, built here by torch from the design and the downloaded weights."""
    net = build_network(Design.model_validate(design))
    net.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    return net.eval()


def test_a_2d_set_gets_its_decision_boundary(client: TestClient) -> None:
    run_id = _run(client, MLP_2D, dataset="moons")
    boundary = client.get(f"/api/runs/{run_id}/results").json()["boundary"]
    x, y = load_split("moons").x_val, load_split("moons").y_val  # 120 points: all are shown
    pad = (x.max(dim=0).values - x.min(dim=0).values) * 0.1  # the map covers them, and 10 % more
    low, high = (x.min(dim=0).values - pad).tolist(), (x.max(dim=0).values + pad).tolist()
    assert (boundary["size"], boundary["x_min"], boundary["x_max"]) == (64, low[0], high[0])
    assert (boundary["y_min"], boundary["y_max"]) == (low[1], high[1])
    assert boundary["points"] == [
        [a, b, float(c)] for (a, b), c in zip(x.tolist(), y.tolist(), strict=True)
    ]
    # Row by row from y_min: cell (row r, column c) is at (xs[c], ys[r]).
    xs, ys = torch.linspace(low[0], high[0], 64), torch.linspace(low[1], high[1], 64)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)  # (64², 2)
    with torch.no_grad():
        logits = _trained_net(client, run_id, MLP_2D)(grid)
    expected = logits.argmax(dim=1)
    clear = (logits[:, 0] - logits[:, 1]).abs() > 1e-4  # not a tie that rounding could flip
    got = torch.tensor(boundary["classes"])
    assert got.shape == (64 * 64,) and torch.equal(got[clear], expected[clear])
    assert int(clear.sum()) >= 64 * 63  # ties are a few cells on the boundary at most
    assert set(expected.tolist()) == {0, 1}  # both classes appear somewhere on the map


def test_regression_gets_predicted_against_true(client: TestClient) -> None:
    design = {**MLP_2D, "input_shape": [1]}
    design["layers"] = [
        *MLP_2D["layers"][:2],
        {"id": "fc2", "type": "Linear", "params": {"out_features": 1}},
    ]
    run_id = _run(client, design, dataset="sine", loss="MSELoss")
    results = client.get(f"/api/runs/{run_id}/results").json()
    points = results["regression"]
    split = load_split("sine")
    assert points["true"] == split.y_val[:, 0].tolist()
    with torch.no_grad():
        expected = _trained_net(client, run_id, design)(split.x_val)[:, 0]
    torch.testing.assert_close(torch.tensor(points["predicted"]), expected, rtol=1e-6, atol=1e-6)
    assert results["confusion"] is None


def test_results_are_a_404_until_the_run_ends(client: TestClient, long_runs: LongRuns) -> None:
    run_id = long_runs(client)
    reply = client.get(f"/api/runs/{run_id}/results")
    assert reply.status_code == 404
    assert reply.json()["detail"] in {
        f"Run {run_id} has no results yet: it is still queued, waiting for a worker.",
        f"Run {run_id} has no results yet: it is still training.",
    }
    wait_for(client, run_id, {"running"})  # said as it is now: training, no longer queued
    reply = client.get(f"/api/runs/{run_id}/results")
    assert reply.json()["detail"] == f"Run {run_id} has no results yet: it is still training."
    # Nor a prediction, and it says why, as the results do.
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": [0.0] * 64})
    assert (reply.status_code, reply.json()["detail"]) == (
        404,
        "This model has no trained weights yet: it is still training.",
    )
    client.post(f"/api/runs/{run_id}/cancel")


def test_a_succeeded_run_whose_results_are_gone_says_so(client: TestClient) -> None:
    """Its files lost since (or a run from an older server): not "it was succeeded before it…"."""
    from tests.backend.conftest import DIGITS_TRAINING
    from torchcanvas.store.owners import OwnerStore
    from torchcanvas.store.runs import RunStore
    from torchcanvas.training.settings import TrainingSettings

    client.get("/api/health")  # the owner cookie
    services = client.app.state.services  # type: ignore[attr-defined]
    store = RunStore(services.db)
    store.create(
        "5ecceeded000000a",
        Design.model_validate(DIGITS_CNN),
        TrainingSettings.model_validate(DIGITS_TRAINING),
    )
    owner = owner_identity(client.cookies["torchcanvas_owner"])
    OwnerStore(services.db).record("5ecceeded000000a", owner)
    store.mark_ended("5ecceeded000000a", "succeeded", None)
    reply = client.get("/api/runs/5ecceeded000000a/results")
    assert reply.status_code == 404
    assert reply.json()["detail"] == (
        "Run 5ecceeded000000a has no results yet: it succeeded, but none are stored for it "
        "(train it again to have them)."
    )


def test_a_scaled_target_and_features_are_shown_in_their_own_units(client: TestClient) -> None:
    """diabetes's target (around 150) is standardised to train on: its results, predictions and
    mistakes read in the dataset's units, not the standardised ones the model works in."""
    design = {"input_shape": [10], "layers": [{"id": "fc", "type": "Linear",
              "params": {"out_features": 1}}]}  # fmt: skip
    run_id = _run(client, design, dataset="diabetes", loss="MSELoss", epochs=2)
    scaling = find_dataset("diabetes").standardisation
    assert scaling is not None and scaling.target_mean is not None and scaling.target_std
    split = load_split("diabetes")
    net = _trained_net(client, run_id, design)
    with torch.no_grad():
        output = net(split.x_val)[:, 0]  # (N,) standardised
    points = client.get(f"/api/runs/{run_id}/results").json()["regression"]
    raw_true = split.y_val.reshape(-1) * scaling.target_std + scaling.target_mean
    torch.testing.assert_close(torch.tensor(points["true"]), raw_true)
    raw_output = output * scaling.target_std + scaling.target_mean
    torch.testing.assert_close(torch.tensor(points["predicted"]), raw_output)
    # The errors a person can read beside the target (the loss is the scaled target's).
    error = (raw_output - raw_true).double()
    assert points["mae"] == pytest.approx(error.abs().mean().item(), rel=1e-4)
    assert points["rmse"] == pytest.approx(error.square().mean().sqrt().item(), rel=1e-4)
    spread = (raw_true - raw_true.mean()).double().square().mean().sqrt().item()
    assert points["average_rmse"] == pytest.approx(spread, rel=1e-4)
    assert points["target_scale"] == scaling.target_std

    raw_x = split.x_val[0] * torch.tensor(scaling.std) + torch.tensor(scaling.mean)
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": raw_x.tolist()})
    assert reply.status_code == 200, reply.text
    (value,) = reply.json()["values"]
    assert abs(value - raw_output[0].item()) < 1e-3 * scaling.target_std


def test_mistakes_on_a_table_show_the_values_the_table_gave(client: TestClient) -> None:
    design = {"input_shape": [13], "layers": [{"id": "fc", "type": "Linear",
              "params": {"out_features": 3}}]}  # fmt: skip
    run_id = _run(client, design, dataset="wine", lr=0.3, epochs=1, batch_size=64)
    mistakes = client.get(f"/api/runs/{run_id}/results").json()["misclassified"]
    assert mistakes, "the run should be poor enough to make mistakes"
    scaling = find_dataset("wine").standardisation
    assert scaling is not None
    x_val = load_split("wine").x_val
    for mistake in mistakes:
        raw = x_val[mistake["index"]] * torch.tensor(scaling.std) + torch.tensor(scaling.mean)
        torch.testing.assert_close(torch.tensor(mistake["sample"]), raw)


def _answer(client: TestClient, run_id: str, sample: list[float]) -> dict[str, Any]:
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": sample})
    assert reply.status_code == 200, reply.text
    answer: dict[str, Any] = reply.json()
    return answer


def test_a_mistake_opened_in_try_it_is_its_validation_sample_and_answered_as_the_run_did(
    client: TestClient,
) -> None:
    # The run page's mistakes open in the model page's Try it (/models/<id>#sample=<index>),
    # which asks the model about the sample's values as the results keep them.
    run_id = start_run(client, epochs=1)
    assert read_socket(client, run_id)[-1]["status"] == "succeeded"
    mistakes = client.get(f"/api/runs/{run_id}/results").json()["misclassified"]
    assert len(mistakes) >= 5, "one epoch should leave mistakes"
    x_val = load_split("digits").x_val  # (N, 1, 8, 8)
    for mistake in mistakes:
        assert mistake["sample"] == x_val[mistake["index"]].flatten().tolist()
        answer = _answer(client, run_id, mistake["sample"])
        assert answer["predicted"] == mistake["predicted"] != mistake["true"]
        chance = answer["probabilities"][answer["classes"].index(mistake["predicted"])]
        assert chance == pytest.approx(mistake["confidence"], abs=1e-5)


def test_a_2d_sets_mistake_opens_as_its_point_past_the_features(client: TestClient) -> None:
    # Try it takes a 2-D set's point (x1, x2): for a mistake, the results' point at its index.
    design = {**MLP_2D, "input_shape": [3]}
    options = {"noise": 30, "features": ["x1_squared", "x2", "x1"]}
    run_id = _run(client, design, dataset="moons", epochs=1, lr=0.003, dataset_options=options)
    results = client.get(f"/api/runs/{run_id}/results").json()
    points, mistakes = results["boundary"]["points"], results["misclassified"]
    assert mistakes, "a noisy set after one slow epoch should leave mistakes"
    split = load_split("moons", options=DatasetOptions(**options))
    assert split.points_val is not None
    for mistake in mistakes:
        x1, x2, _ = points[mistake["index"]]
        assert [x1, x2] == split.points_val[mistake["index"]].tolist()
        assert _answer(client, run_id, [x1, x2])["predicted"] == mistake["predicted"]
        # the features it trained on (in Playground's order) hold x1 and x2: the frontend reads
        # them there for a mistake past the points the results map
        features = results["boundary"]["features"]
        assert features == ["x1", "x2", "x1_squared"]
        assert mistake["sample"][:2] == pytest.approx([x1, x2])


def test_a_regression_of_several_outputs_has_its_errors_over_all_of_them(
    client: TestClient, data_dir: Path
) -> None:
    """As the test set's are measured: the first output's alone (the scatter's) read 0.2 beside
    a test error of 325 on targets of other scales (a review)."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(200, 4)).astype(np.float32)
    y = (x @ rng.normal(size=(4, 3)) * np.array([1, 100, 1000])).astype(np.float32)
    buffer = io.BytesIO()
    np.savez(buffer, x=x, y=y)
    reply = client.post(
        "/api/datasets",
        files={"file": ("three.npz", buffer.getvalue())},
        data={"task": "regression"},
    )
    assert reply.status_code == 201, reply.text
    design = {"input_shape": [4], "layers": [{"id": "fc", "type": "Linear",
              "params": {"out_features": 3}}]}  # fmt: skip
    run_id = _run(client, design, dataset=reply.json()["id"], loss="MSELoss", epochs=1)
    split = load_split(reply.json()["id"], data_dir)
    with torch.no_grad():
        error = (_trained_net(client, run_id, design)(split.x_val) - split.y_val).double()
    points = client.get(f"/api/runs/{run_id}/results").json()["regression"]
    assert points["mae"] == pytest.approx(error.abs().mean().item(), rel=1e-4)
    assert points["rmse"] == pytest.approx(error.square().mean().sqrt().item(), rel=1e-4)
    # What answering each output's own average is off by, over all three: the error to beat.
    about = (split.y_val - split.y_val.mean(dim=0)).double()
    assert points["average_rmse"] == pytest.approx(about.square().mean().sqrt().item(), rel=1e-4)
    assert len(points["true"]) == len(split.y_val)  # the scatter: the first output's
    torch.testing.assert_close(torch.tensor(points["true"]), split.y_val[:, 0])
