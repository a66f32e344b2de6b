"""Continue and Delete of one run at the same moment: one of them wins, whole. A Delete between
Continue's checks and its queueing once answered 500 (the checkpoint gone from under it), or let
Continue say "queued" for a run then deleted, and sent a worker a run that no longer was."""

import threading
import time
from collections import Counter

from fastapi.testclient import TestClient

from tests.backend.conftest import start_run, wait_for

ENDED = {"succeeded", "failed", "cancelled"}


def _at_once(client: TestClient, run_id: str) -> tuple[int, int]:
    """Continue and Delete sent together; their status codes."""
    start = threading.Barrier(2)
    codes: dict[str, int] = {}

    def go(name: str, send: object) -> None:
        start.wait()
        codes[name] = send().status_code  # type: ignore[operator]

    threads = [
        threading.Thread(
            target=go,
            args=(
                "continue",
                # Far more epochs than the race lasts: a short Continue could train and end
                # before a starved Delete ran, which then rightly deleted an ended run (204).
                lambda: client.post(f"/api/runs/{run_id}/continue", json={"epochs": 500}),
            ),
        ),
        threading.Thread(target=go, args=("delete", lambda: client.delete(f"/api/runs/{run_id}"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes["continue"], codes["delete"]


def _trains_on_then_stop(client: TestClient, run_id: str) -> None:
    """The continued run trains on into its second epoch (its checkpoint was there to go on
    from), then is stopped, which frees the worker for the next race."""
    deadline = time.monotonic() + 60
    while (run := client.get(f"/api/runs/{run_id}").json())["metrics"]["epoch"] < 2:
        assert run["status"] not in ENDED, run  # it failed, or ended before the stop
        assert time.monotonic() < deadline, run
        time.sleep(0.05)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    assert wait_for(client, run_id, ENDED)["status"] == "cancelled"


def test_continue_and_delete_at_once_one_wins_whole(client: TestClient) -> None:
    """Thirty races: a guard by chance, not by construction. With the two not one at a time
    (1a6554c reverted) it failed 2 of 3 runs here, and a review's 3 of 5."""
    seen: Counter[tuple[int, int]] = Counter()
    for _ in range(30):
        run_id = start_run(client, epochs=1, batch_size=256)
        wait_for(client, run_id, ENDED)
        continued, deleted = _at_once(client, run_id)
        seen[continued, deleted] += 1
        if continued == 200:  # it went on first: the delete was refused, the run trains
            assert deleted == 409, (continued, deleted)
            _trains_on_then_stop(client, run_id)
        else:  # deleted first: Continue finds no run
            assert (continued, deleted) in {(404, 204), (410, 204)}, (continued, deleted)
            assert client.get(f"/api/runs/{run_id}").status_code in (404, 410)
    # Every run the workers were sent exists: the next one trains as ever.
    after = start_run(client, epochs=1)
    assert wait_for(client, after, ENDED)["status"] == "succeeded", seen
