"""Only a run's owner reads it: every per-run read answers a stranger as if the run did not exist."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.backend.conftest import DIGITS_CNN, LongRuns, read_socket, start_run, wait_for
from tests.backend.upload_files import blobs_csv

# A value for each path parameter that a per-run read can have; a new one fails the test below.
PATH_VALUES = {"name": "weights.safetensors"}
STATE_CHANGING = ("post", "put", "patch", "delete")
# State-changing routes that name no one's resource: they make the caller's own, or check input.
MAKE_OR_CHECK = {
    "/api/runs",
    "/api/datasets",
    "/api/designs/validate",
    "/api/designs/code",
    "/api/designs/script",  # a would-be run's script: the caller's own uploads only (run check)
    "/api/login",
    "/api/logout",  # forgets the caller's own login cookie, no one else's
    # A code for the caller's own identity; a code the caller holds, which is the credential
    # (test_transfers: wrong codes change nothing and are throttled).
    "/api/transfers",
    "/api/transfers/claim",
    "/api/classes",  # a class of the caller's own
    # The admin token is the credential (test_admin: wrong ones are 401 and throttled); logout
    # forgets the caller's own admin cookie. Without TORCHCANVAS_ADMIN_TOKEN both answer 404.
    "/api/admin/login",
    "/api/admin/logout",
}
# A teacher's class, by its code: to anyone else it does not exist (404), as someone's run.
CLASS_PREFIX = "/api/classes/{code}"
# Every browser's runs, to whoever shows TORCHCANVAS_ADMIN_TOKEN; without it set, none.
ADMIN_PREFIX = "/api/admin/"
# The token in these paths is the credential: whoever holds a live link may use it.
SHARED_PREFIX = "/api/shared/{token}"
# POSTs that only read: to a stranger, the run does not exist (404), as for the GETs above.
POST_READS = {
    "/api/runs/{run_id}/predict",
    "/api/runs/{run_id}/predict-image",
    "/api/runs/{run_id}/activations",
    "/api/runs/{run_id}/activations-image",
    "/api/runs/{run_id}/grad-cam",
    "/api/runs/{run_id}/grad-cam-image",
    "/api/runs/{run_id}/classify-many",
    "/api/runs/{run_id}/start-match",
}
# What the owner gets where not 200: the trained run here is a digits model, which has no plane
# (test_neurons.py reads a 2-D one's).
OWNER_STATUS = {"/api/runs/{run_id}/neurons": 422}
BODIES: dict[str, Any] = {
    "/api/runs/{run_id}": {
        "name": "taken over",
        "note": "by a stranger",
    },  # PATCH; DELETE ignores it
    "/api/runs/{run_id}/continue": {"epochs": 1},
    "/api/runs/{run_id}/shares": {},
    "/api/runs/{run_id}/predict": {"input": [0.0] * 64},
    "/api/runs/{run_id}/activations": {"input": [0.0] * 64},
    "/api/runs/{run_id}/grad-cam": {"input": [0.0] * 64},
    "/api/runs/{run_id}/start-match": {"design": DIGITS_CNN},
    "/api/runs/{run_id}/hand-in": {"code": "{code}", "student_name": "a stranger"},
    "/api/datasets/{dataset_id}": {"title": "taken over"},  # PATCH; DELETE ignores it
}
NOT_OWNER = "Only the browser that started run {run_id} can "
# Someone else's run, and one that does not exist, read alike: a right link opened in another
# browser says where runs live.
NOT_AMONG = (
    "Run {run_id} is not among this browser's runs: open it in the browser that started it, "
    "or ask for a share link."
)


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
        assert client.get(url).status_code == OWNER_STATUS.get(path, 200), url  # the owner reads it
        refused = stranger.get(url)
        assert refused.status_code == 404, url
        assert refused.json()["detail"] == NOT_AMONG.format(run_id=trained)
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
    with pytest.raises(WebSocketDisconnect) as refused, stranger.websocket_connect(url) as ws:
        ws.receive_text()  # accepted, then closed with the reason (test_hostile_http.py)
    assert refused.value.code == 4404
    assert refused.value.reason == NOT_AMONG.format(run_id=trained)


def test_the_owner_cookie_carries_the_identity(client: TestClient, trained: str) -> None:
    """An API client that keeps the cookie it was given reads its run from anywhere."""
    elsewhere = TestClient(client.app)
    elsewhere.cookies.set("torchcanvas_owner", client.cookies["torchcanvas_owner"])
    assert elsewhere.get(f"/api/runs/{trained}").json()["id"] == trained
    assert trained in {run["id"] for run in elsewhere.get("/api/runs").json()}


def state_changing_routes(client: TestClient) -> list[tuple[str, str]]:
    """Every POST, PUT, PATCH and DELETE in the OpenAPI schema that acts on an existing thing."""
    paths: dict[str, Any] = client.get("/openapi.json").json()["paths"]
    routes = [(method, path) for path, ops in paths.items() for method in ops]
    routes = [(m, p) for m, p in routes if m in STATE_CHANGING]
    unnamed = {p for _, p in routes if "{" not in p}
    assert unnamed == MAKE_OR_CHECK, "a new route acts on nothing named: say who may call it"
    acting = [(m, p) for m, p in routes if "{" in p and not p.startswith(SHARED_PREFIX)]
    for action in ("pause", "resume", "step", "rate", "continue", "cancel"):
        assert ("post", "/api/runs/{run_id}/" + action) in acting
    assert ("delete", "/api/runs/{run_id}") in acting
    assert ("patch", "/api/runs/{run_id}") in acting
    return acting


def _owners_view(client: TestClient, run_id: str, dataset_id: str, code: str) -> list[Any]:
    """All that a stranger's call could change, as the owner sees it."""
    urls = [
        f"/api/runs/{run_id}",
        f"/api/runs/{run_id}/events?limit=10000",
        f"/api/runs/{run_id}/shares",
        f"/api/datasets/{dataset_id}",
        "/api/runs",
        f"/api/classes/{code}",
        "/api/classes",
    ]
    replies = [client.get(url) for url in urls]
    assert [r.status_code for r in replies] == [200] * len(urls), [r.text for r in replies]
    return [reply.json() for reply in replies]


@pytest.fixture(scope="module")
def uploaded(client: TestClient) -> str:
    reply = client.post(
        "/api/datasets", files={"file": ("mine.csv", blobs_csv())}, data={"target": "species"}
    )
    assert reply.status_code == 201, reply.text
    dataset_id: str = reply.json()["id"]
    return dataset_id


def _paused(client: TestClient, long_runs: LongRuns) -> str:
    run_id = long_runs(client)
    wait_for(client, run_id, {"running"})
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    return run_id


@pytest.mark.parametrize("state", ["succeeded", "paused"])
def test_a_stranger_changes_nothing_on_any_route(
    client: TestClient, trained: str, uploaded: str, long_runs: LongRuns, state: str
) -> None:
    """Each state-changing route, from the schema, called by another owner on real ids."""
    run_id = trained if state == "succeeded" else _paused(client, long_runs)
    share = client.post(f"/api/runs/{trained}/shares", json={})
    assert share.status_code == 201, share.text
    code = client.post("/api/classes", json={"name": "Period 3"}).json()["code"]
    handed = client.post(f"/api/runs/{trained}/hand-in", json={"code": code, "student_name": "Ana"})
    assert handed.status_code == 201, handed.text
    entry_id = client.get(f"/api/classes/{code}").json()["entries"][0]["id"]
    values = {
        "run_id": run_id,
        "dataset_id": uploaded,
        "share_id": share.json()["id"],
        "code": code,
        "entry_id": entry_id,
    }
    stranger = TestClient(client.app)
    before = _owners_view(client, run_id, uploaded, code)
    for method, path in state_changing_routes(client):
        url = path
        for name, value in values.items():
            url = url.replace("{" + name + "}", value)
        assert "{" not in url, f"add an example value for the parameter of {path}"
        body = BODIES.get(path)
        if body is not None and body.get("code") == "{code}":
            body = {**body, "code": code}
        reply = stranger.request(method, url, json=body)
        detail = reply.json().get("detail") if reply.content else None
        if path.startswith(ADMIN_PREFIX):  # this server has no admin (test_admin: 401 with one)
            assert reply.status_code == 404, (method, url, reply.text)
            assert detail.startswith("This server has no admin")
        elif path.startswith(CLASS_PREFIX):  # someone else's class reads as no class
            assert reply.status_code == 404, (method, url, reply.text)
            assert f"none of this browser's classes has the code {code}." in detail
        elif "{dataset_id}" in path:  # someone else's upload reads as one that does not exist
            expected = f"Dataset `{uploaded}` not found: use a built-in name or the id an upload "
            assert (reply.status_code, detail) == (404, expected + "returned."), url
        elif path in POST_READS:
            expected = NOT_AMONG.format(run_id=run_id)
            assert (reply.status_code, detail) == (404, expected), url
        else:
            assert reply.status_code == 403, (method, url, reply.text)
            assert detail.startswith(NOT_OWNER.format(run_id=run_id)), (method, url)
        assert _owners_view(client, run_id, uploaded, code) == before, (method, url)
    assert client.get(f"/api/runs/{run_id}").json()["status"] == state
