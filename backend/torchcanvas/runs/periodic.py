"""A thread that takes one look every few seconds until it is stopped: the watches' clock."""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Calls `look` every `every` seconds on a daemon thread named `name`."""

    def __init__(self, name: str, every: float, look: Callable[[], object]) -> None:
        self.name, self.every, self.look = name, every, look
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    @property
    def stopped(self) -> bool:
        """Whether it was told to stop: a long look may end early."""
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stopped.wait(self.every):
            try:
                self.look()
            except Exception:  # a failed look (a busy database) must not end the watch
                log.exception("%s: a look failed", self.name)
