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


class GuardedWebSocketProtocol(WebSocketsSansIOProtocol):
    """A websocket whose unread bytes are bounded, and which ends once its peer stops reading."""

    stall_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stall: asyncio.TimerHandle | None = None
        self._waiting = 0  # bytes waiting to be written when the stall timer was last set

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.transport.set_write_buffer_limits(high=0)  # pause_writing whenever bytes wait

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_watching()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        super().pause_writing()
        self.transport.pause_reading()
        self._watch()

    def resume_writing(self) -> None:
        super().resume_writing()
        self._stop_watching()
        if not self.read_paused:  # the app has taken every message it was given
            self.transport.resume_reading()

    def _watch(self) -> None:
        self._waiting = self.transport.get_write_buffer_size()
        self._stall = self.loop.call_later(self.stall_timeout, self._check_progress)

    def _stop_watching(self) -> None:
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None

    def _check_progress(self) -> None:
        """Drops the connection unless its peer took some of what waits since the last check."""
        self._stall = None
        waiting = self.transport.get_write_buffer_size()
        if waiting and waiting >= self._waiting:
            self.transport.abort()  # connection_lost follows: the app's handler ends
        elif waiting:
            self._watch()  # slow, but reading


def guarded_websockets(stall_timeout: float) -> type[GuardedWebSocketProtocol]:
    """The websocket protocol class for one server, with its own stall timeout."""
    return type(
        "GuardedWebSocketProtocol", (GuardedWebSocketProtocol,), {"stall_timeout": stall_timeout}
    )
