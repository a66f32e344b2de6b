"""What a long queue costs the polls that show it: GET /api/runs and GET /api/runs/{id} with
200 runs queued, against GET /api/health on the same server in the same rounds.

```sh
.venv/bin/python bench/queue_list.py [--queued 200] [--rounds 15] [--port 8750] [--before DIR]
```

One run trains (its owner's 19 others queued behind it) and other owners fill the queue to
`--queued`, each with up to 19, as a class's would. Each round asks, in turn, health, the first
owner's runs list (its 19 queued runs each say their wait) after a second's rest and again at
once, and one of its queued runs; the script prints each one's median and its ratio to health's. `--before DIR` first measures a server
of the code in DIR (another checkout's `backend/`, e.g. `git archive <commit> backend | tar -x -C
/tmp/before`), then this one's, each on a fresh data folder.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.serve import start

from torchcanvas.training.warm import WARM_DESIGN, WARM_TRAINING

PER_OWNER = 19  # queued runs of one owner: TORCHCANVAS_MAX_ACTIVE_RUNS (20) less its running one
DESIGN = WARM_DESIGN.model_dump(mode="json")
LONG = {**WARM_TRAINING.model_dump(mode="json"), "epochs": 500, "batch_size": 8}  # minutes


class Owner(requests.Session):
    """A browser of its own: the owner cookie the server gives at its first request."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.headers["origin"] = url
        self.get("/api/health").raise_for_status()

    def request(self, method: str, path: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        return super().request(method, self.url + path, *args, **{"timeout": 60, **kwargs})


def queue_runs(client: Owner, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        reply = client.post("/api/runs", json={"design": DESIGN, "training": LONG})
        assert reply.status_code == 201, reply.text
        ids.append(reply.json()["id"])
    return ids


def timed(client: Owner, path: str) -> float:
    """Milliseconds from asking to the whole answer."""
    began = time.perf_counter()
    client.get(path).raise_for_status()
    return (time.perf_counter() - began) * 1000


def measure(url: str, queued: int, rounds: int) -> dict[str, list[float]]:
    first = Owner(url)
    own = queue_runs(first, PER_OWNER + 1)  # the first trains, the rest wait
    others: list[tuple[Owner, list[str]]] = []
    left = queued - PER_OWNER
    while left > 0:
        client = Owner(url)
        others.append((client, queue_runs(client, min(PER_OWNER, left))))
        left -= len(others[-1][1])
    runs = first.get("/api/runs").json()
    assert sum(run["status"] == "queued" for run in runs) == PER_OWNER, runs
    waiting = own[-1]
    assert first.get(f"/api/runs/{waiting}").json()["queue_position"] is not None
    # The list first after a second's rest (the queue worked out afresh), then again at once and
    # a queued run's page (as the polls of other tabs in the same second find it).
    paths = {
        "health": "/api/health",
        "list, fresh": "/api/runs",
        "list": "/api/runs",
        "one queued": f"/api/runs/{waiting}",
    }
    for path in paths.values():  # warm-up
        timed(first, path)
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, path in paths.items():
            if name == "list, fresh":
                time.sleep(1.1)  # past the server's MAX_AGE (runs/queue_view.py)
            times[name].append(timed(first, path))
    for client, ids in [(first, own), *others]:
        for run_id in reversed(ids):  # the queued first: the worker takes none of them
            client.post(f"/api/runs/{run_id}/cancel")
        client.close()
    return times


def report(label: str, times: dict[str, list[float]]) -> dict[str, float]:
    health = statistics.median(times["health"])
    ratios = {}
    print(f"{label}:")
    for name, samples in times.items():
        median = statistics.median(samples)
        ratios[name] = median / health
        print(
            f"  {name:>10}: median {median:8.1f} ms (min {min(samples):.1f}, max "
            f"{max(samples):.1f}), {ratios[name]:6.1f}x health"
        )
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queued", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--port", type=int, default=8750)
    parser.add_argument("--before", type=Path, help="another checkout's backend/ to measure first")
    args = parser.parse_args()
    # One address (this script) may fill half the queue.
    env = {"TORCHCANVAS_MAX_QUEUED_RUNS": str(2 * args.queued + 50)}
    codes = [("before", {"PYTHONPATH": str(args.before.resolve())})] if args.before else []
    results = {}
    for label, code_env in [*codes, ("now", {})]:
        with (
            tempfile.TemporaryDirectory(prefix="queue_list_") as data,
            start(Path(data), args.port, **env, **code_env) as server,
        ):
            results[label] = report(label, measure(server.url, args.queued, args.rounds))
    if "before" in results:
        for name in ("list, fresh", "list", "one queued"):
            change = results["now"][name] / results["before"][name]
            print(f"{name}: now / before, each as a ratio to health: {change:.3f}")


if __name__ == "__main__":
    main()
