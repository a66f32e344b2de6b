"""Each download's 200 in the schema lists the media types its files really come in, so that a
client generated from the schema gets the file (it returned None for "Successful Response")."""

from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from torchcanvas.api.model_views import FileName
from torchcanvas.design.schema import Design

# A fine-tuned run's alone: this run started from nothing, and answers 404 for it.
NOT_THIS_RUNS = {"init.safetensors"}


@pytest.fixture(scope="module")
def links(client: TestClient) -> tuple[str, str]:
    """A trained run's id, and a share link's token for it."""
    training = {**DIGITS_TRAINING, "epochs": 1}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    share = client.post(f"/api/runs/{run_id}/shares", json={})
    assert share.status_code == 201, share.text
    return run_id, share.json()["url"].rsplit("/", 1)[1]


def _documented(schema: dict[str, Any], path: str) -> set[str]:
    return set(schema["paths"][path]["get"]["responses"]["200"].get("content", {}))


def _sent(reply: Any) -> str:
    assert reply.status_code == 200, reply.text
    media: str = reply.headers["content-type"].split(";")[0].strip()
    if media == "application/json":
        Design.model_validate(reply.json())  # the schema's: a Design
    return media


def test_each_download_documents_the_media_types_it_sends(
    client: TestClient, links: tuple[str, str]
) -> None:
    run_id, token = links
    schema = client.get("/openapi.json").json()
    for path, url in [
        ("/api/runs/{run_id}/weights.safetensors", f"/api/runs/{run_id}/weights.safetensors"),
        ("/api/runs/{run_id}/design.json", f"/api/runs/{run_id}/design.json"),
    ]:
        assert {_sent(client.get(url))} == _documented(schema, path), path
    names = [name for name in get_args(FileName) if name not in NOT_THIS_RUNS]
    for path, base in [
        ("/api/runs/{run_id}/files/{name}", f"/api/runs/{run_id}/files"),
        ("/api/shared/{token}/files/{name}", f"/api/shared/{token}/files"),
    ]:
        sent = {name: _sent(client.get(f"{base}/{name}")) for name in names}
        # Every type sent is documented, and every type documented is sent by some file.
        assert set(sent.values()) == _documented(schema, path), (path, sent)
