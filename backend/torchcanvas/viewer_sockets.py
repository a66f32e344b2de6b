"""The server's websockets (a run's viewers): what one that stops reading can make it hold.

uvicorn's websocket protocol with three bounds, because a viewer whose socket takes nothing
(a script, a frozen tab) could otherwise make the server hold bytes for it for ever:

- The protocol keeps no bytes of its own beyond the one message being written: the transport's
  high-water mark is 0, so the app's next send waits until the last one is in the kernel's
  send buffer (which the kernel bounds). The run's fan-out queue per viewer is bounded too
  (runs/fanout.py), and a viewer that falls behind reads the event log later.
- While it cannot write, it reads nothing: a client that sends pings and reads no pongs would
  make it queue a pong for each, without end.
- A viewer whose socket has taken none of what waits for it for `stall_timeout` seconds is
  dropped (the connection aborted: closing it would wait for ever to send what waits). The run
  page takes the drop as any other (1006) and reconnects with `after=N`, from its last event.
"""

import asyncio
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from torchcanvas.write_stalls import WriteStallWatch


class GuardedWebSocketProtocol(WebSocketsSansIOProtocol):
    """A websocket whose unread bytes are bounded, and which ends once its peer stops reading."""

    stall_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stalls = WriteStallWatch(self.loop, self.stall_timeout)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.transport.set_write_buffer_limits(high=0)  # pause_writing whenever bytes wait

    def connection_lost(self, exc: Exception | None) -> None:
        self._stalls.stop()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        super().pause_writing()
        self.transport.pause_reading()
        self._stalls.start(self.transport)

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.http.response.body" and not message.get("more_body"):
            # A refused handshake (crosssite.py's 403) has ended: uvicorn took it for an app that
            # never answered and logged an ERROR for each, so any page could fill the log.
            self.handshake_complete = True

    def resume_writing(self) -> None:
        super().resume_writing()
        self._stalls.stop()
        if not self.read_paused:  # the app has taken every message it was given
            self.transport.resume_reading()


def guarded_websockets(stall_timeout: float) -> type[GuardedWebSocketProtocol]:
    """The websocket protocol class for one server, with its own stall timeout."""
    return type(
        "GuardedWebSocketProtocol", (GuardedWebSocketProtocol,), {"stall_timeout": stall_timeout}
    )
