"""The server's HTTP connections: bounded headers, deadlines on slow clients, a cap on idle ones.

uvicorn's h11 protocol with three additions, because a hostile script can hold a connection for
free and each one holds a file descriptor: 20,000 idle sockets once left /api/health unanswered.

- A client has `timeout` seconds from connecting (or from the last reply) to send a request's
  headers whole, so an idle socket or a request that stops halfway is closed. Between requests
  uvicorn's own keep-alive timer closes first: KEEP_ALIVE_SECONDS after a reply, unless the next
  request's first byte came. A client that keeps sockets must drop them sooner, or retry a
  request sent as one closes (browsers do; httpx and Playwright's `request` do not).
- A request's body may pause for at most `timeout` seconds between bytes, and must keep coming
  at `min_body_rate` bytes a second on average: it has `timeout` seconds, and one more for each
  `min_body_rate` bytes it sent (Apache's mod_reqtimeout does the same), so a script that
  trickles a byte every few seconds cannot hold a connection for free. Time when the server
  itself stopped reading, because the route has not taken what came, is not counted.
- At most `max_idle` connections wait for a request at once: a new one closes the one that has
  waited longest, so a flood of idle sockets cannot use up the descriptors health needs.
- A client that stops reading a reply (a download, a long list of events) has `timeout`
  seconds to take some of what waits for it; then its connection is aborted (write_stalls.py).

Headers are bounded by h11 itself (`h11_max_incomplete_event_size`): httptools, uvicorn's
default parser, kept 150 MB of them per connection. A head over the limit gets 431 with what to
do, or 414 where its request line (the address, mostly) is the larger part, and a chunked body
of tiny chunks, which costs h11 microseconds a byte, 400 (body_chunks.py).
"""

import asyncio
import resource
from collections import OrderedDict
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from torchcanvas.body_chunks import ChunkCountingConnection
from torchcanvas.sizes import size_text
from torchcanvas.write_stalls import WriteStallWatch

KEEP_ALIVE_SECONDS = 5  # uvicorn's default timeout_keep_alive, set where the server starts
# A stop waits this long for requests still going (uvicorn waited for ever: an upload sent
# slowly held a SIGTERM over 40 s), then cuts them; the runs are saved after, as ever.
SHUTDOWN_GRACE_SECONDS = 10
MAX_HEADER_BYTES = 64 * 2**10  # the request line and headers; browsers send a few KB
VIEWER_MESSAGE_BYTES = 4 * 2**10  # a websocket message from a viewer, who sends none


class GuardedH11Protocol(H11Protocol):
    """An h11 connection that a client cannot hold open without sending a request."""

    timeout: float = 10.0
    max_idle: int = 1000
    min_body_rate: float = 500.0  # bytes a second
    waiting: "OrderedDict[GuardedH11Protocol, None]"  # a class's own, made by `guarded_protocol`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn: ChunkCountingConnection = ChunkCountingConnection(MAX_HEADER_BYTES)
        self._deadline: asyncio.TimerHandle | None = None
        self._last_data = 0.0
        self._body_since: float | None = None  # when the body began, less the server's pauses
        self._body_bytes = 0
        self._paused_since: float | None = None
        self._discarding = False  # answered 431: what else comes is read and dropped
        self._stalls = WriteStallWatch(self.loop, self.timeout)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Writing pauses whenever bytes wait, so that a reply the client does not take is watched
        # however small its rest: with uvicorn's 64 KiB mark, a rest under it waited for ever.
        transport.set_write_buffer_limits(high=0)
        self._wait_for_request()
        self._cap_idle()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        self._stalls.stop()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        super().pause_writing()
        self._stalls.start(self.transport)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._stalls.stop()

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return
        self._last_data = self.loop.time()
        super().data_received(data)
        if self._discarding:
            return  # refused by this data: _refuse armed its linger (the branches below undid it)
        if not self._is_ours():
            self._stop_waiting()  # upgraded to a websocket, which pings on its own
        elif self.conn.their_state is h11.SEND_BODY:
            self._stop_waiting()
            self._count_body(len(data))
            self._arm(self._body_time_left())
        elif self.conn.their_state is not h11.IDLE:
            self._stop_waiting()  # the whole request is in: the route has it

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._wait_for_request()

    def send_400_response(self, msg: str) -> None:
        if self.conn.refusal is not None:
            self._refuse(400, b"Bad Request", self.conn.refusal)
        elif self.conn.too_large == "request line":
            reason = (
                "The request's address (its path and query) is too long: with the headers, it is "
                f"over {size_text(MAX_HEADER_BYTES)}, more than this server reads. Send the data "
                "in a request body, or shorten the query."
            )
            self._refuse(414, b"URI Too Long", reason)
        elif self.conn.too_large or len(self.conn.trailing_data[0]) > MAX_HEADER_BYTES:
            reason = (
                f"The request's headers are over {size_text(MAX_HEADER_BYTES)}, more than this "
                "server reads: send fewer or shorter headers (cookies included)."
            )
            self._refuse(431, b"Request Header Fields Too Large", reason)
        elif self.conn.unreadable is not None:
            # uvicorn's own words, "Invalid HTTP request received.", said nothing of what.
            reason = (
                f"The request is not valid HTTP/1.1 ({self.conn.unreadable}): send it with an "
                "HTTP client, such as a browser, curl or Python's requests."
            )
            self._refuse(400, b"Bad Request", reason)
        else:
            super().send_400_response(msg)

    def _refuse(self, status: int, phrase: bytes, reason: str) -> None:
        """Answers `reason` and drops the rest of the request, which the route never sees."""
        self._stop_waiting()
        if self.cycle is not None:  # the route, if it has begun, sees a client that left
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        if self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):  # nothing answered yet
            body = reason.encode()
            headers = [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ]
            for event in (
                h11.Response(status_code=status, headers=headers, reason=phrase),
                h11.Data(data=body),
                h11.EndOfMessage(),
            ):
                self.transport.write(self.conn.send(event) or b"")
        # Closed with the rest of the request unread, the socket would be reset, and the reset
        # can destroy the reply before the client reads it: so stop writing, drop what comes,
        # and close after the timeout.
        self._discarding = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._arm(self.timeout)
        # Lingering, it counts among the idle ones: twenty bytes of a bad request each held a
        # socket for the timeout outside the cap (a review); a flood now closes its oldest.
        self.waiting[self] = None
        self._cap_idle()

    def _cap_idle(self) -> None:
        """Closes the oldest idle connections past the cap: a flood costs the flood, not health."""
        while len(self.waiting) > self.max_idle:
            next(iter(self.waiting))._close()

    def _is_ours(self) -> bool:
        return self.transport.get_protocol() is self

    def _wait_for_request(self) -> None:
        self._body_since, self._paused_since = None, None
        self.waiting[self] = None
        self._arm(self.timeout)

    def _count_body(self, size: int) -> None:
        if self._body_since is None:
            self._body_since, self._body_bytes = self._last_data, 0
        self._credit_pause(self._last_data)
        self._body_bytes += size

    def _credit_pause(self, now: float) -> None:
        """Time the server did not read is not counted against the client's body."""
        if self._paused_since is not None and self._body_since is not None:
            self._body_since += now - self._paused_since
        self._paused_since = None

    def _body_time_left(self) -> float:
        """Seconds before the body has paused too long, or fallen below the minimum rate."""
        now = self.loop.time()
        since = self._body_since if self._body_since is not None else now
        allowed = since + self.timeout + self._body_bytes / self.min_body_rate
        return min(self._last_data + self.timeout, allowed) - now

    def _stop_waiting(self) -> None:
        self.waiting.pop(self, None)
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _arm(self, seconds: float) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(seconds, self._on_deadline)

    def _on_deadline(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or not self._is_ours():
            self._stop_waiting()
            return
        if self._discarding or self.conn.their_state is h11.IDLE:
            self._close()  # no request, or only part of its headers, within the timeout
        elif self.conn.their_state is h11.SEND_BODY:
            now = self.loop.time()
            if self.flow.read_paused:  # the route has not taken what came: the client waits
                self._paused_since = self._paused_since or now
                self._arm(self.timeout)
                return
            if self._paused_since is not None:  # reading resumed: the client's clock restarts
                self._credit_pause(now)
                self._last_data = now
            left = self._body_time_left()
            if left <= 0:
                self._close()  # the body stopped coming, or too slowly; the route sees a disconnect
            else:
                self._arm(left)

    def _close(self) -> None:
        self._stop_waiting()
        if not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(
    timeout: float, max_idle: int, min_body_rate: float
) -> type[GuardedH11Protocol]:
    """The protocol class for one server, with its own settings and its own idle connections."""
    settings = {"timeout": timeout, "max_idle": max_idle, "min_body_rate": min_body_rate}
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {**settings, "waiting": OrderedDict()})


def raise_file_limit() -> int:
    """Lifts this process's soft limit on open files to its hard limit; returns the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass  # the limit stays as it was; the cap on idle connections still holds
    return soft
