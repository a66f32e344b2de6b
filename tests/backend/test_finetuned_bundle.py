"""A fine-tuned run's downloads run as they are: its starting weights (the copy of its parent's
the server kept when it started) download beside its other files and sit in its bundle, where
its train.py finds them and trains the run again."""

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from safetensors.torch import load

from torchcanvas.training.script_header import script_header

from .conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for

_EPOCH = re.compile(r"^epoch (\d+)  train_loss (\S+)  val_loss (\S+)", re.MULTILINE)


def _trained(client: TestClient, design: dict[str, Any], training: dict[str, Any]) -> str:
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    return run_id


def _python(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """`python train.py` in the unzipped bundle, in a new python, as its downloader runs it."""
    return subprocess.run(
        [sys.executable, script], cwd=folder, capture_output=True, text=True, timeout=180
    )


def test_a_fine_tuned_runs_bundle_trains_it_again_from_the_weights_it_started_from(
    client: TestClient, tmp_path: Path
) -> None:
    training = {**DIGITS_TRAINING, "epochs": 2, "batch_size": 100}
    parent = _trained(client, DIGITS_CNN, training)
    # A new head of another width: conv1 is copied, fc starts fresh; conv1 is frozen.
    layers = DIGITS_CNN["layers"]
    design = {
        **DIGITS_CNN,
        "layers": [
            *layers[:-1],
            {"id": "hidden", "type": "Linear", "params": {"out_features": 24}},
            {"id": "act2", "type": "ReLU"},
            layers[-1],
        ],
    }
    child = _trained(client, design, {**training, "init_from": parent, "frozen": ["conv1"]})
    # The parent trains on: its weights now are another start than the child's.
    went_on = client.post(f"/api/runs/{parent}/continue", json={"epochs": 1})
    assert went_on.status_code == 200, went_on.text
    assert wait_for(client, parent, {"succeeded"}, timeout=120)["status"] == "succeeded"
    parent_now = client.get(f"/api/runs/{parent}/weights.safetensors").content

    # The model page lists the starting weights beside the other files, and they download.
    files = {f["name"]: f for f in client.get(f"/api/models/{child}").json()["files"]}
    listed = files["init.safetensors"]
    assert listed["title"] == "Starting weights (safetensors)"
    started = client.get(listed["url"])
    assert started.status_code == 200, started.text
    assert started.headers["content-disposition"] == (
        f'attachment; filename="digits-cnn-{child[:6]}-init.safetensors"'
    )
    assert started.content != parent_now
    # Only the tensors the run took: the parent's own head (another shape), which may have
    # learnt another dataset, is not handed out with it (a code review).
    took = client.get(f"/api/runs/{child}").json()["init_match"]["tensors"]
    assert sorted(load(started.content)) == sorted(took) and "fc.weight" not in took
    files = {f["name"]: f for f in client.get(f"/api/models/{child}").json()["files"]}
    assert files["init.safetensors"]["size"] == len(started.content)
    shared = client.post(f"/api/runs/{child}/shares", json={})
    assert shared.status_code == 201, shared.text
    token = shared.json()["url"].rsplit("/s/", 1)[1]
    through_link = client.get(f"/api/shared/{token}/files/init.safetensors")
    assert through_link.status_code == 200 and through_link.content == started.content

    # The bundle holds them beside train.py, which trains the run again as it is unzipped.
    bundle = client.get(f"/api/runs/{child}/files/bundle.zip")
    assert bundle.status_code == 200, bundle.text
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        archive.extractall(tmp_path)
    assert (tmp_path / "init.safetensors").read_bytes() == started.content
    readme = (tmp_path / "README.md").read_text()
    assert f"`init.safetensors` holds the weights the run started from: run {parent[:6]}'s" in (
        readme
    )
    ran = _python("train.py", tmp_path)
    assert ran.returncode == 0, ran.stderr
    events = client.get(f"/api/runs/{child}/events", params={"limit": 1000}).json()
    epochs = [e for e in events if e["type"] == "epoch"]
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(ran.stdout)]
    assert [p[0] for p in printed] == [e["epoch"] for e in epochs] == [1, 2]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)

    # Without them, it says where they are, not a bare FileNotFoundError.
    (tmp_path / "init.safetensors").unlink()
    missing = _python("train.py", tmp_path)
    assert missing.returncode != 0
    assert "unzip the run's bundle (it holds init.safetensors beside train.py)" in missing.stderr
    assert "download 'Starting weights' from the run's model page" in missing.stderr


def test_a_run_that_started_fresh_has_no_starting_weights(client: TestClient) -> None:
    run_id = _trained(client, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 1, "batch_size": 256})
    files = [f["name"] for f in client.get(f"/api/models/{run_id}").json()["files"]]
    assert "init.safetensors" not in files and "weights.safetensors" in files
    reply = client.get(f"/api/runs/{run_id}/files/init.safetensors")
    assert reply.status_code == 404
    assert reply.json()["detail"].startswith("This run started from fresh weights")
    with zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/runs/{run_id}/files/bundle.zip").content)
    ) as archive:
        assert "init.safetensors" not in archive.namelist()
        assert "load_init" not in archive.read("train.py").decode()


def test_the_scripts_docstring_promises_what_it_keeps() -> None:
    """It promised the run's losses "within 1e-4", which float sums over many small steps do not
    keep (0.218919 against 0.220474 at epoch 40, batch 8): it says what is the same, and that
    the numbers drift."""
    from torchcanvas.design.schema import Design
    from torchcanvas.training.data import find_dataset

    design, info = Design.model_validate(DIGITS_CNN), find_dataset("digits")
    for threads in (True, False):
        text = script_header(design, info, "0123456789abcdef", "net", threads=threads)
        words = " ".join(text.split())
        assert "1e-4" not in words
        assert "the same data, split and batch order, the same first weights and settings" in words
        assert "agree closely with the run's" in words
        assert "drift apart a little with each step" in words
