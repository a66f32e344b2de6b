"""The calls into Ray that threads other than the dispatcher make, counted so that Ray is let go
only once none is in flight, and none starts after.

`ray.shutdown()` must not meet another thread inside Ray: once it has shut the driver's core
worker down, and before it drops it, any call into it from another thread (a `ray.get` that
returns, an ObjectRef or actor handle let go) ends the whole process ("The core worker has already
been shutdown … The process will exit"). A Stop sent to a run as the server stopped was still
waiting for its answer when that run's end let the dispatcher shut Ray down: a loaded CI run lost
its test process so. Each such call is made inside `with calls:`, and the dispatcher closes the
calls, waiting for those in flight, before it lets Ray go.
"""

import logging
import threading
from types import TracebackType

log = logging.getLogger(__name__)
CALLS_END = 40.0  # seconds the calls in flight have to end (each waits at most 30 s for Ray)


class RayCalls:
    """Counts the calls into Ray in flight; `with calls:` raises ConnectionError once closed."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._inside = 0
        self._open = False

    def open(self) -> None:
        """Ray is connected: calls may go in."""
        with self._lock:
            self._open = True

    def close(self) -> None:
        """No call goes in from now; waits for those in flight to end."""
        with self._lock:
            self._open = False
            if not self._lock.wait_for(lambda: self._inside == 0, CALLS_END):
                log.error("a call into Ray did not end in time: Ray is let go all the same")

    def __enter__(self) -> None:
        with self._lock:
            if not self._open:
                raise ConnectionError("Ray is not connected: it was let go, or is being let go")
            self._inside += 1

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._lock:
            self._inside -= 1
            self._lock.notify_all()
