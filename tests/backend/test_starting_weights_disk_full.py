"""A fine-tuned run's starting weights, made on their first download on a full disk (a real
tmpfs), answer 507 as its other downloads do, to its owner and through its share link."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from safetensors import SafetensorError

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.small_disk import fill, small_disk
from torchcanvas.api.app import create_app
from torchcanvas.api.errors import install_error_handlers
from torchcanvas.config import ServerConfig

TRAINING = {**DIGITS_TRAINING, "epochs": 1, "batch_size": 100}


def _trained(client: TestClient, **training: str) -> str:
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": TRAINING | training})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    return run_id


def test_starting_weights_on_a_full_disk_answer_507(tmp_path: Path) -> None:
    """safetensors' save_file meets ENOSPC as a SafetensorError ("... (os error 28)"), no
    OSError: the download answered 500, "this is a bug" (a review on a full disk)."""
    with small_disk(tmp_path / "disk", 40 * 2**20) as disk:
        settings = ServerConfig(
            pin_cores=False, data_dir=disk / "data", workers=1, worker_threads=1, min_free_bytes=0
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            child = _trained(client, init_from=_trained(client))
            share = client.post(f"/api/runs/{child}/shares", json={})
            assert share.status_code == 201, share.text
            shared = f"/api/shared/{share.json()['url'].rsplit('/s/', 1)[1]}"
            exports = disk / "data" / "runs" / child / "exports"
            filler = fill(disk)
            owners = client.get(f"/api/runs/{child}/files/init.safetensors")
            client.cookies.clear()  # a share link's visitor, with no owner cookie
            visitors = client.get(f"{shared}/files/init.safetensors")
            for reply in (owners, visitors):
                assert reply.status_code == 507, reply.text
                assert reply.json()["detail"] == (
                    "The server's disk is full: it cannot store what this request had to write. "
                    "Whoever runs it should free space in its data folder (delete old runs or "
                    "uploads), then try again."
                )
            assert list(exports.iterdir()) == []  # no .partial left
            filler.unlink()
            assert client.get(f"{shared}/files/init.safetensors").status_code == 200


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ("Error while serializing: I/O error: No space left on device (os error 28)", 507),
        ("Error while deserializing header: HeaderTooLarge", 500),  # the code's, or the file's
    ],
)
def test_only_a_safetensors_error_of_a_full_disk_is_507(message: str, status: int) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/weights")
    def weights() -> None:
        raise SafetensorError(message)

    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/weights").status_code == status


def test_the_downloads_made_on_first_download_say_507_in_the_schema(tmp_path: Path) -> None:
    settings = ServerConfig(pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1)
    with TestClient(create_app(settings)) as client:
        paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/runs/{run_id}/files/{name}", "/api/shared/{token}/files/{name}"):
        assert "507" in paths[path]["get"]["responses"], path
    assert "507" in paths["/api/datasets/{dataset_id}/file"]["get"]["responses"]
