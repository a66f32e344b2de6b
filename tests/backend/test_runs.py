"""Real runs in real worker processes: events, replay, viewers, cancel, a killed worker."""

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.conftest import (
    DIGITS_CNN,
    DIGITS_TRAINING,
    ENDED,
    LongRuns,
    open_client,
    read_socket,
    start_run,
    wait_for,
)
from tests.backend.held_worker import start_behind_held_worker
from tests.backend.templates import mlp
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.data import load_split
from torchcanvas.training.run_folder import RunFolder


def _hand_written_cnn() -> nn.Sequential:
    from collections import OrderedDict

    return nn.Sequential(
        OrderedDict(
            [
                ("conv1", nn.Conv2d(1, 16, 3, padding=1)),
                ("act1", nn.ReLU()),
                ("pool1", nn.MaxPool2d(2)),
                ("flat", nn.Flatten()),
                ("fc", nn.Linear(256, 10)),
            ]
        )
    )


def _assert_numbered(events: list[dict[str, Any]], first: int = 1) -> None:
    assert [e["seq"] for e in events] == list(range(first, first + len(events)))


def test_digits_cnn_learns_and_its_weights_download(client: TestClient) -> None:
    run_id = start_run(client)
    events = read_socket(client, run_id)
    _assert_numbered(events)
    kinds = [e["type"] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "end" and kinds.count("epoch") == 10
    assert events[0]["layers"] == ["conv1", "fc"]
    progress = [e for e in events if e["type"] == "progress"]
    assert all(set(e["grad_norms"]) == {"conv1", "fc"} for e in progress)
    assert all(e["grad_norms"]["fc"] > 0 for e in progress)
    assert progress[-1]["loss"] < progress[0]["loss"]
    last_epoch = [e for e in events if e["type"] == "epoch"][-1]
    assert last_epoch["val_accuracy"] >= 0.90
    assert events[-1]["status"] == "succeeded"

    run = client.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "succeeded" and run["metrics"]["val_accuracy"] >= 0.90

    reply = client.get(f"/api/runs/{run_id}/weights.safetensors")
    assert reply.status_code == 200
    assert f'filename="digits-cnn-{run_id[:6]}.safetensors"' in reply.headers["content-disposition"]
    net = _hand_written_cnn()
    net.load_state_dict(load(reply.content))  # the file loads into plain PyTorch as it is
    split = load_split("digits")
    with torch.no_grad():
        accuracy = (net(split.x_val).argmax(1) == split.y_val).float().mean().item()
    assert abs(accuracy - last_epoch["val_accuracy"]) < 1e-6

    design = client.get(f"/api/runs/{run_id}/design.json").json()
    assert design["layers"] == [{"params": {}, **layer} for layer in DIGITS_CNN["layers"]]


def test_replay_after_n_has_no_gap_and_no_duplicate(client: TestClient) -> None:
    run_id = start_run(client, epochs=40, batch_size=16)
    first: list[dict[str, Any]] = []
    with client.websocket_connect(f"/api/runs/{run_id}/events") as socket:
        while len(first) < 5:
            first.append(socket.receive_json())
    rest = read_socket(client, run_id, after=first[-1]["seq"])
    _assert_numbered(first + rest)
    assert rest[-1]["type"] == "end"
    stored = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    assert stored == first + rest
    for after in (0, 3, len(stored) - 1):
        assert read_socket(client, run_id, after=after) == stored[after:]
    assert read_socket(client, run_id, after=len(stored)) == []


def test_several_viewers_see_the_same_events(client: TestClient) -> None:
    run_id = start_run(client, epochs=15, batch_size=16)
    seen: list[list[dict[str, Any]]] = [[], [], []]
    viewers = [
        threading.Thread(target=lambda i=i: seen[i].extend(read_socket(client, run_id)))
        for i in range(3)
    ]
    for viewer in viewers:
        viewer.start()
    for viewer in viewers:
        viewer.join(timeout=60)
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][-1]["type"] == "end"
    _assert_numbered(seen[0])


def test_frames_are_capped_at_about_20_a_second(client: TestClient) -> None:
    epochs = 2  # about 2,900 steps: far more than 20 a second, one frame each without the cap
    run_id = start_run(client, epochs=epochs, batch_size=1)
    events = read_socket(client, run_id)
    progress = [e for e in events if e["type"] == "progress"]
    elapsed = progress[-1]["elapsed"]
    assert progress[-1]["step"] == epochs * 1437
    # One frame per 50 ms, plus the one that closes each epoch.
    assert len(progress) <= elapsed * 20 + epochs + 2


def test_same_seed_gives_the_same_losses(client: TestClient) -> None:
    def losses(seed: int) -> list[float]:
        events = read_socket(client, start_run(client, epochs=3, seed=seed))
        return [e["train_loss"] for e in events if e["type"] == "epoch"]

    assert losses(7) == losses(7)
    assert losses(7) != losses(8)


def test_stop_ends_a_running_run_where_it_stands(
    client: TestClient, data_dir: Path, long_runs: LongRuns
) -> None:
    """How soon it stops is measured in bench/control_latency.py; here, where it stops."""
    run_id = long_runs(client)
    wait_for(client, run_id, {"running"})
    time.sleep(0.3)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    run = wait_for(client, run_id, {"cancelled"})
    assert run["finished_at"] is not None
    events = read_socket(client, run_id)
    assert (events[-1]["type"], events[-1]["status"]) == ("end", "cancelled")
    # It stopped between two steps and saved them all: a checkpoint at that very step.
    position = read_position(data_dir / "runs" / run_id)
    assert position is not None
    assert events[-1]["message"] == f"Stopped at step {position.step}."
    assert events[-1]["metrics"]["step"] == position.step < events[0]["total_steps"]
    assert max(e["step"] for e in events if e["type"] == "progress") <= position.step


def test_a_queued_run_waits_and_can_be_cancelled(client: TestClient, long_runs: LongRuns) -> None:
    running = long_runs(client)
    queued = start_run(client, epochs=1)
    wait_for(client, running, {"running"})
    assert client.get(f"/api/runs/{queued}").json()["status"] == "queued"
    # The top bar's count, three numbers (it was the whole list, every second): the caller's.
    assert client.get("/api/run-tally").json() == {"running": 1, "paused": 0, "queued": 1}
    assert TestClient(client.app).get("/api/run-tally").json() == {
        "running": 0,
        "paused": 0,
        "queued": 0,
    }
    assert client.post(f"/api/runs/{queued}/cancel").json()["status"] == "cancelled"
    assert client.get("/api/run-tally").json()["queued"] == 0
    assert read_socket(client, queued)[-1]["message"] == "Cancelled before it started."
    client.post(f"/api/runs/{running}/cancel")
    wait_for(client, running, {"cancelled"})


def test_a_killed_worker_fails_its_run_and_is_replaced(
    client: TestClient, long_runs: LongRuns
) -> None:
    run_id = long_runs(client)
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"] < 1:  # a checkpoint exists
        assert time.monotonic() < deadline
        time.sleep(0.05)
    (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
    os.kill(pid, signal.SIGKILL)
    run = wait_for(client, run_id, {"failed"})
    assert run["error"] == (
        "The worker process training this run died (exit code -9). If it ran out of memory, "
        "lower the batch size. Press Continue to go on from its last checkpoint."
    )
    end = read_socket(client, run_id)[-1]
    assert end["status"] == "failed"
    # The dead worker said nothing of where the run got to: its end says so from the run's
    # numbers, as its page's "N of 500 epochs done" reads it there, not "0 of 500".
    assert end["metrics"] == run["metrics"] and end["metrics"]["epoch"] >= 1
    assert client.get("/api/health").status_code == 200
    after = start_run(client, epochs=1)
    assert wait_for(client, after, {"succeeded", "failed"})["status"] == "succeeded"


def test_a_restart_keeps_finished_runs_goes_on_with_begun_ones_and_requeues_waiting_ones(
    tmp_path: Path,
) -> None:
    with open_client(tmp_path) as first:
        done = start_run(first, epochs=2)
        wait_for(first, done, {"succeeded"})
        events = first.get(f"/api/runs/{done}/events").json()
        weights = first.get(f"/api/runs/{done}/weights.safetensors").content
        unfinished = start_run(first, epochs=500, batch_size=8)
        queued = start_run(first, epochs=1)  # behind it, on the only worker
        deadline = time.monotonic() + 60
        while first.get(f"/api/runs/{unfinished}").json()["metrics"]["epoch"] < 1:
            assert time.monotonic() < deadline, "the run never finished its first epoch"
            time.sleep(0.05)
        assert first.get(f"/api/runs/{queued}").json()["status"] == "queued"
    # Stopped mid-run, its worker saved all before it exited: each file whole, none half-written.
    folder = tmp_path / "runs" / unfinished
    assert {"weights.safetensors", "results.json"} <= {p.name for p in folder.iterdir()}
    assert not list(folder.rglob("*.partial"))
    for path in folder.glob("*.safetensors"):
        assert load(path.read_bytes()), path  # a cut file does not parse
    json.loads((folder / "results.json").read_text())
    saved = read_position(folder)
    assert saved is not None
    with open_client(tmp_path) as second:
        # The same client after a restart: it keeps its owner cookie, so it still lists its runs.
        second.cookies.set("torchcanvas_owner", first.cookies["torchcanvas_owner"])
        assert second.get(f"/api/runs/{done}").json()["status"] == "succeeded"
        assert second.get(f"/api/runs/{done}/events").json() == events
        assert second.get(f"/api/runs/{done}/weights.safetensors").content == weights
        # The run the stop interrupted goes on by itself, first, from where it was stopped.
        run = wait_for(second, unfinished, {"running"})
        assert run["error"] is None and run["training"]["epochs"] == 500
        log = second.get(f"/api/runs/{unfinished}/events").json()
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        ends = [e for e in log if e["type"] == "end"]
        assert [(e["status"], e["message"]) for e in ends] == [
            (
                "failed",
                "The server stopped before this run finished. It goes on from its last "
                "checkpoint when the server starts again.",
            )
        ]
        assert ends[0]["metrics"]["step"] == saved.step  # its record said where it got to
        deadline = time.monotonic() + 60
        while not (went_on := _progress_after(second, unfinished, ends[0]["seq"])):
            assert time.monotonic() < deadline, "the run never trained a step after the restart"
            time.sleep(0.05)
        assert went_on[0] == saved.step + 1, (went_on, saved)  # none trained twice, or skipped
        assert [r["id"] for r in second.get("/api/runs").json()] == [queued, unfinished, done]
        assert second.post(f"/api/runs/{unfinished}/cancel").status_code == 200
        # The run that was still waiting is queued again, and trains on the new server's worker.
        run = wait_for(second, queued, {"succeeded", "failed", "cancelled"})
        assert (run["status"], run["error"]) == ("succeeded", None)
        log = second.get(f"/api/runs/{queued}/events").json()
        assert [e["type"] for e in log][:1] == ["started"] and log[-1]["type"] == "end"


def _progress_after(client: TestClient, run_id: str, seq: int) -> list[int]:
    """The steps the run's progress events logged after `seq` trained, in order."""
    log = client.get(f"/api/runs/{run_id}/events", params={"after": seq}).json()
    frames = [e for e in log if e["type"] == "progress"]
    return [step for e in frames for step in range(e["step"] - len(e["losses"]) + 1, e["step"] + 1)]


def test_a_run_that_ends_as_the_server_stops_keeps_its_own_end(tmp_path: Path) -> None:
    """A server's stop first marks every end from then on as its own; a run that trains its last
    step, or diverges, in that moment ended by itself, and says so after the restart."""
    with open_client(tmp_path) as first:
        done = start_run(first, epochs=2)
        sine = {"dataset": "sine", "loss": "MSELoss", "optimizer": "SGD", "lr": 10.0}
        training = {**DIGITS_TRAINING, **sine, "epochs": 2}
        reply = first.post("/api/runs", json={"design": mlp([1], 1), "training": training})
        diverges = reply.json()["id"]  # behind it, on the one worker
        wait_for(first, done, {"running"})
        first.app.state.services.run_service.recorder.stopping = True  # type: ignore[attr-defined]
        ended = {run_id: wait_for(first, run_id, ENDED) for run_id in (done, diverges)}
        owner = first.cookies["torchcanvas_owner"]
    with open_client(tmp_path) as second:
        second.cookies.set("torchcanvas_owner", owner)
        for run_id, was in ended.items():
            assert second.get(f"/api/runs/{run_id}").json()["status"] == was["status"]
        assert (ended[done]["status"], ended[done]["error"]) == ("succeeded", None)
        assert ended[diverges]["status"] == "failed", ended[diverges]
        assert ended[diverges]["error"].startswith("The loss became"), ended[diverges]
        assert second.get(f"/api/runs/{done}/weights.safetensors").status_code == 200


def _trained(data_dir: Path, training: dict[str, Any]) -> tuple[dict[str, Any], Path]:
    """A run trained whole, never paused: its record, and its folder."""
    with open_client(data_dir) as client:
        run_id = start_run(client, **training)
        run = wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)
        assert run["status"] == "succeeded", run
    return run, data_dir / "runs" / run_id


def _paused_then_restarted(tmp_path: Path, **training: Any) -> tuple[str, str, dict[str, Any]]:
    """A run paused mid-way, then the server stopped: the run's id, its owner's cookie, and
    the paused event."""
    with open_client(tmp_path) as first:
        run_id = start_run(first, **training)
        wait_for(first, run_id, {"running"})
        assert first.post(f"/api/runs/{run_id}/pause").status_code == 200
        wait_for(first, run_id, {"paused"})
        paused = first.get(f"/api/runs/{run_id}/events").json()[-1]
        assert paused["type"] == "paused"
        return run_id, first.cookies["torchcanvas_owner"], paused


def test_a_run_paused_when_the_server_stops_comes_back_paused_and_resumes_exactly(
    tmp_path: Path,
) -> None:
    """Not failed: it stays paused across the restart, and Resume goes on from the step it
    paused before, to the weights a run never paused ends with."""
    training = {"epochs": 12, "batch_size": 8}
    whole, whole_folder = _trained(tmp_path / "whole", training)
    run_id, cookie, paused = _paused_then_restarted(tmp_path / "paused", **training)
    folder = tmp_path / "paused" / "runs" / run_id
    position = read_position(RunFolder(folder))
    assert position is not None and position.step == paused["step"]  # saved as it stopped
    with open_client(tmp_path / "paused") as second:
        second.cookies.set("torchcanvas_owner", cookie)  # the same browser, after the restart
        run = second.get(f"/api/runs/{run_id}").json()
        assert (run["status"], run["error"], run["worker_gone"]) == ("paused", None, True)
        assert run["metrics"]["step"] == paused["step"]
        log = second.get(f"/api/runs/{run_id}/events").json()
        assert log[-1] == paused  # no end: the log goes on from its pause
        # Step needs the worker it paused on, and Pause has nothing to do: each says what to do.
        step = second.post(f"/api/runs/{run_id}/step")
        assert step.status_code == 409 and "press Resume to go on" in step.json()["detail"]
        assert second.post(f"/api/runs/{run_id}/pause").status_code == 409
        assert second.post(f"/api/runs/{run_id}/resume").status_code == 200
        going = second.get(f"/api/runs/{run_id}").json()
        assert going["status"] in ("queued", "running") and going["worker_gone"] is False
        # Its log says it goes on at once, so its page leaves "paused" while it waits.
        resumed = second.get(f"/api/runs/{run_id}/events", params={"after": paused["seq"]}).json()
        assert resumed[0]["type"] == "resumed" and resumed[0]["step"] == paused["step"]
        run = wait_for(second, run_id, {"succeeded", "failed"}, timeout=120)
        assert (run["status"], run["error"]) == ("succeeded", None)
        log = second.get(f"/api/runs/{run_id}/events").json()
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        steps = [e["step"] for e in log if e["type"] == "progress"]
        assert steps == sorted(set(steps))  # no step trained twice, none lost
        assert [e["type"] for e in log].count("started") == 2
        assert run["metrics"]["step"] == whole["metrics"]["step"]
    got = load((folder / "weights.safetensors").read_bytes())
    expected = load((whole_folder / "weights.safetensors").read_bytes())
    assert got.keys() == expected.keys()
    assert all(torch.equal(got[name], expected[name]) for name in got)


def _paused_before_its_first_step(client: TestClient) -> tuple[str, dict[str, Any]]:
    """A run paused before its first step, as a Pause pressed as the run turns `running` is
    under load: its id and paused event. The pause is sent right behind the run's start, to a
    worker held (SIGSTOP) meanwhile; it is begun again where the run stepped first all the same."""
    executor = client.app.state.services.executor  # type: ignore[attr-defined]

    def pause(run_id: str) -> None:
        assert executor.pause(run_id)

    for _ in range(5):
        run_id = start_behind_held_worker(client, pause)
        wait_for(client, run_id, {"paused"})
        paused: dict[str, Any] = client.get(f"/api/runs/{run_id}/events").json()[-1]
        assert paused["type"] == "paused"
        if paused["step"] == 0:
            return run_id, paused
        assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
        wait_for(client, run_id, {"cancelled"})
    raise AssertionError("the pause never reached the worker before the run's first step")


def test_a_run_paused_before_its_first_step_comes_back_paused_after_a_restart(
    tmp_path: Path,
) -> None:
    """Held at step 0, it is saved there as it stops, so the restart keeps it paused (it was
    failed, there being no checkpoint at step 0: a loaded CI run's rate test), and Resume trains
    it whole."""
    with open_client(tmp_path) as first:
        run_id, _ = _paused_before_its_first_step(first)
        cookie = first.cookies["torchcanvas_owner"]
    position = read_position(RunFolder(tmp_path / "runs" / run_id))
    assert position is not None and position.step == 0  # saved as it stopped
    with open_client(tmp_path) as second:
        second.cookies.set("torchcanvas_owner", cookie)
        run = second.get(f"/api/runs/{run_id}").json()
        assert (run["status"], run["error"], run["worker_gone"]) == ("paused", None, True)
        assert second.post(f"/api/runs/{run_id}/resume").status_code == 200
        run = wait_for(second, run_id, {"succeeded", "failed"}, timeout=120)
        assert (run["status"], run["error"]) == ("succeeded", None)
        log = second.get(f"/api/runs/{run_id}/events").json()
        steps = [e["step"] for e in log if e["type"] == "progress"]
        assert steps == sorted(set(steps)) and steps[-1] == run["metrics"]["step"]


def test_resuming_a_run_kept_paused_across_a_restart_meets_the_queues_bounds(
    tmp_path: Path,
) -> None:
    """It is queued again, as Continue queues a run: refused while the queue is full (review:
    it went past max_queued_runs), not counted twice among its owner's active runs."""
    run_id, cookie, _ = _paused_then_restarted(tmp_path, epochs=500, batch_size=8)
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path,
        workers=1,
        worker_threads=1,
        max_queued_runs=1,
        max_active_runs=3,
    )
    with TestClient(create_app(settings)) as second:
        second.cookies.set("torchcanvas_owner", cookie)
        busy = start_run(second, epochs=500, batch_size=8)  # the only worker trains it
        wait_for(second, busy, {"running"})
        waiting = start_run(second, epochs=1)  # and the queue's one place is taken
        # 503 for the full queue, not 429 for three active runs of three: it is one of them.
        full = second.post(f"/api/runs/{run_id}/resume")
        assert full.status_code == 503, full.text
        assert second.get(f"/api/runs/{run_id}").json()["status"] == "paused"
        assert second.post(f"/api/runs/{waiting}/cancel").status_code == 200
        assert second.post(f"/api/runs/{run_id}/resume").status_code == 200
        assert second.get(f"/api/runs/{run_id}").json()["status"] == "queued"
        for run in (run_id, busy):
            second.post(f"/api/runs/{run}/cancel")
            wait_for(second, run, {"cancelled"})


def test_a_continued_run_stopped_in_the_queue_says_where_it_stopped(tmp_path: Path) -> None:
    """It had trained: not "Cancelled before it started." (review)."""
    with open_client(tmp_path) as client:
        done = start_run(client, epochs=1)
        step = wait_for(client, done, {"succeeded"})["metrics"]["step"]
        busy = start_run(client, epochs=500, batch_size=8)  # the only worker trains it
        wait_for(client, busy, {"running"})
        going_on = {"epochs": 1, "learning_rate": 0.001}
        assert client.post(f"/api/runs/{done}/continue", json=going_on).status_code == 200
        queued = client.get(f"/api/runs/{done}").json()
        assert (queued["status"], len(queued["lr_changes"])) == ("queued", 1)
        assert client.post(f"/api/runs/{done}/cancel").status_code == 200
        # The rate it was to go on with never trained: the run does not say it changed.
        assert client.get(f"/api/runs/{done}").json()["lr_changes"] == []
        end = client.get(f"/api/runs/{done}/events").json()[-1]
        assert (end["status"], end["message"], end["metrics"]["step"]) == (
            "cancelled",
            f"Stopped at step {step}.",
            step,
        )
        client.post(f"/api/runs/{busy}/cancel")
        wait_for(client, busy, {"cancelled"})


def test_a_run_kept_paused_across_a_restart_stops_where_it_paused_and_continues(
    tmp_path: Path,
) -> None:
    run_id, cookie, paused = _paused_then_restarted(tmp_path, epochs=500, batch_size=8)
    with open_client(tmp_path) as second:
        second.cookies.set("torchcanvas_owner", cookie)
        assert second.post(f"/api/runs/{run_id}/cancel").status_code == 200
        run = second.get(f"/api/runs/{run_id}").json()
        assert (run["status"], run["metrics"]["step"]) == ("cancelled", paused["step"])
        end = second.get(f"/api/runs/{run_id}/events").json()[-1]
        assert (end["type"], end["status"], end["metrics"]["step"], end["message"]) == (
            "end",
            "cancelled",
            paused["step"],
            f"Stopped at step {paused['step']}.",  # as a Stop of a run on its worker says
        )
        assert second.post(f"/api/runs/{run_id}/cancel").status_code == 409  # ended once
        assert second.post(f"/api/runs/{run_id}/continue", json={"epochs": 1}).status_code == 200
        assert (
            wait_for(second, run_id, {"succeeded", "failed"}, timeout=90)["status"] == "succeeded"
        )
