"""A run whose weights or results file is damaged on disk: every reader answers 409 saying which
file, how it is damaged and what to do, where they answered 500 with a safetensors or pydantic
traceback; weights that still read download as stored, and Continue writes them again."""

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import load_file, save_file

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run, wait_for

SAMPLE = {"input": [0.0] * 64}  # one digits picture, 1 × 8 × 8
EXPORTS = ["model.onnx", "model.pt", "model.pt2", "bundle.zip"]
TRAIN_AGAIN = "Train the design again, or Continue the run from its checkpoint if it has one."
START_ELSEWHERE = (
    "Start from another run's weights, or leave init_from empty to train from fresh ones."
)


def _truncate(path: Path) -> None:
    os.truncate(path, 100)  # `truncate -s 100`: a copy or a write cut short


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(0).randbytes(path.stat().st_size))


def _other_shapes(path: Path) -> None:
    """A valid file whose head has 3 classes where the design's has 10."""
    tensors = load_file(str(path))
    tensors["fc.weight"], tensors["fc.bias"] = torch.zeros(3, 256), torch.zeros(3)
    save_file(tensors, str(path))


# How each damage is done to weights.safetensors, and how the answer says the file is damaged.
DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (
        _truncate,
        "it cannot be read (Error while deserializing header: invalid header length)",
    ),
    "random bytes": (
        _random_bytes,
        "it cannot be read (Error while deserializing header: header too large)",
    ),
    "other shapes": (
        _other_shapes,
        "it holds tensors of other shapes than the design (fc.weight (3, 256) where the design "
        "has (10, 256), fc.bias (3) where the design has (10))",
    ),
}


def _trained(client: TestClient) -> tuple[str, str]:
    """A finished run of one epoch, and a share link's API base for it."""
    run_id = start_run(client, epochs=1)
    assert wait_for(client, run_id, {"succeeded"})["status"] == "succeeded"
    reply = client.post(f"/api/runs/{run_id}/shares", json={})
    assert reply.status_code == 201, reply.text
    token = reply.json()["url"].rsplit("/s/", 1)[1]
    return run_id, f"/api/shared/{token}"


def _model_reads(client: TestClient, base: str) -> dict[str, tuple[int, str]]:
    """Each read that runs the trained model, by its URL: its status and its detail."""
    replies = {f"{base}/files/{name}": client.get(f"{base}/files/{name}") for name in EXPORTS}
    for action in ("predict", "activations"):
        replies[f"{base}/{action}"] = client.post(f"{base}/{action}", json=SAMPLE)
    return {
        url: (reply.status_code, reply.json()["detail"] if reply.status_code != 200 else "")
        for url, reply in replies.items()
    }


def _start_from(client: TestClient, parent: str) -> tuple[int, list[dict[str, object]]]:
    training = {**DIGITS_TRAINING, "epochs": 1, "init_from": parent}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    return reply.status_code, reply.json().get("errors", [])


@pytest.mark.parametrize("kind", DAMAGES)
def test_damaged_weights_answer_409_saying_so_and_what_to_do(
    client: TestClient, data_dir: Path, kind: str
) -> None:
    run_id, shared = _trained(client)
    owner = f"/api/runs/{run_id}"
    # Undamaged, every read works: the model is loaded (and kept) before its file is damaged.
    healthy = _model_reads(client, owner) | _model_reads(client, shared)
    assert healthy == dict.fromkeys(healthy, (200, ""))
    preview = client.post(f"{owner}/start-match", json={"design": DIGITS_CNN})
    assert preview.status_code == 200, preview.text

    damage, why = DAMAGES[kind]
    weights = data_dir / "runs" / run_id / "weights.safetensors"
    damage(weights)
    said = f"Run {run_id}'s weights.safetensors is damaged: {why}."
    reads = _model_reads(client, owner)
    assert reads == dict.fromkeys(reads, (409, f"{said} {TRAIN_AGAIN}"))
    # Its owner opening their own link is told as on their own page: they can mend it.
    reads = _model_reads(client, shared)
    assert reads == dict.fromkeys(reads, (409, f"{said} {TRAIN_AGAIN}"))
    # A share link never shows the run's id to a visitor, who is told what they can do.
    reads = _model_reads(TestClient(client.app), shared)
    hidden = (
        f"The shared model's weights.safetensors is damaged on the server: {why}. Only its owner "
        "can mend it, by training it again: tell whoever shared the link."
    )
    assert reads == dict.fromkeys(reads, (409, hidden))

    # A file no tool can open is refused as its exports are, and its model page says why (a
    # review downloaded a cut one as if whole); one that reads downloads as stored.
    page = client.get(f"/api/models/{run_id}").json()
    visitor = TestClient(client.app).get(shared).json()
    downloads = [f"{owner}/weights.safetensors", f"{owner}/files/weights.safetensors"]
    if kind == "other shapes":
        assert (page["damaged"], visitor["damaged"]) == (None, None)
        for url in downloads:
            download = client.get(url)
            assert (download.status_code, download.content) == (200, weights.read_bytes())
    else:
        assert (page["damaged"], visitor["damaged"]) == (f"{said} {TRAIN_AGAIN}", hidden)
        for url in downloads:
            download = client.get(url)
            assert (download.status_code, download.json()["detail"]) == (
                409,
                f"{said} {TRAIN_AGAIN}",
            )
        download = TestClient(client.app).get(f"{shared}/files/weights.safetensors")
        assert (download.status_code, download.json()["detail"]) == (409, hidden)
    design = client.get(f"{owner}/design.json")
    assert design.status_code == 200 and design.json()["layers"], design.text

    # A run started from them is refused at its init_from, as for a parent with no weights.
    issue = {
        "node": None,
        "field": "training.init_from",
        "message": f"{said} {START_ELSEWHERE}",
        "fix": None,
    }
    assert _start_from(client, run_id) == (422, [issue])
    preview = client.post(f"{owner}/start-match", json={"design": DIGITS_CNN})
    assert (preview.status_code, preview.json()["detail"]) == (409, f"{said} {START_ELSEWHERE}")


def test_continue_writes_damaged_weights_again(client: TestClient, data_dir: Path) -> None:
    run_id, shared = _trained(client)
    _truncate(data_dir / "runs" / run_id / "weights.safetensors")
    assert client.post(f"/api/runs/{run_id}/predict", json=SAMPLE).status_code == 409
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    assert reply.status_code == 200, reply.text
    assert wait_for(client, run_id, {"succeeded", "failed"})["status"] == "succeeded"
    for base in (f"/api/runs/{run_id}", shared):
        assert client.post(f"{base}/predict", json=SAMPLE).status_code == 200


def test_damaged_results_answer_409_saying_so_and_what_to_do(
    client: TestClient, data_dir: Path
) -> None:
    run_id, shared = _trained(client)
    owner = f"/api/runs/{run_id}"
    for base in (owner, shared):
        assert client.get(f"{base}/results").status_code == 200

    (data_dir / "runs" / run_id / "results.json").write_text("{not json")
    why = "it cannot be read (Invalid JSON: key must be a string at line 1 column 2)"
    said = {
        owner: f"Run {run_id}'s results.json is damaged: {why}. {TRAIN_AGAIN}",
        shared: f"The shared model's results.json is damaged on the server: {why}. Only its "
        "owner can mend it, by training it again: tell whoever shared the link.",
    }
    visitor = TestClient(client.app)  # its own cookie jar: not the run's owner
    for base in (owner, shared):
        for read in ("results", "neurons"):  # neurons reads the results before the model
            reply = (visitor if base == shared else client).get(f"{base}/{read}")
            assert (reply.status_code, reply.json()["detail"]) == (409, said[base]), read
            if base == shared:  # its owner, on their own link, is told as on their own page
                reply = client.get(f"{base}/{read}")
                assert reply.json()["detail"] == said[owner], read
    assert client.post(f"{owner}/predict", json=SAMPLE).status_code == 200  # the weights are fine


@pytest.mark.parametrize("damage", ["truncated", "another design", "deleted"])
def test_a_damaged_design_file_downloads_as_the_run_was_designed(
    client: TestClient, data_dir: Path, damage: str
) -> None:
    """design.json on disk is a copy: one cut short, edited or gone downloads as the database
    holds the run's design (it was served as it was, a file the editor could not open)."""
    run_id, _ = _trained(client)
    owner = f"/api/runs/{run_id}"
    stored = client.get(f"{owner}/design.json")
    assert stored.status_code == 200, stored.text
    path = data_dir / "runs" / run_id / "design.json"
    if damage == "truncated":
        _truncate(path)
    elif damage == "another design":
        path.write_text(stored.text.replace('"fc"', '"head"'))
    else:
        path.unlink()
    assert not path.is_file() or path.read_bytes() != stored.content
    for url in (f"{owner}/design.json", f"{owner}/files/design.json"):
        again = client.get(url)
        assert (again.status_code, again.content) == (200, stored.content)
    assert path.read_bytes() == stored.content  # written again, for whoever reads the folder
    assert list(path.parent.glob("*.partial")) == []
    bundle = client.get(f"{owner}/files/bundle.zip")
    assert bundle.status_code == 200
