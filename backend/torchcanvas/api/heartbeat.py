"""A run's websocket sends: its events, and a heartbeat whenever it has been quiet a while.

A network that drops for half a minute leaves the socket open: TCP holds what it could not
deliver, and the page, hearing nothing, cannot tell a paused run from a lost server. With
`heartbeat=1` the socket is never quiet for more than HEARTBEAT_SECONDS, so a page that hears
nothing for a few of them knows it is out of touch (frontend/src/training/runStream.ts).
"""

import anyio
from fastapi import WebSocket

from torchcanvas.api.event_messages import HeartbeatMessage

HEARTBEAT_SECONDS = 5.0
# The same bytes for every socket, made once.
HEARTBEAT_TEXT = HeartbeatMessage().model_dump_json()


class Sends:
    """One socket's sends, one at a time: events as they come, and heartbeats between them."""

    def __init__(self, websocket: WebSocket) -> None:
        self._websocket = websocket
        self._lock = anyio.Lock()
        self._last = anyio.current_time()  # when the last send ended

    async def send(self, text: str) -> None:
        async with self._lock:
            await self._websocket.send_text(text)
        self._last = anyio.current_time()

    async def beat(self) -> None:
        """Sends a heartbeat each time the socket has sent nothing for HEARTBEAT_SECONDS; runs
        until cancelled, or until a send fails."""
        while True:
            quiet_for = anyio.current_time() - self._last
            if quiet_for < HEARTBEAT_SECONDS:
                await anyio.sleep(HEARTBEAT_SECONDS - quiet_for)
            elif self._lock.locked():
                # An event waits on a peer that does not read: the server's stall timeout drops
                # it (viewer_sockets.py), and a heartbeat behind it would say nothing new.
                await anyio.sleep(HEARTBEAT_SECONDS)
            else:
                await self.send(HEARTBEAT_TEXT)
