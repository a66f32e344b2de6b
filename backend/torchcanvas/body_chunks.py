"""A floor on the size of a chunked body's chunks, which h11 parses one at a time.

h11 spends about 5 µs on each chunk of a `Transfer-Encoding: chunked` body, whatever its size:
a body sent in chunks of one byte costs the server a microsecond per byte received, and 2 MB
of them once held every other request up for 17 s. Browsers send bodies with a Content-Length,
and scripts that stream a body send chunks of kilobytes, so past FREE_CHUNKS chunks a body's
chunks must average MIN_AVERAGE_CHUNK bytes: its parsing then costs at most about 10 ns a byte.
"""

import h11

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
        self.headers_too_large = False  # a request's whole head came, and was over the limit
        self.refusal: str | None = None  # why the request was refused, once it was
        self._chunks = self._bytes = 0  # of the current request's body

    def next_event(self) -> h11.Event | type[h11.NEED_DATA] | type[h11.PAUSED]:
        # h11 bounds a request's head only while it is incomplete: one that came whole in a
        # single read (asyncio reads up to 256 KiB) passed at any size. What the event took
        # from the buffer is its head, to the byte.
        idle = self.their_state is h11.IDLE
        buffered = len(self._receive_buffer) if idle else 0
        event = super().next_event()
        if isinstance(event, h11.Request):
            if buffered - len(self._receive_buffer) > self.max_header_bytes:
                self.headers_too_large = True
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
