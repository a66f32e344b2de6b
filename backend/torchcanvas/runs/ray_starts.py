"""Workers that fail to start, in a row: new ones are made less and less often, and it is said.

A node whose TorchCanvas, Python or Ray is not the server's fails every actor placed on it, and
its free CPUs draw the next actor there at once: each try starts a Python process that imports
torch (a review saw one every 4 s, and a load of 7.8 on two cores), and only the log said why.
"""

import re
import time

SAID_AFTER = 3  # failures in a row before health says so
FIRST_WAIT = 2.0  # seconds before the try after a first failure; doubled with each one more
LONGEST_WAIT = 60.0


class FailedStarts:
    """The failures since a worker last started; from the dispatcher's thread only."""

    def __init__(self) -> None:
        self.count = 0
        self.why = ""  # the last failure's own words
        self._next_try = 0.0  # time.monotonic() from which a new actor may be made

    def failed(self, why: str) -> None:
        self.count += 1
        self.why = why
        wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (self.count - 1))
        self._next_try = time.monotonic() + wait

    def started(self) -> None:
        """A worker started, or the cluster's nodes changed (one joined, or the failing one
        left): try at once, and quote no failure of before."""
        self.count, self.why, self._next_try = 0, "", 0.0

    def may_try(self) -> bool:
        return time.monotonic() >= self._next_try

    def said(self, cluster: str) -> str | None:
        """What to say of them, once there have been enough in a row."""
        if self.count < SAID_AFTER:
            return None
        return (
            f"Training workers failed to start on the Ray cluster at {cluster}, {self.count} "
            f"times in a row: {self.why}. A node whose TorchCanvas (the same commit), Python or "
            "Ray differ from the server's fails so: install the server's there, or stop it."
        )


def first_words(error: BaseException) -> str:
    """The line of a worker's failure that says what failed, and where: Ray's text of an actor
    that could not start ends in the traceback's last line (`AttributeError: Can't get attribute
    …`), and names its node's address (`ip=…`) in its first."""
    text = str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    said = (lines[-1] if lines else type(error).__name__).rstrip(".")
    said = said if len(said) <= 300 else said[:299] + "…"
    where = _NODE_ADDRESS.search(text)
    return f"{said} (on the node at {where.group(1)})" if where else said


_NODE_ADDRESS = re.compile(r"\bip=([0-9A-Fa-f.:]+)")
