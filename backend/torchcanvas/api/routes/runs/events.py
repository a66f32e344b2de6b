"""A run's events: replayed from the log after `after`, then live, over HTTP or a websocket."""

import contextlib
from typing import Annotated

import anyio
from fastapi import Query, Response, WebSocket, WebSocketDisconnect

from torchcanvas.api.bodies import RunEventMessage
from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.routes.runs.router import NOT_FOUND, router
from torchcanvas.api.run_reads import After, EventLimit, read_events
from torchcanvas.api.services import Services
from torchcanvas.runs.fanout import Viewer

Batch = Annotated[
    bool,
    Query(
        description="Send JSON arrays of up to 1000 consecutive events instead of one per message."
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
    websocket: WebSocket, run: ReadableRun, after: After = 0, batch: Batch = False
) -> None:
    """Sends the events after `after`, then live ones; closes after the run's last event.

    Each message is one event, or with `batch=1` a JSON array of up to 1000 consecutive events.
    """
    services: Services = websocket.app.state.services
    await websocket.accept()
    finished = False
    async with services.fanout.watch(run.id, after) as viewer, anyio.create_task_group() as tasks:

        async def send_all() -> None:
            nonlocal finished
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await _send(websocket, viewer, batch)
                finished = True  # a socket that broke has nothing to close
            tasks.cancel_scope.cancel()

        async def until_closed() -> None:  # the viewer left: its handler ends at once
            await _until_closed(websocket)
            tasks.cancel_scope.cancel()

        tasks.start_soon(send_all)
        tasks.start_soon(until_closed)
    if finished:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):
            await websocket.close()  # after the run's last event


async def _send(websocket: WebSocket, viewer: Viewer, batch: bool) -> None:
    """The stored JSON text of each event, sent as it is: serialised once for every viewer."""
    async for events in viewer.batches():
        if batch:
            await websocket.send_text("[" + ",".join(event.text for event in events) + "]")
        else:
            for event in events:
                await websocket.send_text(event.text)


async def _until_closed(websocket: WebSocket) -> None:
    """Returns as soon as the viewer leaves, so its handler ends even while no event comes."""
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass  # a viewer has nothing to say
