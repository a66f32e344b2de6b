"""Steps of paused runs: each Step asked trains one batch, and a few at most wait their turn.

The worker counts the Steps it is sent and trains each once; after each, the run pauses again
and says so with a new `paused` event. Counted here too, from the asking to that event, a
Step pressed while another is still training waits for it (queued, never lost nor doubled),
and a burst beyond MAX_WAITING is refused: each one is a request and two events.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from torchcanvas.runs.errors import RunConflict

MAX_WAITING = 10  # Steps of one run asked and not yet trained


class StepsAsked:
    """How many Steps of each paused run are on their way to being trained."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, int] = {}

    @contextmanager
    def asking(self, run_id: str) -> Iterator[None]:
        """Counts a Step while the body sends it to the worker; not counted if the body raises;
        RunConflict when MAX_WAITING wait already."""
        with self._lock:
            waiting = self._waiting.get(run_id, 0)
            if waiting >= MAX_WAITING:
                raise RunConflict(
                    f"{waiting} steps already wait to train: press Step again once their "
                    "points show."
                )
            self._waiting[run_id] = waiting + 1
        try:
            yield
        except BaseException:
            self.trained(run_id)
            raise

    def trained(self, run_id: str) -> None:
        """The run paused again (a `paused` event): one Step fewer waits, if any did."""
        with self._lock:
            left = self._waiting.get(run_id, 0) - 1
            if left > 0:
                self._waiting[run_id] = left
            else:
                self._waiting.pop(run_id, None)

    def forget(self, run_id: str) -> None:
        """The run goes on (resumed, continued) or ended: a Step not yet trained never will be."""
        with self._lock:
            self._waiting.pop(run_id, None)

    def waiting(self, run_id: str) -> int:
        with self._lock:
            return self._waiting.get(run_id, 0)
