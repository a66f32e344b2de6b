"""Pause, resume, stop while paused, checkpoints, and continuing runs, in a real worker process."""

import os
import signal
import time
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket, start_run, wait_for
from torchcanvas.training.checkpoint import load_checkpoint

FAST = {"epochs": 3, "batch_size": 5}  # 864 steps on the digits CNN: long enough to pause or stop


def _epochs(events: list[dict[str, Any]]) -> list[tuple[int, float, float]]:
    return [(e["epoch"], e["train_loss"], e["val_loss"]) for e in events if e["type"] == "epoch"]


def _wait_for_event(client: TestClient, run_id: str, kind: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
        if any(e["type"] == kind for e in events):
            return
        time.sleep(0.02)
    raise AssertionError(f"no {kind} event in run {run_id}")


def test_pause_then_resume_gives_the_same_losses_as_an_uninterrupted_run(
    client: TestClient,
) -> None:
    reference = _epochs(read_socket(client, start_run(client, **FAST)))
    run_id = start_run(client, **FAST)
    wait_for(client, run_id, {"running"})
    paused = client.post(f"/api/runs/{run_id}/pause")
    assert paused.status_code == 200, paused.text
    wait_for(client, run_id, {"paused"}, timeout=5)
    held = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    time.sleep(0.5)
    assert client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json() == held
    assert client.post(f"/api/runs/{run_id}/resume").status_code == 200
    wait_for(client, run_id, {"succeeded"})
    events = read_socket(client, run_id)
    assert _epochs(events) == reference
    kinds = [e["type"] for e in events]
    assert kinds.count("paused") == 1 and kinds.count("resumed") == 1
    pause, resume = (next(e for e in events if e["type"] == k) for k in ("paused", "resumed"))
    assert pause["step"] == resume["step"]
    steps = [e["step"] for e in events if e["type"] == "progress"]
    assert steps == sorted(steps) and steps[-1] == 3 * 288


def test_stop_works_while_paused(client: TestClient) -> None:
    run_id = start_run(client, epochs=500, batch_size=8)
    wait_for(client, run_id, {"running"})
    client.post(f"/api/runs/{run_id}/pause")
    wait_for(client, run_id, {"paused"}, timeout=5)
    requested_at = time.time()
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    run = wait_for(client, run_id, {"cancelled"}, timeout=5)
    assert run["finished_at"] - requested_at < 1.0  # the server's own clock says when it ended
    assert read_socket(client, run_id)[-1]["message"].startswith("Stopped at step ")


def test_a_stopped_run_continues_mid_epoch_exactly_on_one_log(client: TestClient) -> None:
    reference = read_socket(client, start_run(client, **FAST))
    run_id = start_run(client, **FAST)
    _wait_for_event(client, run_id, "epoch")
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    stopped = read_socket(client, run_id)
    continued = client.post(f"/api/runs/{run_id}/continue")
    assert continued.status_code == 200, continued.text
    assert continued.json()["status"] == "queued" and continued.json()["error"] is None
    wait_for(client, run_id, {"succeeded"})
    events = read_socket(client, run_id)
    assert events[: len(stopped)] == stopped  # appended to, never rewritten
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert _epochs(events) == _epochs(reference)  # the stop fell inside an epoch, and still
    again = events[len(stopped)]
    assert again["type"] == "started" and again["first_step"] == stopped[-1]["metrics"]["step"]
    steps = [e["step"] for e in events if e["type"] == "progress"]
    assert steps == sorted(steps) and steps[-1] == 3 * 288


def test_a_killed_worker_continues_from_its_last_checkpoint(client: TestClient) -> None:
    reference = _epochs(read_socket(client, start_run(client, epochs=4, batch_size=8)))
    run_id = start_run(client, epochs=4, batch_size=8)
    _wait_for_event(client, run_id, "epoch")
    (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
    os.kill(pid, signal.SIGKILL)
    wait_for(client, run_id, {"failed"}, timeout=10)
    folder = client.app.state.services.run_service.folder(run_id).path  # type: ignore[attr-defined]
    checkpoint = load_checkpoint(str(folder))
    assert checkpoint.model["conv1.weight"].shape == (16, 1, 3, 3)
    assert checkpoint.optimizer["state"]  # the optimizer's moments go on too
    done = len(_epochs(read_socket(client, run_id)))
    assert client.post(f"/api/runs/{run_id}/continue").status_code == 200
    wait_for(client, run_id, {"succeeded"})
    after = _epochs(read_socket(client, run_id))
    later = [e for e in after[done:]]
    assert [e[0] for e in later] == list(range(later[0][0], 5))
    assert later == reference[later[0][0] - 1 :]


def test_a_finished_run_trains_more_epochs_on_the_same_chart(client: TestClient) -> None:
    run_id = start_run(client, epochs=2, scheduler="OneCycleLR")
    wait_for(client, run_id, {"succeeded"})
    reply = client.post(f"/api/runs/{run_id}/continue", json={})
    assert reply.status_code == 409
    assert reply.json()["detail"] == (
        f"Run {run_id} has trained all its 2 epochs: say how many more with `epochs`."
    )
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 3})
    assert reply.json()["training"]["epochs"] == 5
    wait_for(client, run_id, {"succeeded"})
    events = read_socket(client, run_id)
    assert [e[0] for e in _epochs(events)] == [1, 2, 3, 4, 5]
    assert [e["status"] for e in events if e["type"] == "end"] == ["succeeded", "succeeded"]
    lrs = [e["lr"] for e in events if e["type"] == "epoch"]
    assert (
        lrs[1] < lrs[0] and lrs[2] > lrs[1]
    )  # the one-cycle schedule starts over on the new epochs


def test_control_that_does_not_fit_the_run_says_why(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    for action in ("pause", "resume"):
        reply = client.post(f"/api/runs/{run_id}/{action}")
        assert reply.status_code == 409
        assert reply.json()["detail"] == (
            f"Run {run_id} has already ended (succeeded): continue it instead."
        )
    running = start_run(client, epochs=500, batch_size=8)
    queued = start_run(client, epochs=1)
    wait_for(client, running, {"running"})
    assert client.post(f"/api/runs/{queued}/pause").json()["detail"] == (
        f"Run {queued} is still queued: pause it once it is running."
    )
    assert client.post(f"/api/runs/{running}/continue").json()["detail"] == (
        f"Run {running} is running: only a finished, stopped or failed run can continue."
    )
    assert client.post(f"/api/runs/{queued}/cancel").status_code == 200
    assert client.post(f"/api/runs/{queued}/continue").json()["detail"] == (
        f"Run {queued} has no checkpoint to continue from: it ended before its first epoch "
        "did. Start a new run instead."
    )
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 0})
    assert reply.status_code == 422 and "epochs" in reply.json()["detail"]
    client.post(f"/api/runs/{running}/cancel")
    wait_for(client, running, {"cancelled"})
    assert client.post("/api/runs/nope/pause").status_code == 404
