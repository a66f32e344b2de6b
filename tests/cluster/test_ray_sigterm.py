"""SIGTERM to a real `python -m torchcanvas` that trains on its own private Ray instance: to the
server alone (`docker stop`), and to its whole process group (`kill -TERM -PGID`, or systemd's
stop), which reaches the private instance's processes too."""

import time
from pathlib import Path

import httpx2 as httpx

from tests.cluster.ray_server import ENDED, GOES_ON, server


def test_sigterm_stops_a_server_on_ray_cleanly(tmp_path: Path, ray_dir: Path) -> None:
    cookies = httpx.Cookies()
    with server(tmp_path, cookies, ray_dir) as first:
        training = first.start_run(epochs=500, batch_size=8)
        first.wait_for(training, lambda run: run["metrics"]["epoch"] >= 1)
        waiting = first.start_run(epochs=1)
        assert first.run(waiting)["queue_position"] == 1
        # As `kill -TERM -PGID` or systemd's stop: Ray's processes get it as the server does.
        code, left = first.terminate(group=True)
        sessions = first.ray_sessions()
        cookies = first.client.cookies
    log = (tmp_path / "server.log").read_text()
    assert code == 0, log[-4000:]
    assert "SIGTERM received" not in log  # Ray's abort handler is not installed
    assert "SIGTERM handler is not set" not in log  # nor said not to be, as if that were wrong
    assert "was lost" not in log, log[-4000:]  # the instance went only when the server let it go
    assert len(sessions) == 1, f"the server started Ray more than once: {sessions}"
    # Its raylet says so when a SIGTERM reaches it; the server ended it, the group's did not.
    assert "received SIGTERM" not in (sessions[0] / "logs" / "raylet.out").read_text()
    assert left == [], f"the private Ray instance left processes: {left}"

    # Started again while its cluster cannot be reached (a reboot that brings the server up before
    # the Ray head): the queued run waits for it, queued, where it was once failed for good.
    with server(tmp_path, cookies, ray_dir, "127.0.0.1:1", ready=False) as down:
        assert down.wait_problem().startswith("Ray is unreachable at 127.0.0.1:1")
        time.sleep(2)  # a few rounds of the dispatcher, each finding Ray unreachable
        assert down.run(waiting)["status"] == "queued"
        # So does the run that the stop interrupted, to go on from its checkpoint.
        assert down.run(training)["status"] == "queued"
        code, _ = down.terminate()
    assert code == 0

    with server(tmp_path, cookies, ray_dir) as second:
        # The interrupted run goes on first; stopped, it makes way for the queued one.
        going_on = second.wait_for(training, lambda run: run["status"] == "running")
        assert going_on["error"] is None
        assert [e["message"] for e in second.events(training) if e["type"] == "end"] == [GOES_ON]
        assert second.client.post(f"/api/runs/{training}/cancel").status_code == 200
        ended = second.wait_for(waiting, lambda run: run["status"] in ENDED)
        assert ended["status"] == "succeeded", ended
        code, left = second.terminate()  # as `docker stop`: to the server alone
        sessions = second.ray_sessions()
    assert code == 0
    assert len(sessions) == 1, f"the server started Ray more than once: {sessions}"
    assert left == []
