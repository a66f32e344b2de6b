"""Ownership, share links and revocation, through the API: who may do what, and links that fail."""

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.backend.conftest import (
    DIGITS_CNN,
    DIGITS_TRAINING,
    LongRuns,
    open_client,
    read_socket,
    start_run,
    wait_for,
)
from torchcanvas.api.app import create_app
from torchcanvas.api.routes.shared import LINK_CHECK_SECONDS
from torchcanvas.config import ServerConfig
from torchcanvas.runs.errors import RunNotFound
from torchcanvas.store.removal import delete_run
from torchcanvas.store.shares import MAX_SHARES_PER_RUN

NOT_OWNER = "Only the browser that started run"


@pytest.fixture(scope="module")
def client(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The server with a stand-in frontend, so that its pages do not depend on a build."""
    frontend = tmp_path_factory.mktemp("frontend")
    (frontend / "index.html").write_text('<!doctype html><div id="root"></div>')
    settings = ServerConfig(
        pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1, frontend_dist=frontend
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def trained(client: TestClient) -> str:
    run_id = start_run(client, epochs=2)
    wait_for(client, run_id, {"succeeded"})
    return run_id


@pytest.fixture
def stranger(client: TestClient) -> TestClient:
    """Another browser on the same server: its own cookie jar, so its own owner identity."""
    return TestClient(client.app)


def share(client: TestClient, run_id: str, **body: int) -> dict[str, str]:
    reply = client.post(f"/api/runs/{run_id}/shares", json=body)
    assert reply.status_code == 201, reply.text
    created: dict[str, str] = reply.json()
    return created


def token_of(created: dict[str, str]) -> str:
    return created["url"].rsplit("/s/", 1)[1]


def test_every_client_gets_an_httponly_lax_owner_cookie(stranger: TestClient) -> None:
    reply = stranger.get("/api/health")
    cookie = reply.headers["set-cookie"]
    assert cookie.startswith("torchcanvas_owner=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "set-cookie" not in stranger.get("/api/health").headers  # kept, not minted again


def test_a_stranger_cannot_cancel_delete_share_or_revoke(
    client: TestClient, stranger: TestClient, trained: str, long_runs: LongRuns
) -> None:
    link = share(client, trained)
    running = long_runs(client)
    attempts = [
        stranger.post(f"/api/runs/{running}/cancel"),
        stranger.delete(f"/api/runs/{trained}"),
        stranger.post(f"/api/runs/{trained}/shares", json={}),
        stranger.delete(f"/api/runs/{trained}/shares/{link['id']}"),
    ]
    for reply in attempts:
        assert reply.status_code == 403, reply.text
        assert reply.json()["detail"].startswith(NOT_OWNER)
    # Listing the links is a read: to a stranger the run does not exist (see test_access.py).
    assert stranger.get(f"/api/runs/{trained}/shares").status_code == 404
    assert client.get(f"/api/runs/{running}").json()["status"] in ("queued", "running")
    assert client.get(f"/api/shared/{token_of(link)}").status_code == 200
    assert client.post(f"/api/runs/{running}/cancel").status_code == 200
    assert {r["id"] for r in stranger.get("/api/runs").json()} == set()
    assert {trained, running} <= {r["id"] for r in client.get("/api/runs").json()}


def test_a_link_opens_the_page_and_downloads_until_it_is_revoked(
    client: TestClient, stranger: TestClient, trained: str
) -> None:
    first, second = share(client, trained), share(client, trained)
    assert first["id"] != second["id"] and len(token_of(first)) >= 43  # 256 random bits
    listed = client.get(f"/api/runs/{trained}/shares").json()
    assert {first["id"], second["id"]} <= {s["id"] for s in listed}
    assert all("url" not in s and "token" not in s for s in listed)
    # Each is told apart by how its link ends, and nothing more of it is kept.
    by_id = {s["id"]: s["ending"] for s in listed}
    assert [by_id[first["id"]], by_id[second["id"]]] == [
        token_of(first)[-4:],
        token_of(second)[-4:],
    ]

    token = token_of(first)
    page = stranger.get(f"/s/{token}")
    assert page.status_code == 200 and '<div id="root">' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    model = stranger.get(f"/api/shared/{token}")
    assert model.headers["referrer-policy"] == "no-referrer"
    assert model.json()["run_id"] is None and model.json()["owned"] is False
    assert trained not in model.text  # the link never reveals the run id
    kept = f"/api/shared/{token}/files/weights.safetensors"
    assert (
        stranger.get(kept).content == client.get(f"/api/runs/{trained}/weights.safetensors").content
    )

    assert client.delete(f"/api/runs/{trained}/shares/{first['id']}").status_code == 204
    for url in (f"/s/{token}", f"/api/shared/{token}", kept, f"/api/shared/{token}/events"):
        gone = stranger.get(url)
        assert gone.status_code == 410, url
        assert gone.headers["referrer-policy"] == "no-referrer"
    assert (
        stranger.get(kept).json()["detail"] == "This share link was revoked by the model's owner."
    )
    assert (
        stranger.post(f"/api/shared/{token}/predict", json={"input": [0] * 64}).status_code == 410
    )
    assert stranger.get(f"/api/shared/{token_of(second)}").status_code == 200  # others still work
    revoked = next(
        s for s in client.get(f"/api/runs/{trained}/shares").json() if s["id"] == first["id"]
    )
    assert revoked["revoked_at"] is not None


def test_a_link_serves_the_mistakes_its_page_lists_until_it_is_revoked(
    client: TestClient, stranger: TestClient, trained: str
) -> None:
    """The shared page's Mistakes read the link's own results: the misclassified samples the
    owner's results keep, each answered through the link as the run answered it; none once revoked."""
    created = share(client, trained)
    token = token_of(created)
    owners = client.get(f"/api/runs/{trained}/results").json()
    shared = stranger.get(f"/api/shared/{token}/results")
    assert shared.status_code == 200
    assert shared.json()["misclassified"] == owners["misclassified"]
    assert trained not in shared.text  # the link never reveals the run id
    for mistake in owners["misclassified"][:3]:
        said = stranger.post(f"/api/shared/{token}/predict", json={"input": mistake["sample"]})
        assert said.status_code == 200 and said.json()["predicted"] == mistake["predicted"]

    assert client.delete(f"/api/runs/{trained}/shares/{created['id']}").status_code == 204
    gone = stranger.get(f"/api/shared/{token}/results")
    assert gone.status_code == 410
    assert gone.json()["detail"] == "This share link was revoked by the model's owner."


def test_its_owner_opening_a_link_sees_what_others_see_and_the_way_back(
    client: TestClient, stranger: TestClient, trained: str
) -> None:
    assert client.patch(f"/api/runs/{trained}", json={"note": "tried lr 0.1"}).status_code == 200
    token = token_of(share(client, trained))
    mine = client.get(f"/api/shared/{token}").json()
    assert mine["owned"] is True and mine["run_id"] == trained  # the way to their own page
    assert mine["note"] is None  # the page shows what anyone with the link sees
    assert mine["events_url"] == f"/api/shared/{token}/events"
    theirs = stranger.get(f"/api/shared/{token}")
    assert theirs.json()["owned"] is False and theirs.json()["run_id"] is None
    assert trained not in theirs.text and "tried lr" not in theirs.text
    assert client.get(f"/api/models/{trained}").json()["note"] == "tried lr 0.1"


def test_a_link_streams_the_run_s_events_as_its_owner_gets_them_until_revoked(
    client: TestClient, stranger: TestClient, trained: str
) -> None:
    """A class watching a shared run follows it live, over the owner's stream; a dead link closes."""
    created = share(client, trained)
    url = f"/api/shared/{token_of(created)}/events?after=3"
    shared = []
    with stranger.websocket_connect(url) as socket:
        while True:
            try:
                shared.append(socket.receive_json())
            except WebSocketDisconnect:
                break
    assert shared == read_socket(client, trained, after=3) and shared[-1]["type"] == "end"

    assert client.delete(f"/api/runs/{trained}/shares/{created['id']}").status_code == 204
    for link, code, reason in (
        (url, 4410, "This share link was revoked by the model's owner."),
        (
            "/api/shared/no-such-link/events",
            4404,
            "This share link does not exist: check that it was copied whole.",
        ),
    ):
        with pytest.raises(WebSocketDisconnect) as refused, stranger.websocket_connect(link) as ws:
            ws.receive_text()  # accepted, then closed with the reason
        assert (refused.value.code, refused.value.reason) == (code, reason)


def _watch_until_closed(
    viewer: TestClient, token: str, first: threading.Event
) -> tuple[int, str, int, float]:
    """Follows a shared run's socket to its close: the code, the reason, the events had, and
    the time it closed at; `first` is set once an event has come."""
    received = 0
    with viewer.websocket_connect(f"/api/shared/{token}/events") as socket:
        try:
            while True:
                socket.receive_text()
                received += 1
                first.set()
        except WebSocketDisconnect as closed:
            return closed.code, closed.reason or "", received, time.monotonic()
    raise AssertionError("the socket closed without a close frame")


def test_an_open_page_stops_getting_a_live_run_once_its_link_is_revoked_or_expires(
    client: TestClient, stranger: TestClient, long_runs: LongRuns
) -> None:
    """A teacher who revokes a link cuts off the class's open pages too, within LINK_CHECK_SECONDS:
    the check at the handshake alone left them streaming the run for good."""
    running = long_runs(client)
    wait_for(client, running, {"running"})
    made = time.monotonic()
    revoked, expiring = share(client, running), share(client, running, expires_in_seconds=3)
    ended: dict[str, tuple[int, str, int, float]] = {}
    # Its errors keep the run's id hidden, as its view does (`run_id: null`).
    early = stranger.get(f"/api/shared/{token_of(revoked)}/results")
    assert early.status_code == 404 and running not in early.text
    assert early.json()["detail"].startswith("The shared run has no results yet")
    watching = {name: threading.Event() for name in ("r", "e")}

    def watch(name: str, token: str) -> None:
        # The entered client's sockets: they share the app's one event loop, as a server's do.
        ended[name] = _watch_until_closed(client, token, watching[name])

    watchers = [
        threading.Thread(target=watch, args=("r", token_of(revoked)), daemon=True),
        threading.Thread(target=watch, args=("e", token_of(expiring)), daemon=True),
    ]
    for watcher in watchers:
        watcher.start()
    assert all(event.wait(20) for event in watching.values())  # both follow the run
    assert client.delete(f"/api/runs/{running}/shares/{revoked['id']}").status_code == 204
    gone_at = time.monotonic()
    for watcher in watchers:
        watcher.join(timeout=20)
        assert not watcher.is_alive()
    code, reason, received, closed_at = ended["r"]
    assert (code, reason) == (4410, "This share link was revoked by the model's owner.")
    assert received > 0 and closed_at - gone_at < LINK_CHECK_SECONDS + 2
    code, reason, received, closed_at = ended["e"]
    assert (code, reason) == (
        4410,
        "This share link has expired: ask the model's owner for a new one.",
    )
    assert received > 0 and 3 <= closed_at - made < 3 + LINK_CHECK_SECONDS + 3
    assert client.get(f"/api/runs/{running}").json()["status"] == "running"  # the run goes on


def test_an_expired_link_fails_and_an_unknown_one_is_not_found(
    client: TestClient, stranger: TestClient, trained: str
) -> None:
    created = share(client, trained, expires_in_seconds=3)
    token = token_of(created)
    assert stranger.get(f"/api/shared/{token}").status_code == 200
    # Past the link's own expiry, on the server's clock (time.time, as here): a wait counted
    # from before the POST could end before the link expired, when the POST was slow.
    time.sleep(max(0.0, float(created["expires_at"]) - time.time() + 0.1))
    for url in (f"/s/{token}", f"/api/shared/{token}/files/model.onnx"):
        reply = stranger.get(url)
        assert reply.status_code == 410 and "expired" in reply.text
    assert stranger.get("/api/shared/not-a-real-token").status_code == 404
    assert stranger.get("/s/not-a-real-token").status_code == 404


def test_predict_gives_probabilities(client: TestClient, trained: str) -> None:
    """Its speed is measured in bench/control_latency.py."""
    from torchcanvas.training.data import load_split

    split = load_split("digits")
    client.post(f"/api/runs/{trained}/predict", json={"input": [0.0] * 64})  # loads the model
    right = 0
    for x, y in zip(split.x_val[:20], split.y_val[:20], strict=True):
        reply = client.post(f"/api/runs/{trained}/predict", json={"input": x.flatten().tolist()})
        body = reply.json()
        assert body["classes"] == [str(d) for d in range(10)]
        assert sum(body["probabilities"]) == pytest.approx(1.0, abs=1e-5)
        right += max(range(10), key=lambda c: body["probabilities"][c]) == int(y)
    assert right >= 14
    huge = client.post(f"/api/runs/{trained}/predict", json={"input": [3e38] * 64})
    assert huge.status_code == 422
    assert huge.json()["detail"].startswith("input: the model's output overflowed")
    bad = client.post(f"/api/runs/{trained}/predict", json={"input": [0.0] * 10})
    assert bad.status_code == 422
    assert bad.json()["detail"] == (
        "input: the model takes 64 numbers, a sample of shape (1, 8, 8) flattened row by row, "
        "but got 10."
    )
    # Named as a body's other errors are: the field, for a client that shows it by its input.
    assert bad.json()["errors"] == [
        {"node": None, "field": "input", "message": bad.json()["detail"], "fix": None}
    ]
    # A picture sent in its own shape, not flattened, is told to flatten it ("input.0: Input
    # should be a valid number"); numbers sent as text are refused, as in every setting.
    nested = client.post(f"/api/runs/{trained}/predict", json={"input": [[[0.0] * 8] * 8]})
    assert nested.status_code == 422, nested.text
    assert nested.json()["detail"] == (
        "The request is not valid: input: is one flat list of numbers, not nested lists: "
        "flatten the sample row by row (numpy's x.ravel().tolist(), or JavaScript's "
        "x.flat(Infinity))."
    )
    typed = client.post(f"/api/runs/{trained}/predict", json={"input": ["0.5"] * 64})
    assert typed.status_code == 422, typed.text
    for path, body in [("continue", {"epochs": "5"}), ("shares", {"expires_in_seconds": "10"})]:
        refused = client.post(f"/api/runs/{trained}/{path}", json=body)
        assert refused.status_code == 422, (path, refused.text)
    # Too many epochs to go on with is the request's to fix, with the most it may ask for.
    more = client.post(f"/api/runs/{trained}/continue", json={"epochs": 1000})
    assert more.status_code == 422, more.text
    assert more.json()["errors"][0]["field"] == "epochs"
    assert more.json()["detail"].endswith("over the limit of 1000: ask for at most 998.")  # 2 done


def test_delete_removes_the_run_with_its_files_events_and_links(
    client: TestClient, stranger: TestClient, data_dir: Path
) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    token = token_of(share(client, run_id))
    revoked = share(client, run_id)
    assert client.delete(f"/api/runs/{run_id}/shares/{revoked['id']}").status_code == 204
    assert (data_dir / "runs" / run_id / "weights.safetensors").is_file()
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert not (data_dir / "runs" / run_id).exists()
    # Its owner is told they deleted it, and when; its links say the model was deleted.
    for path in (f"/api/runs/{run_id}", f"/api/runs/{run_id}/events", f"/api/models/{run_id}"):
        reply = client.get(path)
        assert reply.status_code == 410, path
        assert re.fullmatch(
            f"You deleted run {run_id} on \\d{{4}}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: its charts, "
            "weights and share links went with it.",
            reply.json()["detail"],
        ), reply.json()
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 410
    assert client.delete(f"/api/runs/{run_id}").status_code == 410
    with (
        client.websocket_connect(f"/api/runs/{run_id}/events") as socket,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        socket.receive_json()
    assert closed.value.code == 4410 and "You deleted run" in closed.value.reason
    reply = client.get(f"/api/shared/{token}")
    assert (reply.status_code, reply.json()["detail"]) == (
        410,
        "The model behind this link was deleted by its owner.",
    )
    assert client.get(f"/s/{token}").status_code == 410
    # A link revoked before tells no one it cut off that the model has since gone.
    assert client.get(f"/api/shared/{token_of(revoked)}").status_code == 404
    # Anyone else hears what a run that never was says: ids stay unguessable.
    never = "0123456789abcdef"
    for run in (run_id, never):
        reply = stranger.get(f"/api/runs/{run}")
        assert (reply.status_code, reply.json()["detail"]) == (404, str(RunNotFound(run)))


def test_a_run_is_deleted_once_whoever_asks_at_the_same_time(
    client: TestClient, data_dir: Path
) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    services = client.app.state.services  # type: ignore[attr-defined]
    folder = data_dir / "runs" / run_id
    # Two deletes that both found the run: the second finds nothing left to delete.
    assert delete_run(services.db, run_id, folder) is True
    assert delete_run(services.db, run_id, folder) is False

    again = start_run(client, epochs=1)
    wait_for(client, again, {"succeeded"})
    statuses: list[int] = []
    asks = [
        threading.Thread(
            target=lambda: statuses.append(client.delete(f"/api/runs/{again}").status_code)
        )
        for _ in range(4)
    ]
    for ask in asks:
        ask.start()
    for ask in asks:
        ask.join()
    # Deleted once; the others find it gone, also one that read the run just before the delete
    # and its owner just after (that one answered 403, as if the run were someone else's).
    assert sorted(statuses) == [204, 410, 410, 410]  # gone: its owner deleted it


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[TestClient]:
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path,
        workers=1,
        worker_threads=1,
        login_token="correct-horse-battery",
    )
    with TestClient(create_app(settings)) as locked_client:
        yield locked_client


def test_a_deployment_can_require_a_login_token(locked: TestClient) -> None:
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    refused = locked.post("/api/runs", json=body)
    assert refused.status_code == 401
    assert "POST it to /api/login" in refused.json()["detail"]
    upload = locked.post("/api/datasets", files={"file": ("x.npz", b"not read")})
    assert upload.status_code == 401  # uploads are guarded like training
    assert locked.get("/api/session").json() == {
        "login_required": True,
        "logged_in": False,
        "keep_idle_days": None,
    }
    wrong = locked.post("/api/login", json={"token": "wrong"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == (  # to someone who typed it: no word of curl or headers
        "That login token is wrong: check it for typos, or ask whoever runs this TorchCanvas "
        "for its token (the server's TORCHCANVAS_TOKEN)."
    )
    bearer = locked.post(
        "/api/runs", json=body, headers={"Authorization": "Bearer correct-horse-battery"}
    )
    assert bearer.status_code == 201
    login = locked.post("/api/login", json={"token": "correct-horse-battery"})
    assert login.status_code == 204 and "HttpOnly" in login.headers["set-cookie"]
    assert locked.get("/api/session").json() == {
        "login_required": True,
        "logged_in": True,
        "keep_idle_days": None,
    }
    assert locked.post("/api/runs", json=body).status_code == 201
    # The login proof is tied to one owner identity: another browser cannot reuse it.
    other = TestClient(locked.app)
    other.cookies.set("torchcanvas_login", locked.cookies["torchcanvas_login"])
    assert other.post("/api/runs", json=body).status_code == 401
    # Logging out forgets the login (a lab machine's next user logs in again), not the runs.
    runs = [run["id"] for run in locked.get("/api/runs").json()]
    logout = locked.post("/api/logout")
    assert logout.status_code == 204 and "Max-Age=0" in logout.headers["set-cookie"]
    assert locked.get("/api/session").json() == {
        "login_required": True,
        "logged_in": False,
        "keep_idle_days": None,
    }
    assert locked.post("/api/runs", json=body).status_code == 401
    assert [run["id"] for run in locked.get("/api/runs").json()] == runs


def test_a_login_cookie_or_bearer_that_is_not_ascii_is_just_not_logged_in(
    locked: TestClient,
) -> None:
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    locked.get("/api/health")  # an owner cookie
    owner = locked.cookies["torchcanvas_owner"]
    cookie = b"torchcanvas_owner=" + owner.encode() + b"; torchcanvas_login=\xe9"
    stranger = TestClient(locked.app, cookies={})
    session = stranger.get("/api/session", headers={"Cookie": cookie})
    assert session.status_code == 200
    assert session.json() == {"login_required": True, "logged_in": False, "keep_idle_days": None}
    for path, kwargs in [
        ("/api/runs", {"json": body}),
        ("/api/datasets", {"files": {"file": ("x.npz", b"not read")}}),
    ]:
        reply = stranger.post(path, headers={"Cookie": cookie}, **kwargs)  # type: ignore[arg-type]
        assert reply.status_code == 401, reply.text
    bearer = stranger.post("/api/runs", json=body, headers={"Authorization": b"Bearer \xe9"})
    assert bearer.status_code == 401


def test_an_open_deployment_needs_no_login(tmp_path: Path) -> None:
    with open_client(tmp_path) as open_server:
        assert open_server.get("/api/session").json() == {
            "login_required": False,
            "logged_in": True,
            "keep_idle_days": None,
        }


def test_a_training_run_is_shared_live_and_one_that_ended_without_weights_is_not(
    client: TestClient, long_runs: LongRuns
) -> None:
    """A teacher shares a run as it trains (its link follows it, with no model yet); a run
    cancelled while queued was told to 'wait until it ends', though it had ended."""
    busy = long_runs(client)  # holds the only worker, so the next run waits
    queued = start_run(client, epochs=1)
    live = client.post(f"/api/runs/{busy}/shares", json={})
    assert live.status_code == 201, live.text
    token = live.json()["url"].rsplit("/", 1)[1]
    page = client.get(f"/api/shared/{token}").json()
    assert page["status"] in {"queued", "running"}
    assert (page["has_weights"], page["files"]) == (False, [])
    assert client.post(f"/api/runs/{queued}/shares", json={}).status_code == 201  # queued: too
    assert client.post(f"/api/runs/{queued}/cancel").status_code == 200
    wait_for(client, queued, {"cancelled"})
    refused = client.post(f"/api/runs/{queued}/shares", json={})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Run {queued} has no trained weights to share: it was cancelled before it saved any. "
        "Train the design again and share that run."
    )


def test_a_run_keeps_100_links_forgetting_its_oldest_ended_ones(
    client: TestClient, stranger: TestClient
) -> None:
    # A script sharing in a loop made 20,000 links in 28 s, each a row kept and listed.
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    links = [share(client, run_id) for _ in range(MAX_SHARES_PER_RUN)]
    refused = client.post(f"/api/runs/{run_id}/shares", json={})
    assert (refused.status_code, refused.json()["detail"]) == (
        409,
        f"Run {run_id} has 100 live share links, the most one run may have: revoke the links no "
        "one needs any more (on its model page), then share again.",
    )
    for link in links[:2]:
        assert client.delete(f"/api/runs/{run_id}/shares/{link['id']}").status_code == 204
    newer = share(client, run_id)  # in place of the oldest revoked link, which is forgotten
    listed = [s["id"] for s in client.get(f"/api/runs/{run_id}/shares").json()]
    assert listed == [s["id"] for s in links[1:]] + [newer["id"]]
    assert stranger.get(f"/api/shared/{token_of(links[0])}").status_code == 404
    assert stranger.get(f"/api/shared/{token_of(links[1])}").status_code == 410  # still kept
    assert stranger.get(f"/api/shared/{token_of(newer)}").status_code == 200
    assert client.post(f"/api/runs/{run_id}/shares", json={}).status_code == 201
    assert client.post(f"/api/runs/{run_id}/shares", json={}).status_code == 409
