"""How much 100 live viewers of a run slow it down, and what they cost the server.

Against a real server (one training worker), the same run (the digits CNN of DESIGN.md) is
trained in pairs: once watched by nobody, once by `--viewers` websockets that connect as soon as
it is created and read every event until the server closes them. For each run it records the
training time the server stored (started_at to finished_at) and the CPU seconds of the server
process (its worker not counted) from creation to the end. The viewers run in this process at
a lower priority (nice 10), as browsers elsewhere would not take the server's cores.

    .venv/bin/python bench/viewers.py [--viewers 100] [--repeats 5] [--epochs 15]
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
from typing import Any

from websockets.asyncio.client import connect

from server import Server, serve
from train_overhead import DESIGNS

DESIGN: dict[str, Any] = DESIGNS["digits"]  # the digits CNN, as train_overhead.py trains it


viewers_cpu: list[float] = []  # CPU seconds of this process during each watched run


class Owner:
    """One client identity: the owner cookie the server hands out, sent with every request."""

    def __init__(self, server: Server) -> None:
        self.server = server
        with urllib.request.urlopen(f"{server.url}/api/health") as reply:
            self.cookie = reply.headers["set-cookie"].split(";")[0]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.server.url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Cookie", self.cookie)
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())


async def watch(owner: Owner, run_id: str) -> int:
    """Reads the run's events until the server closes the socket; how many there were."""
    url = owner.server.url.replace("http", "ws") + f"/api/runs/{run_id}/events"
    count = 0
    async with connect(
        url, additional_headers={"Cookie": owner.cookie}, max_size=None, open_timeout=120
    ) as socket:
        async for _ in socket:
            count += 1
    return count


async def wait_ended(owner: Owner, run_id: str) -> dict[str, Any]:
    while True:
        run: dict[str, Any] = await asyncio.to_thread(owner.call, "GET", f"/api/runs/{run_id}")
        if run["status"] in ("succeeded", "failed", "cancelled"):
            return run
        await asyncio.sleep(0.1)


def start_run(owner: Owner, epochs: int) -> str:
    training = {
        "dataset": "digits",
        "loss": "CrossEntropyLoss",
        "optimizer": "Adam",
        "lr": 0.01,
        "epochs": epochs,
        "batch_size": 16,
        "seed": 0,
    }
    run_id: str = owner.call("POST", "/api/runs", {"design": DESIGN, "training": training})["id"]
    return run_id


async def one_run(owner: Owner, viewers: int, epochs: int) -> tuple[float, float, float]:
    """Training seconds as the server stored them, as the worker's own clock says at its last
    epoch, and the server's CPU seconds meanwhile."""
    cpu, own = owner.server.cpu_seconds(), time.process_time()
    run_id = start_run(owner, epochs)
    watching = [asyncio.create_task(watch(owner, run_id)) for _ in range(viewers)]
    run = await wait_ended(owner, run_id)
    counts = await asyncio.gather(*watching)
    cpu = owner.server.cpu_seconds() - cpu
    if viewers:
        viewers_cpu.append(time.process_time() - own)
    assert run["status"] == "succeeded", run
    events = owner.call("GET", f"/api/runs/{run_id}/events?limit=10000")
    stored = len(events)
    assert all(count == stored for count in counts), (counts, stored)  # every event, once
    worker = [e["elapsed"] for e in events if e["type"] == "epoch"][-1]
    return run["finished_at"] - run["started_at"], worker, cpu


async def pairs(owner: Owner, viewers: int, repeats: int, epochs: int) -> None:
    await one_run(owner, 0, epochs)  # the worker's first run loads the data set
    print(
        f"{'pair':>4} {'alone s':>8} {'watched s':>10} {'ratio':>6} {'worker ratio':>13} "
        f"{'CPU alone':>10} {'CPU watched':>12}"
    )
    ratios, worker_ratios, cpu_alone, cpu_watched = [], [], [], []
    for pair in range(repeats):
        order = (0, viewers) if pair % 2 == 0 else (viewers, 0)
        results = {count: await one_run(owner, count, epochs) for count in order}
        (alone, worker_a, cpu_a), (watched, worker_w, cpu_w) = results[0], results[viewers]
        ratios.append(watched / alone)
        worker_ratios.append(worker_w / worker_a)
        cpu_alone.append(cpu_a)
        cpu_watched.append(cpu_w)
        print(
            f"{pair + 1:>4} {alone:>8.2f} {watched:>10.2f} {watched / alone:>6.2f} "
            f"{worker_w / worker_a:>13.2f} {cpu_a:>10.2f} {cpu_w:>12.2f}"
        )
    print(
        f"\n{viewers} viewers: time to finish {statistics.median(ratios):.2f}× that of no viewer "
        f"(median of {repeats} pairs, {min(ratios):.2f}–{max(ratios):.2f}; by the worker's clock "
        f"{statistics.median(worker_ratios):.2f}×); server CPU "
        f"{statistics.median(cpu_watched):.2f} s against {statistics.median(cpu_alone):.2f} s; "
        f"the viewers themselves (this process) {statistics.median(viewers_cpu):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--viewers", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    with tempfile.TemporaryDirectory() as data, serve(Path(data)) as server:
        os.nice(10)  # the server started before this: it keeps its priority
        owner = Owner(server)
        time.sleep(2)  # the worker finishes starting
        asyncio.run(pairs(owner, args.viewers, args.repeats, args.epochs))


if __name__ == "__main__":
    main()
