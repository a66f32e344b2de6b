"""Train → first loss point at the API, on a server that has just started: its first run against
the runs after it.

A fresh server (one worker) is started; once `/api/health` says `worker_ready`, runs of the
digits CNN are posted one after another, and each is timed from the POST to the first `progress`
event on its websocket (opened as soon as the POST answers, as the editor does). The first run
is what a person meets after `make run`; the later ones are warm. Repeated on `--servers` fresh
servers; the ratio first/warm is taken within each server.

    .venv/bin/python bench/first_point.py [--servers 3] [--runs 5]
"""

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.asyncio.client import connect

from server import Server, serve
from viewers import Owner, start_run


def worker_ready(server: Server, timeout: float = 120.0) -> float:
    """Seconds until /api/health says a worker is ready."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with urllib.request.urlopen(f"{server.url}/api/health") as reply:
            if json.loads(reply.read())["worker_ready"]:
                return time.monotonic() - start
        time.sleep(0.01)
    raise RuntimeError("no worker became ready")


async def first_point(owner: Owner) -> float:
    """Seconds from posting a run to its first progress event; the run is then left to finish."""
    posted = time.monotonic()
    run_id = await asyncio.to_thread(start_run, owner, 3)
    url = owner.server.url.replace("http", "ws") + f"/api/runs/{run_id}/events?batch=1"
    seen = None
    async with connect(url, additional_headers={"Cookie": owner.cookie}, max_size=None) as socket:
        async for message in socket:  # read to the end, so the next run starts on an idle worker
            if seen is None and any(e["type"] == "progress" for e in json.loads(message)):
                seen = time.monotonic() - posted
    assert seen is not None, "the run sent no progress"
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5, help="runs per server, the first included")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(
        f"{'server':>6} {'ready s':>8} {'first ms':>9} {'warm ms (median)':>17} {'first/warm':>11}"
    )
    firsts, warms, ratios = [], [], []
    for number in range(args.servers):
        with tempfile.TemporaryDirectory() as data, serve(Path(data)) as server:
            ready = worker_ready(server)
            owner = Owner(server)
            times = [asyncio.run(first_point(owner)) for _ in range(args.runs)]
        first, warm = times[0], statistics.median(times[1:])
        firsts.append(first)
        warms.append(warm)
        ratios.append(first / warm)
        print(
            f"{number + 1:>6} {ready:>8.2f} {first * 1000:>9.0f} {warm * 1000:>17.0f} "
            f"{first / warm:>11.2f}"
        )
    print(
        f"\nfirst run after start: {statistics.median(firsts) * 1000:.0f} ms to its first loss "
        f"point; warm runs {statistics.median(warms) * 1000:.0f} ms; "
        f"first/warm {statistics.median(ratios):.2f} (median of {args.servers} servers)"
    )


if __name__ == "__main__":
    main()
