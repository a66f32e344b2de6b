"""The runs a browser test left going on the session's server, stopped, and waited for until they
have ended: a test that failed half-way must not hold the one worker that later tests' runs wait
for, whichever of its browsers started the run (a `phone`, a context of its own), nor leave it
stopping as the next test starts."""

import time
from collections.abc import Iterable

from playwright.sync_api import BrowserContext

from tests.browser.api_calls import Api

LIVE = ("queued", "running", "paused")
ENDS_WITHIN_S = 60  # a stop ends a run at its next step, on a loaded machine within seconds


def stop_runs_left(contexts: Iterable[BrowserContext], url: str) -> None:
    """Stops each run that one of these browsers (its owner cookie) has going on the server at
    `url`, and returns once every one has ended. Costs one request a browser when none has."""
    stopped: list[tuple[Api, str]] = []
    for context in contexts:
        api = Api(context)
        runs = api.get(f"{url}/api/runs")
        for run in runs.json() if runs.ok else []:
            if run["status"] in LIVE:
                api.post(f"{url}/api/runs/{run['id']}/cancel")
                stopped.append((api, run["id"]))
    deadline = time.monotonic() + ENDS_WITHIN_S
    for api, run_id in stopped:
        while (status := _status(api, url, run_id)) in LIVE:
            assert time.monotonic() < deadline, (
                f"Run {run_id} was still {status} {ENDS_WITHIN_S} s after the clean-up stopped it: "
                "the later tests' runs would wait behind it for the one worker."
            )
            time.sleep(0.1)


def _status(api: Api, url: str, run_id: str) -> str:
    answer = api.get(f"{url}/api/runs/{run_id}")
    return str(answer.json()["status"]) if answer.ok else "gone"
