"""The held-out test set (training.test_fraction): rows split off the training part that the run
never trains on, validates on or picks its weights by, and measures its final model on once."""

import io
import json
import re
import unittest.mock
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn as nn
from fastapi.testclient import TestClient
from safetensors.torch import load
from sklearn.model_selection import train_test_split

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run, wait_for
from tests.backend.test_codegen import run_script
from tests.backend.test_datasets_upload import mlp, upload
from tests.backend.test_script_upload import prices_csv
from tests.backend.upload_files import shapes_zip, write_mnist
from torchcanvas.export.formats import onnx_warmth
from torchcanvas.training.data import DatasetInfo, load_split
from torchcanvas.training.data.downloads import download_folder
from torchcanvas.training.events import EndEvent, EpochEvent, StartedEvent, TrainingEvent
from torchcanvas.training.held_out import evaluate_test, held_out_issues, seen_by_its_start
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.session import TrainingSession
from torchcanvas.training.settings import TrainingSettings

torch.set_num_threads(1)  # as in a worker

FAST = {"epochs": 3, "batch_size": 100}


def _digits_net() -> nn.Sequential:
    """The design DIGITS_CNN, written in plain PyTorch."""
    return nn.Sequential(
        OrderedDict(
            conv1=nn.Conv2d(1, 16, 3, padding=1),  # (B, 1, 8, 8) -> (B, 16, 8, 8)
            act1=nn.ReLU(),
            pool1=nn.MaxPool2d(2),  # -> (B, 16, 4, 4)
            flat=nn.Flatten(),  # -> (B, 256)
            fc=nn.Linear(256, 10),
        )
    )


def _oracle_test_rows(fraction: float) -> tuple[torch.Tensor, torch.Tensor]:
    """digits's test rows as scikit-learn picks them from its training part, by hand."""
    split = load_split("digits")
    n = len(split.y_train)
    n_test = min(n - 1, max(1, int(np.ceil(n * fraction))))
    _, test = train_test_split(
        np.arange(n), test_size=n_test, random_state=0, stratify=split.y_train.numpy()
    )
    rows = torch.from_numpy(test)
    return split.x_train[rows], split.y_train[rows]


def _session(folder: Path, dataset: str, fraction: float) -> TrainingSession:
    training = DIGITS_TRAINING | {"dataset": dataset, "test_fraction": fraction}
    job = TrainingJob(design=DIGITS_CNN, training=training, folder=folder)
    session = TrainingSession(job, lambda event: None, lambda: False)
    assert session.load_data() is None
    return session


def _rows(x: torch.Tensor) -> set[tuple[float, ...]]:
    return {tuple(row) for row in x.reshape(len(x), -1).tolist()}


def test_the_test_rows_are_apart_from_training_and_validation_and_the_same_each_time(
    tmp_path: Path,
) -> None:
    # The moons' points are all different, so a row's values say which row it is.
    whole = load_split("moons")
    first, again = _session(tmp_path / "a", "moons", 0.2), _session(tmp_path / "b", "moons", 0.2)
    assert first.test is not None and again.test is not None
    train, test, val = _rows(first.data.x), _rows(first.test.x), _rows(first.data.x_val.cpu())
    assert len(test) == len(first.test.x) == 96  # ceil(0.2 × 480 training points)
    assert not test & train and not test & val
    assert train | test == _rows(whole.x_train)  # every training row is in one part or the other
    assert len(first.data.x) == len(whole.x_train) - 96
    # The validation part is as it was, row for row: the test rows come off the training part.
    assert torch.equal(first.data.x_val.cpu(), whole.x_val)
    assert torch.equal(first.test.x, again.test.x) and torch.equal(first.data.x, again.data.x)
    # Stratified by class, as the validation split is: the two moons half and half.
    assert first.test.y.bincount().tolist() == [48, 48]


def test_a_run_without_a_test_set_trains_exactly_as_before(tmp_path: Path) -> None:
    # Trained here, in the test process: an ONNX export warming up in the background (a model
    # page of an earlier test's app) may change how torch sums a conv while it runs (a CI run's
    # epoch 2 differed in the 7th figure). A worker process has no such thread.
    if onnx_warmth.started:
        assert onnx_warmth.done.wait(120), "the ONNX warm-up never ended"

    def run(folder: Path, **extra: Any) -> list[TrainingEvent]:
        events: list[TrainingEvent] = []
        torch.set_num_threads(1)  # as a worker: on two, a conv's sums may come in either order
        job = TrainingJob(design=DIGITS_CNN, training=DIGITS_TRAINING | FAST | extra, folder=folder)
        train(job, events.append, lambda: False)
        return events

    before, zero = run(tmp_path / "before"), run(tmp_path / "zero", test_fraction=0.0)

    # Progress frames come by the clock; the epochs and the end are the run's numbers.
    def numbers(events: list[TrainingEvent]) -> list[dict[str, Any]]:
        kept = [e for e in events if isinstance(e, EpochEvent | EndEvent)]
        return [e.model_dump(exclude={"elapsed"}) for e in kept]

    assert len(numbers(before)) == 4 and numbers(before) == numbers(zero)
    end = before[-1]
    assert isinstance(end, EndEvent) and end.metrics.test is None
    weights = [
        (tmp_path / name / "weights.safetensors").read_bytes() for name in ("before", "zero")
    ]
    assert weights[0] == weights[1]


def test_the_test_set_is_measured_once_as_the_run_ends_and_never_trained_on(
    tmp_path: Path,
) -> None:
    events: list[TrainingEvent] = []
    training = DIGITS_TRAINING | FAST | {"test_fraction": 0.1, "early_stopping_patience": 1}
    job = TrainingJob(design=DIGITS_CNN, training=training, folder=tmp_path)
    measure = unittest.mock.Mock(wraps=evaluate_test)  # counts its calls; the real one runs
    with unittest.mock.patch("torchcanvas.training.finish.evaluate_test", measure):
        train(job, events.append, lambda: False)
    assert measure.call_count == 1
    started, end = events[0], events[-1]
    assert isinstance(started, StartedEvent) and isinstance(end, EndEvent)
    # 1,437 training samples less the 144 held out train, in batches of 100.
    assert started.steps_per_epoch == 13
    assert end.metrics.test is not None and end.metrics.test.size == 144


def test_the_test_accuracy_is_the_downloaded_weights_on_the_held_out_rows(
    client: TestClient,
) -> None:
    run_id = start_run(client, **FAST, test_fraction=0.1, early_stopping_patience=2)
    run = wait_for(client, run_id, {"succeeded"}, timeout=120)
    tested = run["metrics"]["test"]
    net = _digits_net()
    net.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    x, y = _oracle_test_rows(0.1)
    with torch.no_grad():
        output = net.eval()(x)
    assert tested["size"] == len(y) == 144
    assert tested["accuracy"] == pytest.approx((output.argmax(1) == y).float().mean().item())
    assert tested["loss"] == pytest.approx(nn.functional.cross_entropy(output, y).item(), abs=1e-5)
    # The results the run page and the bundle show say it too, and the validation set is whole.
    results = client.get(f"/api/runs/{run_id}/results").json()
    assert results["test"] == tested
    assert sum(c["count"] for c in results["per_class"]) == 360
    # Its confusion matrix too: rows the true digit, columns the one the weights answer.
    confusion = torch.zeros(10, 10, dtype=torch.int64)
    confusion.index_put_(
        (y, output.argmax(1)), torch.ones(len(y), dtype=torch.int64), accumulate=True
    )
    assert results["test_confusion"] == confusion.tolist()
    bundle = client.get(f"/api/runs/{run_id}/files/bundle.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert json.loads(archive.read("results.json"))["test"] == tested
        about = archive.read("README.md").decode()
    percent = f"{100 * tested['accuracy']:.1f} %"
    assert (
        f"On its 144 held-out test samples, never trained on nor used to pick the\nmodel: test accuracy {percent}"
        in about
    )


def test_the_runs_script_splits_the_same_rows_and_prints_the_test_metric(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = start_run(client, **FAST, test_fraction=0.25)
    tested = wait_for(client, run_id, {"succeeded"}, timeout=120)["metrics"]["test"]
    path = tmp_path / "digits.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    out = run_script(path)
    found = re.search(r"test_loss (\S+)  test_accuracy (\S+)  on (\d+) held-out samples", out)
    assert found is not None, out
    assert float(found[1]) == pytest.approx(tested["loss"], abs=1e-4)
    assert float(found[2]) == pytest.approx(tested["accuracy"], abs=1e-4)
    assert int(found[3]) == tested["size"] == 360


def test_a_continued_run_is_tested_on_the_same_rows(client: TestClient) -> None:
    run_id = start_run(client, **FAST, test_fraction=0.1)
    wait_for(client, run_id, {"succeeded"}, timeout=120)
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    assert reply.status_code in (200, 202), reply.text
    run = wait_for(client, reply.json()["id"], {"succeeded"}, timeout=120)
    tested = run["metrics"]["test"]
    net = _digits_net()
    weights = client.get(f"/api/runs/{reply.json()['id']}/weights.safetensors").content
    net.load_state_dict(load(weights))
    x, y = _oracle_test_rows(0.1)
    with torch.no_grad():
        right = (net.eval()(x).argmax(1) == y).float().mean().item()
    assert tested["size"] == 144 and tested["accuracy"] == pytest.approx(right)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (0.6, "training.test_fraction: 0.6 is over the most allowed, 0.5."),
        (-0.1, "training.test_fraction: -0.1 is under the least allowed, 0."),
        ("0.1", "training.test_fraction: "),
    ],
)
def test_a_bad_test_fraction_is_a_422_that_names_it(
    client: TestClient, value: Any, said: str
) -> None:
    training = DIGITS_TRAINING | {"test_fraction": value}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["field"] == "training.test_fraction" and error["message"].startswith(said)


def test_a_test_set_too_small_for_every_class_says_how_big_it_must_be(client: TestClient) -> None:
    training = DIGITS_TRAINING | {"test_fraction": 0.005}  # 8 of 1,437 samples, of 10 classes
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422
    (issue,) = [e for e in reply.json()["errors"] if e["field"] == "training.test_fraction"]
    assert issue["message"] == (
        "test_fraction 0.005 holds out 8 of the 1,437 training samples of `Handwritten digits "
        "(8×8)`, fewer than its 10 classes: set it to at least 0.007, so that every class can be "
        "tested, or to 0 for no test set."
    )


@pytest.mark.parametrize(
    ("n", "classes", "least"), [(142, 3, 0.015), (24, 4, 0.126), (1437, 10, 0.007)]
)
def test_the_least_test_share_said_is_the_least_that_works(
    n: int, classes: int, least: float
) -> None:
    info = DatasetInfo(
        name="upload-000000000000",
        title="set.csv",
        help="",
        task="classification",
        sample_shape=[2],
        target_shape=[],
        classes=[str(k) for k in range(classes)],
        train_size=n,
        val_size=1,
    )
    (issue,) = held_out_issues(info, 0.001)
    assert f"set it to at least {least:g}," in issue.message, issue.message
    # It works, and a thousandth less does not: the share rounds up (held_out_size).
    assert held_out_issues(info, least) == []
    assert held_out_issues(info, round(least - 0.001, 3)) != []


def test_a_dataset_of_too_few_samples_cannot_keep_a_test_set() -> None:
    tiny = DatasetInfo(
        name="upload-000000000000",
        title="tiny.csv",
        help="",
        task="classification",
        sample_shape=[2],
        target_shape=[],
        classes=["a", "b"],
        train_size=3,
        val_size=1,
    )
    (issue,) = held_out_issues(tiny, 0.5)
    assert issue.field == "training.test_fraction"
    assert (
        "too few to keep a test set" in issue.message and "Set test_fraction to 0" in issue.message
    )
    assert held_out_issues(tiny, 0.0) == []
    assert held_out_issues(tiny.model_copy(update={"train_size": 4}), 0.5) == []
    # Three classes of two samples each: a test sample of each class would take 0.75 of them,
    # over the 0.5 allowed, and leave one to train on: it says too few, not "at least 0.75".
    three = tiny.model_copy(update={"classes": ["a", "b", "c"], "train_size": 4})
    (issue,) = held_out_issues(three, 0.1)
    assert "too few to keep a test set" in issue.message and "0.75" not in issue.message


def test_an_uploaded_csv_keeps_a_test_set_measured_in_its_own_units(
    client: TestClient, data_dir: Path, tmp_path: Path
) -> None:
    record = upload(client, "houses.csv", prices_csv(80))
    training = {"dataset": record["id"], "loss": "MSELoss", "optimizer": "Adam", "lr": 0.01}
    training |= {"epochs": 2, "batch_size": 16, "test_fraction": 0.25}
    reply = client.post("/api/runs", json={"design": mlp("table", [2], 1), "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    tested = wait_for(client, run_id, {"succeeded"}, timeout=120)["metrics"]["test"]
    assert tested["size"] == 16 and tested["accuracy"] is None  # ceil(0.25 × 64 training rows)

    # By hand: the same rows, the downloaded weights, the errors in the price's own units.
    split = load_split(record["id"], data_dir)
    _, test = train_test_split(np.arange(64), test_size=16, random_state=0)
    x, y = split.x_train[test], split.y_train[test]
    net = nn.Sequential(OrderedDict(fc1=nn.Linear(2, 32), act1=nn.ReLU(), fc2=nn.Linear(32, 1)))
    net.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    with torch.no_grad():
        output = net(x)
    scale = record["standardisation"]
    assert tested["loss"] == pytest.approx(nn.functional.mse_loss(output, y).item(), rel=1e-5)
    error = (output[:, 0] - y[:, 0]).double() * scale["target_std"]
    assert tested["mae"] == pytest.approx(error.abs().mean().item(), rel=1e-5)
    assert tested["rmse"] == pytest.approx(error.square().mean().sqrt().item(), rel=1e-5)

    path = tmp_path / "table.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    (tmp_path / "houses.csv").write_bytes(prices_csv(80))
    out = run_script(path, ["table.py", "houses.csv"])
    found = re.search(r"test_loss (\S+)  on 16 held-out samples", out)
    assert found is not None, out
    assert float(found[1]) == pytest.approx(tested["loss"], abs=1e-4)
    # And its errors in the price's own units, as the run's page says them.
    found = re.search(r"test_mae (\S+)  test_rmse (\S+)  in the target's own units", out)
    assert found is not None, out
    assert float(found[1]) == pytest.approx(tested["mae"], rel=1e-5, abs=2e-6)
    assert float(found[2]) == pytest.approx(tested["rmse"], rel=1e-5, abs=2e-6)


@pytest.mark.parametrize(("dataset", "features"), [("sine", 1), ("diabetes", 10)])
def test_a_built_in_regressions_script_prints_the_runs_test_errors(
    client: TestClient, tmp_path: Path, dataset: str, features: int
) -> None:
    """Sine's target as it is; diabetes' standardised, which the script scales back (it named
    an upload's constants, which a built-in set's script has not: a NameError)."""
    training = {"dataset": dataset, "loss": "MSELoss", "optimizer": "Adam", "lr": 0.01}
    training |= {"epochs": 2, "batch_size": 64, "test_fraction": 0.2}
    design = mlp(dataset, [features], 1)
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    tested = wait_for(client, run_id, {"succeeded"}, timeout=120)["metrics"]["test"]
    assert tested["mae"] is not None and tested["rmse"] >= tested["mae"] > 0

    path = tmp_path / f"{dataset}.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    out = run_script(path)
    found = re.search(r"test_mae (\S+)  test_rmse (\S+)  in the target's own units", out)
    assert found is not None, out  # no scaling of its own: the errors as the data has them
    assert float(found[1]) == pytest.approx(tested["mae"], rel=1e-5, abs=2e-6)
    assert float(found[2]) == pytest.approx(tested["rmse"], rel=1e-5, abs=2e-6)


@pytest.mark.parametrize("source", ["pictures", "download"])
def test_a_picture_upload_and_a_download_keep_their_test_sets_in_their_scripts(
    client: TestClient, data_dir: Path, tmp_path: Path, source: str
) -> None:
    if source == "pictures":  # a ZIP of 2 × 30 pictures: 48 train, of which 12 are held out
        record = upload(client, "shapes.zip", shapes_zip())
        dataset, shape, held = record["id"], record["sample_shape"], 12
        folder, argv = tmp_path, ["table.py", "shapes.zip"]
        (tmp_path / "shapes.zip").write_bytes(shapes_zip())
    else:  # MNIST's files as the server downloads them: 120 train, of which 30 are held out
        write_mnist(download_folder(data_dir, "mnist"), train=120, test=30)
        dataset, shape, held = "mnist", [1, 28, 28], 30
        folder, argv = download_folder(data_dir, "mnist").parent, None
    classes = 2 if source == "pictures" else 10
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    training |= {"epochs": 2, "batch_size": 16, "test_fraction": 0.25}
    design = mlp("table", shape, classes, flatten=True)
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    tested = wait_for(client, run_id, {"succeeded"}, timeout=120)["metrics"]["test"]
    assert tested["size"] == held
    path = folder / "table.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    out = run_script(path, argv)
    found = re.search(r"test_loss (\S+)  test_accuracy (\S+)  on (\d+) held-out samples", out)
    assert found is not None, out
    assert int(found[3]) == held
    assert float(found[1]) == pytest.approx(tested["loss"], abs=1e-4)
    assert float(found[2]) == pytest.approx(tested["accuracy"], abs=1e-4)


def test_a_run_started_from_weights_trained_on_its_test_rows_is_warned(client: TestClient) -> None:
    """Fine-tuned from a run that held out another share of the same dataset (none here), its
    test samples were some of that run's training samples: it says so as it starts (review)."""
    parent = start_run(client, epochs=1)
    assert wait_for(client, parent, {"succeeded"})["status"] == "succeeded"
    training = DIGITS_TRAINING | {"init_from": parent, "test_fraction": 0.1, "epochs": 1}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 201, reply.text
    (warning,) = [w for w in reply.json()["warnings"] if w["field"] == "training.test_fraction"]
    assert "some of this run's test samples were trained on" in warning["message"]
    assert "Use the same test_fraction as that run (0)" in warning["message"]
    wait_for(client, reply.json()["id"], {"succeeded", "failed"})
    # The same share holds out the same rows; another dataset's weights saw none of them.
    child = TrainingSettings.model_validate(training)
    assert seen_by_its_start(child, child) == []
    other = child.model_copy(update={"dataset": "wine", "test_fraction": 0.0})
    assert seen_by_its_start(child, other) == []
    assert seen_by_its_start(child.model_copy(update={"test_fraction": 0.0}), other) == []


def test_classes_the_split_leaves_untrained_or_untested_are_warned(client: TestClient) -> None:
    labels = np.array([0] * 12 + [1] * 12 + [2] * 4 + [3] * 2)
    rng = np.random.default_rng(4)
    rows = "\n".join(
        f"{u:.4f},{v:.4f},{k}" for (u, v), k in zip(rng.normal(size=(30, 2)), labels, strict=True)
    )
    record = upload(client, "tiny.csv", f"u,v,label\n{rows}\n".encode(), task="classification")
    training = {"dataset": record["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    training |= {"lr": 0.05, "epochs": 2, "batch_size": 8, "test_fraction": 0.2}
    reply = client.post("/api/runs", json={"design": mlp("tiny", [2], 4), "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    wait_for(client, run_id, {"succeeded"}, timeout=120)

    # By hand, as scikit-learn splits: the validation rows (stratified), then the test rows of
    # the 24 left, unstratified as class 3 has a single one of them.
    train, _ = train_test_split(np.arange(30), test_size=6, random_state=0, stratify=labels)
    left = labels[train]
    assert np.bincount(left).min() == 1
    kept, test = train_test_split(np.arange(24), test_size=5, random_state=0)
    untrained = sorted(set(range(4)) - set(left[kept].tolist()))
    untested = sorted(set(range(4)) - set(left[test].tolist()))
    assert untrained and untested  # this split leaves both, as a review found

    # Said once, as it first started (after its started event), not again when it goes on.
    assert client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1}).status_code == 200
    wait_for(client, run_id, {"succeeded"}, timeout=120)
    events = client.get(f"/api/runs/{run_id}/events").json()
    kinds = [e["kind"] for e in events if e["type"] == "warning"]
    assert sorted(kinds) == ["untested_class", "untrained_class"], kinds
    first_warning = next(i for i, e in enumerate(events) if e["type"] == "warning")
    assert events[first_warning - 1]["type"] == "started"
    assert [e["type"] for e in events].index("started") < first_warning
    said = {e["kind"]: e["message"] for e in events if e["type"] == "warning"}
    names = ", ".join(f"`{k}`" for k in untrained)
    assert said["untrained_class"].startswith(
        f"Class{'es' if len(untrained) > 1 else ''} {names} ha"
    ), said
    assert "no training sample once the test set is kept apart" in said["untrained_class"]
    tested_names = ", ".join(f"`{k}`" for k in untested)
    assert said["untested_class"].startswith(
        f"Class{'es' if len(untested) > 1 else ''} {tested_names} ha"
    ), said
    assert "no sample in the test set" in said["untested_class"]

    # The same dataset without a test set: nothing to say.
    reply = client.post(
        "/api/runs",
        json={"design": mlp("tiny", [2], 4), "training": training | {"test_fraction": 0}},
    )
    quiet = reply.json()["id"]
    wait_for(client, quiet, {"succeeded"}, timeout=120)
    assert not [e for e in client.get(f"/api/runs/{quiet}/events").json() if e["type"] == "warning"]
