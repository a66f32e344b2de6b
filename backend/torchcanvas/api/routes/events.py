"""A run's events: replayed from the log after `after`, then live, over HTTP or a websocket."""

import asyncio
import contextlib
from typing import Annotated

from fastapi import APIRouter, Depends, Query, WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from torchcanvas.api.access import ReadableRun
from torchcanvas.api.models import RunEventMessage
from torchcanvas.api.routes.runs import NOT_FOUND
from torchcanvas.api.services import Services, get_services
from torchcanvas.store.runs import ENDED

router = APIRouter(prefix="/api/runs", tags=["events"])
_EVENTS = TypeAdapter(list[RunEventMessage])
_WAKE_EVERY = 1.0  # seconds: also re-check the run's status, in case a notification was missed


@router.get("/{run_id}/events", responses=NOT_FOUND)
def list_events(
    run: ReadableRun,
    services: Annotated[Services, Depends(get_services)],
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> list[RunEventMessage]:
    """The stored events with seq above `after`, in order (the websocket's replay, as JSON)."""
    return read_events(services, run.id, after, limit)


def read_events(services: Services, run_id: str, after: int, limit: int) -> list[RunEventMessage]:
    return _EVENTS.validate_python(services.run_service.events.read(run_id, after, limit))


@router.websocket("/{run_id}/events")
async def stream_events(
    websocket: WebSocket, run: ReadableRun, after: Annotated[int, Query(ge=0)] = 0
) -> None:
    """Sends the events after `after`, then live ones; closes after the run's last event."""
    services: Services = websocket.app.state.services
    run_id = run.id
    await websocket.accept()
    waiter = services.run_service.hub.subscribe(run_id)
    last = after
    try:
        while True:
            waiter.clear()  # cleared before the read, so an event stored after it wakes us
            # The status is read before the events: a run that had ended then has its `end`
            # stored already, so an empty read after it means nothing more will come.
            latest = await run_in_threadpool(services.run_service.store.get, run_id)
            events = await run_in_threadpool(services.run_service.events.read, run_id, last)
            for event in events:
                await websocket.send_json(event)
                last = event["seq"]
            # An `end` is not always the last event: a continued run goes on in the same log.
            if events:
                continue
            if latest is None or latest.status in ENDED:
                await websocket.close()
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), timeout=_WAKE_EVERY)
    except WebSocketDisconnect:
        pass
    finally:
        services.run_service.hub.unsubscribe(run_id, waiter)
