"""The script of a run that a Stop ended trains to the same step and no further: the test set's
numbers it prints are the run's (it trained the plan's 60 epochs and printed others; a review)."""

import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import LongRuns, wait_for
from tests.backend.test_codegen import run_script


def _log(client: TestClient, run_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = client.get(
        f"/api/runs/{run_id}/events", params={"limit": 10000}
    ).json()
    return events


def _paused_at(client: TestClient, run_id: str, pauses: int) -> int:
    """The step of the run's `pauses`-th paused event, once it is in the log."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        held = [e["step"] for e in _log(client, run_id) if e["type"] == "paused"]
        if len(held) >= pauses:
            return held[pauses - 1]
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} never paused {pauses} times")


@pytest.mark.parametrize("where", ["inside an epoch", "at an epoch's start"])
def test_a_stopped_runs_script_stops_where_it_did(
    client: TestClient, long_runs: LongRuns, tmp_path: Path, where: str
) -> None:
    run_id = long_runs(client, epochs=60, batch_size=100, test_fraction=0.1)  # 13 steps an epoch
    wait_for(client, run_id, {"running"})
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    step, pauses = _paused_at(client, run_id, 1), 1
    # Stepped on to where the case wants it: an epoch's end (then validated), or inside one.
    while (step % 13 == 0) != (where == "at an epoch's start") or step == 0:
        assert client.post(f"/api/runs/{run_id}/step").status_code == 200
        pauses += 1
        step = _paused_at(client, run_id, pauses)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    run = wait_for(client, run_id, {"cancelled"})
    assert run["metrics"]["step"] == step < 60 * 13
    tested = run["metrics"]["test"]

    path = tmp_path / "digits.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    assert f"STOP_AT_STEP = {step}\n" in path.read_text()
    out = run_script(path)
    assert f"stopped at step {step}, as the run was" in out
    epochs = [int(n) for n in re.findall(r"^epoch (\d+) ", out, flags=re.MULTILINE)]
    assert epochs == list(range(1, step // 13 + 1))  # each epoch it finished, no more
    found = re.search(r"test_loss (\S+)  test_accuracy (\S+)  on (\d+) held-out samples", out)
    assert found is not None, out
    assert float(found[1]) == pytest.approx(tested["loss"], abs=1e-4)
    assert float(found[2]) == pytest.approx(tested["accuracy"], abs=1e-4)


@pytest.mark.parametrize("before", ["finished", "stopped"])
def test_a_continue_stopped_while_queued_leaves_the_script_as_the_run_ended_before(
    client: TestClient, long_runs: LongRuns, tmp_path: Path, before: str
) -> None:
    run_id = long_runs(client, epochs=2 if before == "finished" else 60, batch_size=100)
    if before == "finished":
        wait_for(client, run_id, {"succeeded"})
    else:
        wait_for(client, run_id, {"running"})
        assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
        _paused_at(client, run_id, 1)
        assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
        wait_for(client, run_id, {"cancelled"})
    ended = client.get(f"/api/runs/{run_id}").json()
    busy = long_runs(client)  # holds the worker: the Continue below waits in the queue
    wait_for(client, busy, {"running"})
    more = {"epochs": 2} if before == "finished" else {}
    assert client.post(f"/api/runs/{run_id}/continue", json=more).status_code == 200
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    stopped = wait_for(client, run_id, {"cancelled"})
    assert stopped["metrics"]["step"] == ended["metrics"]["step"]  # it never trained again
    # Nor does it keep the epochs that Continue was to train to.
    assert stopped["training"]["epochs"] == ended["training"]["epochs"]
    client.post(f"/api/runs/{busy}/cancel")

    # Its weights are those it ended with before, and so are the script's: the epochs of that
    # part, and its Stop if it had one.
    path = tmp_path / "digits.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    step = ended["metrics"]["step"]
    assert ("STOP_AT_STEP" in path.read_text()) == (before == "stopped")
    assert "EPOCHS = 2\n" in path.read_text() or before == "stopped"
    out = run_script(path)
    val_losses = [float(v) for v in re.findall(r"val_loss (\S+)", out)]
    assert len(val_losses) == ended["metrics"]["epoch"] == step // 15  # 1,437 in batches of 100
    if val_losses:
        assert val_losses[-1] == pytest.approx(ended["metrics"]["val_loss"], abs=1e-5)
