"""A run's events: replayed from the log after `after`, then live, over HTTP or a websocket."""

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

import anyio
import anyio.lowlevel
from fastapi import Query, Response, WebSocket, WebSocketDisconnect

from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.event_messages import RunEventMessage
from torchcanvas.api.heartbeat import HEARTBEAT_SECONDS, Sends
from torchcanvas.api.routes.runs.router import NOT_FOUND, router
from torchcanvas.api.run_reads import After, EventLimit, read_events
from torchcanvas.api.services import Services
from torchcanvas.api.viewer_seats import TRY_AGAIN_LATER, NoSeat
from torchcanvas.api.websocket_refusal import refuse_websocket
from torchcanvas.runs.eventlog import StoredEvent
from torchcanvas.runs.fanout import READ_LIMIT, Viewer

# A batch message's size at most: a long history replays in messages of this size. Small enough
# that each arrives within seconds on a slow link: the run page gives up on a socket that said
# nothing for 12 s (SILENT_MS in frontend/src/training/runStream.ts), and one 512 KiB message took
# longer than that below 80 KB/s (Slow 3G's 50 KB/s never loaded a long run's charts: a review),
# with the page's other reads sharing the link.
# The run page takes a message of half this size or more as a replayed backlog, and redraws less
# often while they come (BACKLOG_MESSAGE there).
MESSAGE_BYTES = 32 * 1024
# A socket's first message at most; each next message's limit is twice the one before, up to
# MESSAGE_BYTES.
# The first shares a slow link with the page's other reads (on 12 KB/s a full first message came
# after 6 s, and once after more than 12: the page gave up on it), and its points draw at once.
FIRST_MESSAGE_BYTES = 4 * 1024
# What a viewer reads from the log at a time, sent as several messages: brackets and commas included.
REPLAY_BYTES = 16 * MESSAGE_BYTES - READ_LIMIT - 1

# Waits while the viewer may go on watching; once it may not, returns the close code and why (a
# share link revoked or expired while its page is open).
Guard = Callable[[], Awaitable[tuple[int, str]]]

Batch = Annotated[
    bool,
    Query(
        description=(
            "Send JSON arrays of consecutive events (at most about 32 KiB each, the first ones "
            "smaller) instead of one event per message."
        )
    ),
]
Heartbeat = Annotated[
    bool,
    Query(
        description=(
            f'Send `{{"type": "heartbeat"}}` (HeartbeatMessage, no `seq`) after {HEARTBEAT_SECONDS:g} s '
            "with nothing else to send: a client that hears nothing for several has lost touch."
        )
    ),
]


@router.get(
    "/{run_id}/events",
    response_model=list[RunEventMessage],
    responses=NOT_FOUND,
    tags=["events"],
)
def list_events(
    run: ReadableRun,
    services: ServicesDep,
    after: After = 0,
    limit: EventLimit = 1000,
) -> Response:
    """The stored events with seq above `after`, in order (the websocket's replay, as JSON)."""
    return read_events(services, run.id, after, limit)


@router.websocket("/{run_id}/events")
async def stream_events(
    websocket: WebSocket,
    run: ReadableRun,
    after: After = 0,
    batch: Batch = False,
    heartbeat: Heartbeat = False,
) -> None:
    """Sends the events after `after`, then live ones; closes after the run's last event.

    Each message is one event, or with `batch=1` a JSON array of consecutive events: whatever is
    waiting, split so that a message stays under MESSAGE_BYTES (one bigger event goes alone).
    """
    services = websocket.app.state.services
    await serve_events(websocket, services, run.id, after, batch, heartbeat=heartbeat)


async def serve_events(
    websocket: WebSocket,
    services: Services,
    run_id: str,
    after: int,
    batch: bool,
    guard: Guard | None = None,
    heartbeat: bool = False,
) -> None:
    """Takes a viewer's seat and follows the run on the socket: its owner's page, or a share
    link's, which the same seats bound, and which its `guard` closes once the link ends."""
    client = websocket.client.host if websocket.client else ""
    try:
        with services.viewer_seats.seat(client):
            await websocket.accept()
            await _follow(websocket, services, run_id, after, batch, guard, heartbeat)
    except NoSeat as full:
        await refuse_websocket(websocket, TRY_AGAIN_LATER, str(full))


async def _follow(
    websocket: WebSocket,
    services: Services,
    run_id: str,
    after: int,
    batch: bool,
    guard: Guard | None,
    heartbeat: bool,
) -> None:
    finished = False
    sends = Sends(websocket)
    refused: tuple[int, str] | None = None
    async with services.fanout.watch(run_id, after) as viewer, anyio.create_task_group() as tasks:

        async def send_all() -> None:
            nonlocal finished
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await _send(sends, viewer, batch)
                finished = True  # a socket that broke has nothing to close
            tasks.cancel_scope.cancel()

        async def until_closed() -> None:  # the viewer left: its handler ends at once
            await _until_closed(websocket)
            tasks.cancel_scope.cancel()

        async def until_refused(watch: Guard) -> None:  # the link ended: no more events
            nonlocal refused
            refused = await watch()
            tasks.cancel_scope.cancel()

        async def beat() -> None:  # a quiet socket says it is still there
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await sends.beat()
            tasks.cancel_scope.cancel()

        tasks.start_soon(send_all)
        tasks.start_soon(until_closed)
        if heartbeat:
            tasks.start_soon(beat)
        if guard is not None:
            tasks.start_soon(until_refused, guard)
    if refused is not None:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):
            await refuse_websocket(websocket, *refused)
    elif finished:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):
            await websocket.close()  # after the run's last event


async def _send(sends: Sends, viewer: Viewer, batch: bool) -> None:
    """The stored JSON text of each event, sent as it is: serialised once for every viewer.

    A socket's send returns at once while its buffer has room, so a replay would send all it
    read before any other task ran: 250 viewers replaying a long history held /api/health up
    for 27 s. Each message gives the event loop a turn."""
    sent = 0
    async for events in viewer.batches(max_bytes=REPLAY_BYTES):
        for message in _messages(events, sent) if batch else (event.text for event in events):
            await sends.send(message)
            await anyio.lowlevel.checkpoint()
            sent += 1


async def _until_closed(websocket: WebSocket) -> None:
    """Returns as soon as the viewer leaves, so its handler ends even while no event comes."""
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass  # a viewer has nothing to say


def _message_bytes(sent: int) -> int:
    """How long the socket's next message may be, after `sent` of them: a slow start."""
    return min(MESSAGE_BYTES, FIRST_MESSAGE_BYTES << min(sent, 16))


def _messages(events: list[StoredEvent], sent: int) -> Iterator[str]:
    """The events as JSON arrays in order, each within `_message_bytes` (one bigger event goes
    alone), `sent` messages having gone before them on the socket."""
    part: list[str] = []
    size = 0
    for event in events:
        if part and size + len(event.text) + 2 > _message_bytes(sent):  # its comma, and the "]"
            yield "[" + ",".join(part) + "]"
            part, size, sent = [], 0, sent + 1
        part.append(event.text)
        size += len(event.text) + 1
    yield "[" + ",".join(part) + "]"
