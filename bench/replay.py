"""Reopening a run with a long history: its whole log over the websocket, one event per message
against batches (`batch=1`), and through the HTTP listing.

A real server trains one short run of the digits CNN; its events are then repeated, renumbered,
into a long log of `--events` events for a second run of the same owner (written to the server's
database beside it, as a 1000-epoch run would have left them). Each way of reading the whole log
is timed from connecting to the last event, with the server's CPU seconds.

    .venv/bin/python bench/replay.py [--events 30000] [--repeats 3]
"""

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter
from websockets.asyncio.client import connect

from server import Server, serve
from torchcanvas.design.schema import Design
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import RunStore
from torchcanvas.training.events import TrainingEvent
from torchcanvas.training.settings import TrainingSettings
from viewers import DESIGN, Owner, start_run, wait_ended

LONG_RUN = "0123456789abcdef"
EVENT: TypeAdapter[TrainingEvent] = TypeAdapter(
    Annotated[TrainingEvent, Field(discriminator="type")]
)


def write_long_log(data: Path, owner: Owner, sample: list[dict[str, Any]], events: int) -> int:
    """A finished run whose log repeats the sample's epochs to about `events` events; how many."""
    db = Database(data / "torchcanvas.db")
    training = TrainingSettings(
        dataset="digits",
        loss="CrossEntropyLoss",
        optimizer="Adam",
        lr=0.01,
        epochs=1000,
        batch_size=16,
    )
    RunStore(db).create(LONG_RUN, Design.model_validate(DESIGN), training)
    OwnerStore(db).record(LONG_RUN, owner.cookie.split("=", 1)[1])
    log = EventLog(db)
    typed = [EVENT.validate_python(event) for event in sample]  # its seq is dropped
    body = [event for event in typed if event.type not in ("started", "end")]
    with db.transaction():
        log.append(LONG_RUN, typed[0])
        while log.last_seq(LONG_RUN) < events - 1:
            for event in body:
                log.append(LONG_RUN, event)
        log.append(LONG_RUN, typed[-1])
    RunStore(db).mark_ended(LONG_RUN, "succeeded", None)
    written = log.last_seq(LONG_RUN)
    db.close()
    return written


async def by_socket(owner: Owner, batch: bool) -> int:
    url = owner.server.url.replace("http", "ws") + f"/api/runs/{LONG_RUN}/events"
    url += "?batch=1" if batch else ""
    count = 0
    async with connect(url, additional_headers={"Cookie": owner.cookie}, max_size=None) as socket:
        async for message in socket:
            parsed = json.loads(message)  # as the browser parses each message
            count += len(parsed) if batch else 1
    return count


async def by_http(owner: Owner) -> int:
    events: list[Any] = []
    while True:
        page = await asyncio.to_thread(
            owner.call, "GET", f"/api/runs/{LONG_RUN}/events?limit=10000&after={len(events)}"
        )
        if not page:
            return len(events)
        events += page


async def measure(
    server: Server, read: Callable[[], Awaitable[int]], events: int
) -> tuple[float, float]:
    cpu, start = server.cpu_seconds(), time.perf_counter()
    count = await read()
    assert count == events, (count, events)
    return time.perf_counter() - start, server.cpu_seconds() - cpu


async def compare(owner: Owner, events: int, repeats: int) -> None:
    ways: dict[str, Callable[[], Awaitable[int]]] = {
        "websocket, one event per message": lambda: by_socket(owner, False),
        "websocket, batch=1": lambda: by_socket(owner, True),
        "GET /events, pages of 10000": lambda: by_http(owner),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, read in ways.items():
            results[name].append(await measure(owner.server, read, events))
    print(f"{'whole log of ' + str(events) + ' events':<36} {'seconds':>8} {'server CPU s':>13}")
    for name, samples in results.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"{name:<36} {wall:>8.2f} {cpu:>13.2f}")
    single = statistics.median(s[0] for s in results["websocket, one event per message"])
    batched = statistics.median(s[0] for s in results["websocket, batch=1"])
    print(f"\nbatch=1 replays the log {single / batched:.1f}× faster than one event per message")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=30000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    with tempfile.TemporaryDirectory() as folder, serve(Path(folder)) as server:
        owner = Owner(server)
        sample_id = start_run(owner, 3)
        asyncio.run(wait_ended(owner, sample_id))
        sample = owner.call("GET", f"/api/runs/{sample_id}/events?limit=10000")
        events = write_long_log(Path(folder), owner, sample, args.events)
        asyncio.run(compare(owner, events, args.repeats))


if __name__ == "__main__":
    main()
