"""Fan-out of a run's events to its viewers: the log is read once per event, not once per viewer.

Each run with viewers has one feed: a task that, when the hub says the run logged something, reads
the new events (stored JSON text, serialised once) and the run's status, and hands the same text to
every viewer's bounded queue. A viewer joins the feed at once when all it lacks are among the
feed's latest events; otherwise it first replays the log after its `after` on its own, a page at
a time. A viewer whose queue fills falls behind: it drops its queue and reads the log at its own
pace from the last event it sent, then joins again; it never slows the run or the others.
"""

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from torchcanvas.runs.eventlog import EventLog, StoredEvent
from torchcanvas.runs.hub import Hub
from torchcanvas.store.runs import ENDED, RunStore

logger = logging.getLogger(__name__)
QUEUE_LIMIT = 256  # events a viewer may have waiting before it falls behind (~10 s of frames)
RING = QUEUE_LIMIT  # the feed's latest events: a viewer that lacks only these joins with them
READ_LIMIT = 5000  # events per read of the log: a long history replays in a few reads


class Viewer:
    """One socket's place in a run's events: what it has been sent, and what waits for it."""

    def __init__(self, feed: "_Feed", after: int) -> None:
        self._feed = feed
        self.sent = after  # the seq of the last event handed to the socket
        self._queued = after  # the seq of the last event sent or waiting in the queue
        self._queue: deque[StoredEvent] = deque()
        self._live = False  # in the feed; otherwise reading the log on its own
        self._ended = False  # the run ended and everything up to its last event is queued
        self._wake = asyncio.Event()
        self.fell_behind = 0  # how many times its queue filled and it went back to the log

    @property
    def live(self) -> bool:
        """In the feed, rather than reading the log on its own."""
        return self._live

    def offer(self, event: StoredEvent) -> None:
        """Called by the feed, in order, for every event it reads."""
        if not self._live or event.seq <= self._queued:
            return  # reading the log on its own, or it had this one from the log already
        if event.seq != self._queued + 1 or len(self._queue) >= QUEUE_LIMIT:
            self._fall_behind()
            return
        self._queue.append(event)
        self._queued = event.seq
        self._wake.set()

    def finish(self) -> None:
        """The run has ended and every event of it has been offered."""
        if self._live:
            self._ended = True
            self._wake.set()

    def _fall_behind(self) -> None:
        self.fell_behind += 1
        self._live = False
        self._queue.clear()
        self._queued = self.sent
        self._wake.set()

    def _join_feed(self) -> bool:
        """Takes the feed's latest events after those read from the log; False if they leave a gap."""
        feed = self._feed
        if self._queued < feed.last:
            if not feed.ring or feed.ring[0].seq > self._queued + 1:
                return False
            if feed.last - self._queued > QUEUE_LIMIT:
                return False
            for event in feed.ring:
                if event.seq > self._queued:
                    self._queue.append(event)
                    self._queued = event.seq
        self._live = True
        self._ended = feed.ended
        return True

    def _take(self, limit: int, max_bytes: int | None) -> list[StoredEvent]:
        """The first events of the queue, as many as `limit` and `max_bytes` allow (one at least)."""
        events = [self._queue.popleft()]
        size = len(events[0].text)
        while self._queue and len(events) < limit:
            size += len(self._queue[0].text)
            if max_bytes is not None and size > max_bytes:
                break
            events.append(self._queue.popleft())
        return events

    async def batches(
        self, limit: int = READ_LIMIT, max_bytes: int | None = None
    ) -> AsyncIterator[list[StoredEvent]]:
        """The events after `after` in order, until the run's last one: at most `limit` and
        `max_bytes` of text at a time (one event at least).

        A socket that does not take what it is sent holds its batch for as long as it likes:
        `max_bytes` bounds what hundreds of them hold (5,000 events were 5 MB a socket)."""
        while True:
            if not self._live:
                if self._join_feed():  # what it lacks is in the feed's latest: no read of its own
                    continue
                events = await asyncio.to_thread(
                    self._feed.log.read_stored, self._feed.run_id, self.sent, limit, max_bytes
                )
                if events:
                    self.sent = self._queued = events[-1].seq
                    yield events
                if len(events) < limit:
                    self._join_feed()
                continue
            if self._queue:
                events = self._take(limit, max_bytes)
                self.sent = events[-1].seq
                yield events
            elif self._ended:
                return
            else:
                self._wake.clear()
                await self._wake.wait()


@dataclass(eq=False)
class _Feed:
    """One run's reader of the log, shared by every viewer of that run."""

    run_id: str
    log: EventLog
    store: RunStore
    hub: Hub
    last: int = 0  # the seq of the last event the feed has read
    ended: bool = False

    def __post_init__(self) -> None:
        self.viewers: set[Viewer] = set()
        self.ring: deque[StoredEvent] = deque(maxlen=RING)
        self.ready = asyncio.Event()
        self._wake = self.hub.subscribe(self.run_id)
        self.task = asyncio.create_task(self._follow(), name=f"feed {self.run_id}")

    def _read(self) -> tuple[bool, list[StoredEvent]]:
        # The status is read before the events: a run that had ended then has its `end` stored
        # already, so an empty read after it means nothing more will come.
        status = self.store.status(self.run_id)  # the column alone: no record to parse
        over = status is None or status in ENDED
        return over, self.log.read_stored(self.run_id, self.last, READ_LIMIT)

    async def _follow(self) -> None:
        try:
            self.last = await asyncio.to_thread(self.log.last_seq, self.run_id)
            # the latest events, so that viewers of a short or recent history never read the log
            self.ring.extend(
                await asyncio.to_thread(
                    self.log.read_stored, self.run_id, max(0, self.last - RING), RING
                )
            )
            self.last = self.ring[-1].seq if self.ring else self.last  # one may have come since
            self.ready.set()
            while not await self._read_new():
                await self._wake.wait()  # the hub's notification: no polling while paused or queued
        except Exception:  # the log cannot be read: viewers close, and reconnect with after=N
            logger.exception("Reading the events of run %s failed", self.run_id)
        self.ended = True
        self.ready.set()
        for viewer in self.viewers:
            viewer.finish()

    async def _read_new(self) -> bool:
        """Reads and offers what is new; True once the run has ended and nothing more will come."""
        while True:
            self._wake.clear()  # cleared before the read, so an event stored after it wakes us
            over, events = await asyncio.to_thread(self._read)
            for event in events:
                self.ring.append(event)
                self.last = event.seq
                for viewer in self.viewers:
                    viewer.offer(event)
            if not events:
                return over

    def close(self) -> None:
        """Stops reading; viewers still here (the server is stopping) end after their queue."""
        self.task.cancel()
        self.hub.unsubscribe(self.run_id, self._wake)
        self.ended = True
        for viewer in self.viewers:
            viewer.finish()


class Fanout:
    """The feeds of the runs that have viewers; lives on the server's event loop."""

    def __init__(self, hub: Hub, log: EventLog, store: RunStore) -> None:
        self.hub, self.log, self.store = hub, log, store
        self._feeds: dict[str, _Feed] = {}

    def viewer_count(self) -> int:
        return sum(len(feed.viewers) for feed in self._feeds.values())

    def feed_count(self) -> int:
        return len(self._feeds)

    @asynccontextmanager
    async def watch(self, run_id: str, after: int) -> AsyncIterator[Viewer]:
        """A viewer of the run's events after `after`; it leaves the feed on exit."""
        feed = self._feeds.get(run_id)
        if feed is None or feed.ended:  # an ended feed stays with its viewers; a continued run
            feed = self._feeds[run_id] = _Feed(run_id, self.log, self.store, self.hub)
        viewer = Viewer(feed, after)
        feed.viewers.add(viewer)
        try:
            await feed.ready.wait()
            yield viewer
        finally:
            feed.viewers.discard(viewer)
            if not feed.viewers:
                feed.close()
                if self._feeds.get(run_id) is feed:
                    del self._feeds[run_id]

    def close(self) -> None:
        for feed in self._feeds.values():
            feed.close()
        self._feeds.clear()
