"""A connection whose peer stops taking what the server sends: dropped, not kept for ever.

While bytes wait in a connection's buffer, the coroutine that sends them waits too, and closing
the connection would wait for them to be sent. A client that reads nothing (a script with a
tiny receive window) could so hold a response, its task and its buffer as long as it likes, on
as many connections as it opens. The server's protocols watch while their writing is paused:
a peer that has taken none of the waiting bytes for `timeout` seconds has its connection aborted.
"""

import asyncio


class WriteStallWatch:
    """Aborts the transport once its waiting bytes have not gone down for `timeout` seconds."""

    def __init__(self, loop: asyncio.AbstractEventLoop, timeout: float) -> None:
        self.loop, self.timeout = loop, timeout
        self._timer: asyncio.TimerHandle | None = None
        self._waiting = 0  # bytes waiting when the timer was last set

    def start(self, transport: asyncio.WriteTransport) -> None:
        """Called when writing pauses: the peer has `timeout` seconds to take some of it."""
        self.stop()
        self._waiting = transport.get_write_buffer_size()
        self._timer = self.loop.call_later(self.timeout, self._check, transport)

    def stop(self) -> None:
        """Called when writing resumes, or the connection is gone."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _check(self, transport: asyncio.WriteTransport) -> None:
        self._timer = None
        waiting = transport.get_write_buffer_size()
        if waiting and waiting >= self._waiting:
            transport.abort()  # connection_lost follows: whatever waits to send ends
        elif waiting:
            self.start(transport)  # slow, but reading
