"""Only a run's owner reads it: every per-run read answers a stranger as if the run did not exist."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.backend.conftest import read_socket, start_run, wait_for

# A value for each path parameter that a per-run read can have; a new one fails the test below.
PATH_VALUES = {"name": "weights.safetensors"}


@pytest.fixture(scope="module")
def trained(client: TestClient) -> str:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    return run_id


def per_run_reads(client: TestClient) -> list[str]:
    """Every GET in the OpenAPI schema whose path holds a run id: new routes are covered too."""
    paths: dict[str, Any] = client.get("/openapi.json").json()["paths"]
    reads = [path for path, ops in paths.items() if "{run_id}" in path and "get" in ops]
    assert "/api/runs/{run_id}" in reads and "/api/models/{run_id}" in reads
    return reads


def fill(path: str, run_id: str) -> str:
    url = path.replace("{run_id}", run_id)
    for name, value in PATH_VALUES.items():
        url = url.replace("{" + name + "}", value)
    assert "{" not in url, f"add an example value for the parameter of {path} to PATH_VALUES"
    return url


def test_every_per_run_read_is_the_owners_alone(client: TestClient, trained: str) -> None:
    stranger = TestClient(client.app)  # its own cookie jar: another owner identity
    missing = "0123456789abcdef"
    for path in per_run_reads(client):
        url = fill(path, trained)
        assert client.get(url).status_code == 200, url  # the owner reads it
        refused = stranger.get(url)
        assert refused.status_code == 404, url
        assert refused.json()["detail"] == f"Run {trained} not found: check the link or the run id."
        # Someone else's run reads exactly as a run that does not exist.
        absent = stranger.get(fill(path, missing))
        assert absent.status_code == 404, url
        assert absent.json()["detail"].replace(missing, trained) == refused.json()["detail"]

    sample = {"input": [0.0] * 64}
    assert client.post(f"/api/runs/{trained}/predict", json=sample).status_code == 200
    assert stranger.post(f"/api/runs/{trained}/predict", json=sample).status_code == 404


def test_the_event_websocket_is_the_owners_alone(client: TestClient, trained: str) -> None:
    assert read_socket(client, trained)[-1]["type"] == "end"
    stranger = TestClient(client.app)
    url = f"/api/runs/{trained}/events"
    with pytest.raises(WebSocketDisconnect) as refused, stranger.websocket_connect(url):
        pass  # the server refuses before it accepts, so this is never reached
    assert refused.value.code == 4404
    assert refused.value.reason == f"Run {trained} not found: check the link or the run id."


def test_the_owner_cookie_carries_the_identity(client: TestClient, trained: str) -> None:
    """An API client that keeps the cookie it was given reads its run from anywhere."""
    elsewhere = TestClient(client.app)
    elsewhere.cookies.set("torchcanvas_owner", client.cookies["torchcanvas_owner"])
    assert elsewhere.get(f"/api/runs/{trained}").json()["id"] == trained
    assert trained in {run["id"] for run in elsewhere.get("/api/runs").json()}
