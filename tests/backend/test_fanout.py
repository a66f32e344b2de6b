"""The fan-out on a real event log and hub: every viewer gets every event once, in order, fast or slow."""

import asyncio
import json
from pathlib import Path

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.design.schema import Design
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.fanout import QUEUE_LIMIT, READ_LIMIT, Fanout, Viewer
from torchcanvas.runs.hub import Hub
from torchcanvas.store.db import Database
from torchcanvas.store.runs import RunStore
from torchcanvas.training.events import EndEvent, Metrics, PausedEvent
from torchcanvas.training.settings import TrainingSettings

RUN = "feedfeedfeedfeed"
EVENTS = 3 * QUEUE_LIMIT


class Scene:
    """A run's log, its store and the hub, as the server has them."""

    def __init__(self, folder: Path) -> None:
        db = Database(folder / "events.db")
        self.log, self.store, self.hub = EventLog(db), RunStore(db), Hub()
        self.store.create(
            RUN, Design.model_validate(DIGITS_CNN), TrainingSettings(**DIGITS_TRAINING)
        )
        self.hub.bind(asyncio.get_running_loop())
        self.fanout = Fanout(self.hub, self.log, self.store)

    def log_events(self, first: int, last: int) -> None:
        """Called from a thread, as the executor's thread records a worker's events."""
        for step in range(first, last + 1):
            self.log.append(RUN, PausedEvent(epoch=1, step=step))
            self.hub.notify(RUN)

    def end(self) -> None:
        self.log.append(RUN, EndEvent(status="succeeded", metrics=Metrics()))
        self.store.mark_ended(RUN, "succeeded", None)
        self.hub.notify(RUN)


async def read_all(viewer: Viewer, stall: asyncio.Event | None = None) -> list[int]:
    """Every seq the viewer is given; with `stall`, it stops taking any after its first live one
    until `stall` is set, as a socket that a slow browser does not read would."""
    seqs: list[int] = []
    async for events in viewer.batches():
        seqs += [json.loads(event.text)["seq"] for event in events]
        if stall is not None and seqs[-1] > 10:
            await stall.wait()
    return seqs


async def watch_and_read(
    scene: Scene, after: int, pause: asyncio.Event | None, watching: list[Viewer] | None = None
) -> list[int]:
    async with scene.fanout.watch(RUN, after) as viewer:
        if watching is not None:
            watching.append(viewer)
        seqs = await read_all(viewer, pause)
        if pause is not None:
            assert viewer.fell_behind > 0  # its queue filled while it slept: it went to the log
        return seqs


def test_fast_slow_and_late_viewers_each_get_every_event_once(tmp_path: Path) -> None:
    async def scenario() -> list[list[int]]:
        scene = Scene(tmp_path)
        await asyncio.to_thread(scene.log_events, 1, 10)  # before anyone watches
        slow_may_read, watching = asyncio.Event(), []
        viewers = [
            asyncio.create_task(watch_and_read(scene, 0, None, watching)),
            asyncio.create_task(watch_and_read(scene, 4, None, watching)),
            asyncio.create_task(watch_and_read(scene, 0, slow_may_read, watching)),
        ]
        while len(watching) < 3 or not all(viewer.live for viewer in watching):
            await asyncio.sleep(0.01)  # they replay the log, then join the feed
        await asyncio.to_thread(scene.log_events, 11, EVENTS)
        late = asyncio.create_task(watch_and_read(scene, EVENTS - 3, None))
        await asyncio.to_thread(scene.end)
        slow_may_read.set()
        seen = await asyncio.gather(*viewers, late)
        assert scene.fanout.viewer_count() == scene.fanout.feed_count() == 0
        assert scene.hub.waiter_count(RUN) == 0
        return seen

    fast, after_four, slow, late = asyncio.run(scenario())
    everything = list(range(1, EVENTS + 2))  # and the end
    assert fast == slow == everything
    assert after_four == everything[4:]
    assert late == everything[EVENTS - 3 :]


def test_a_viewer_of_an_ended_run_gets_the_rest_and_the_stream_ends(tmp_path: Path) -> None:
    async def scenario() -> list[list[int]]:
        scene = Scene(tmp_path)
        await asyncio.to_thread(scene.log_events, 1, 5)
        await asyncio.to_thread(scene.end)
        return [await watch_and_read(scene, after, None) for after in (0, 5, 6, 99)]

    assert asyncio.run(scenario()) == [[1, 2, 3, 4, 5, 6], [6], [], []]


def test_batches_hold_consecutive_events_up_to_the_limit(tmp_path: Path) -> None:
    async def scenario() -> list[list[int]]:
        scene = Scene(tmp_path)
        await asyncio.to_thread(scene.log_events, 1, 25)
        await asyncio.to_thread(scene.end)
        async with scene.fanout.watch(RUN, 2) as viewer:
            return [[event.seq for event in events] async for events in viewer.batches(limit=10)]

    assert asyncio.run(scenario()) == [
        list(range(3, 13)),
        list(range(13, 23)),
        list(range(23, 27)),
    ]


def test_a_long_history_replays_from_the_log_in_pages(tmp_path: Path) -> None:
    """More than the feed keeps: the viewer reads the log itself, a page at a time, then joins."""

    async def scenario() -> list[list[int]]:
        scene = Scene(tmp_path)
        await asyncio.to_thread(scene.log_events, 1, LOGGED)
        async with scene.fanout.watch(RUN, 0) as viewer:
            pages = []
            async for events in viewer.batches():
                pages.append([event.seq for event in events])
                if events[-1].seq == LOGGED:
                    await asyncio.to_thread(scene.end)
            return pages

    LOGGED = 2 * READ_LIMIT + READ_LIMIT // 2
    pages = asyncio.run(scenario())
    assert [len(page) for page in pages[:3]] == [READ_LIMIT, READ_LIMIT, READ_LIMIT // 2]
    assert [seq for page in pages for seq in page] == list(range(1, LOGGED + 2))


def test_batches_hold_at_most_max_bytes_of_text(tmp_path: Path) -> None:
    """A socket that takes nothing holds the batch it was given: 250 of them, given 5,000 events
    each, held 860 MB. Batches from the log and from the feed are bounded in bytes too, and
    hold one event at least."""

    async def read(scene: Scene, max_bytes: int | None) -> list[list[str]]:
        async with scene.fanout.watch(RUN, 0) as viewer:
            return [
                [e.text for e in events] async for events in viewer.batches(max_bytes=max_bytes)
            ]

    async def scenario() -> list[list[list[str]]]:
        scene = Scene(tmp_path)
        await asyncio.to_thread(scene.log_events, 1, QUEUE_LIMIT + 100)  # the log, then the feed
        await asyncio.to_thread(scene.end)
        return [await read(scene, max_bytes) for max_bytes in (None, MAX_BYTES, 1)]

    MAX_BYTES = 2000
    whole, bounded, single = asyncio.run(scenario())
    texts = [text for batch in whole for text in batch]
    assert len(texts) == QUEUE_LIMIT + 101 and max(map(len, whole)) > 100
    assert [text for batch in bounded for text in batch] == texts
    sizes = [sum(map(len, batch)) for batch in bounded]
    assert max(sizes) <= MAX_BYTES and sizes[0] > MAX_BYTES - 2 * len(texts[-1])  # full ones
    assert single == [[text] for text in texts]
