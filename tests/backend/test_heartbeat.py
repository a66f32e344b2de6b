"""A quiet run's websocket, asked for heartbeats, still sends one every few seconds: a page that
hears nothing at all knows it lost touch (api/heartbeat.py); a socket that did not ask gets none."""

import contextlib
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.backend.conftest import ENDED, LongRuns, wait_for
from torchcanvas.api import heartbeat


@pytest.mark.timeout(60)  # without heartbeats, the receive below would wait for ever
def test_a_paused_runs_socket_gets_heartbeats_and_no_event_twice(
    client: TestClient, long_runs: LongRuns, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(heartbeat, "HEARTBEAT_SECONDS", 0.2)
    run_id = long_runs(client)
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{run_id}").json()["metrics"]["step"] < 5:
        assert time.monotonic() < deadline, "the run never trained"
        time.sleep(0.05)
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    stored = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    assert stored[-1]["type"] == "paused"

    plain = client.websocket_connect(f"/api/runs/{run_id}/events?after={len(stored)}")
    url = f"/api/runs/{run_id}/events?after=0&batch=1&heartbeat=1"
    with plain as script, client.websocket_connect(url) as socket:
        replayed: list[dict[str, Any]] = []
        beats = 0
        while beats < 3:  # nothing new comes while it is paused: only heartbeats
            message = socket.receive_json()
            if isinstance(message, list):
                replayed += message
            else:
                assert message == {"type": "heartbeat"}
                beats += 1
        assert replayed == stored  # every event once, the heartbeats apart

        # A socket that did not ask for them (a script's), open as long, keeps the contract:
        # every message an event.
        assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
        wait_for(client, run_id, ENDED)
        events: list[dict[str, Any]] = []
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                events.append(script.receive_json())
    assert [event["type"] for event in events][-1] == "end"
    assert all("seq" in event for event in events)
