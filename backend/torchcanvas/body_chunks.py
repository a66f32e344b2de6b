"""A floor on the size of a chunked body's chunks, which h11 parses one at a time.

h11 spends about 5 µs on each chunk of a `Transfer-Encoding: chunked` body, whatever its size:
a body sent in chunks of one byte costs the server a microsecond per byte received, and 2 MB
of them once held every other request up for 17 s. Browsers send bodies with a Content-Length,
and scripts that stream a body send chunks of kilobytes, so past FREE_CHUNKS chunks a body's
chunks must average MIN_AVERAGE_CHUNK bytes: its parsing then costs at most about 10 ns a byte.
"""

from typing import Literal

import h11

# The part of a request's head over the limit to blame: its request line (method, address and
# version, so mostly the address) or its headers, whichever is larger, as shortening it helps.
HeadPart = Literal["request line", "headers"]

FREE_CHUNKS = 1024  # a small body may come in chunks of any size
MIN_AVERAGE_CHUNK = 512  # bytes


def tiny_chunks_message(chunks: int, size: int) -> str:
    return (
        f"The request body came in {chunks:,} chunks of {size / chunks:,.1f} bytes on average, "
        f"smaller than this server reads (past {FREE_CHUNKS:,} chunks, at least "
        f"{MIN_AVERAGE_CHUNK} bytes each on average): send the body with a Content-Length, or "
        "stream it in larger chunks."
    )


class TinyChunks(h11.RemoteProtocolError):
    """A chunked body whose chunks are too small on average; the message says what to do."""


class ChunkCountingConnection(h11.Connection):
    """An h11 server connection that refuses a chunked body of too many tiny chunks."""

    def __init__(self, max_incomplete_event_size: int) -> None:
        super().__init__(h11.SERVER, max_incomplete_event_size)
        self.max_header_bytes = max_incomplete_event_size
        self.too_large: HeadPart | None = None  # of a head over the limit, the larger part
        self.refusal: str | None = None  # why the request was refused, once it was
        self.unreadable: str | None = None  # what h11 found wrong with a request, in its words
        self._chunks = self._bytes = 0  # of the current request's body

    def next_event(self) -> h11.Event | type[h11.NEED_DATA] | type[h11.PAUSED]:
        # h11 bounds a request's head only while it is incomplete: one that came whole in a
        # single read (asyncio reads up to 256 KiB) passed at any size. What the event took
        # from the buffer is its head, to the byte.
        idle = self.their_state is h11.IDLE
        buffered = len(self._receive_buffer) if idle else 0
        try:
            event = super().next_event()
        except h11.RemoteProtocolError as error:
            if idle and error.error_status_hint == 431:  # h11's bound on a head still incomplete
                self.too_large = _larger_part(bytes(self._receive_buffer))
            else:
                self.unreadable = cause_of(error)
            raise
        if isinstance(event, h11.Request):
            head = buffered - len(self._receive_buffer)
            if head > self.max_header_bytes:
                line = len(event.method) + len(event.target) + len(b"  HTTP/1.1\r\n")
                self.too_large = "request line" if line > head - line else "headers"
                raise h11.RemoteProtocolError("Request headers too large", 431)
            self._chunks = self._bytes = 0
        elif isinstance(event, h11.Data):
            # h11 may hand a chunk over in pieces: it is counted, whole, with its last one.
            self._chunks += event.chunk_end
            self._bytes += len(event.data)
            if self._chunks > FREE_CHUNKS and self._bytes < self._chunks * MIN_AVERAGE_CHUNK:
                self.refusal = tiny_chunks_message(self._chunks, self._bytes)
                raise TinyChunks(self.refusal)
        return event


def _larger_part(head: bytes) -> HeadPart:
    """Which part of the start of a request's head, its request line or its headers, is larger."""
    end = head.find(b"\n")
    line = len(head) if end < 0 else end + 1
    return "request line" if line > len(head) - line else "headers"


def cause_of(error: h11.RemoteProtocolError) -> str:
    """h11's words for what is wrong ("Missing mandatory Host: header", "bad Content-Length"),
    without the bytes some of them quote (a request line may be kilobytes of anything)."""
    return str(error).split(": bytearray(", 1)[0][:120]
