"""What the run service refuses, and why: the API turns each kind into its HTTP answer."""

import time

from torchcanvas.design.schema import DesignIssue
from torchcanvas.problems import Conflict, Gone, Invalid, NotFound, Unavailable, shown_id
from torchcanvas.store.runs import UNFINISHED


class RunDeleted(Gone, KeyError):
    """A run that the caller deleted: said to them alone (anyone else gets RunNotFound)."""

    def __init__(self, run_id: str, deleted_at: float) -> None:
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(deleted_at))
        # The page writes this time in its reader's zone (frontend/src/api/serverTimes.ts, which
        # reads this form). Short enough for a websocket close reason (123 bytes), as RunNotFound's.
        super().__init__(
            f"You deleted run {run_id} on {when}: its charts, weights and share links went with it."
        )

    def __str__(self) -> str:  # KeyError's would quote the message
        return str(self.args[0])


class RunNotFound(NotFound, KeyError):
    """A run id that names no run (or, to a stranger, someone else's)."""

    def __init__(self, run_id: str) -> None:
        # A right link opened in another browser (a teammate's, or the owner's on another
        # machine) lands here too: say where runs live. Short enough for a websocket close
        # reason (123 bytes), and the same whether the run exists or not.
        super().__init__(
            f"Run {shown_id(run_id)} is not among this browser's runs: open it in the browser that "
            "started it, or ask for a share link."
        )

    def __str__(self) -> str:  # KeyError's would quote the message
        return str(self.args[0])


class RunRejected(Invalid, ValueError):
    """A run that cannot start, with the issues that say why."""

    def __init__(self, issues: list[DesignIssue]) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


class TooMuchTraining(Invalid, ValueError):
    """Going on with a run would train more than this server allows one run to (Continue,
    Train N more epochs); the message says how much, the limit, and what fits."""


class RateBelowFloor(Invalid, ValueError):
    """Continue's new learning rate is not above the lowest rate the run's schedule goes to, which
    would raise the rate to it; the message (which begins with its field) says what fits."""


class NoWorker(Unavailable, RuntimeError):
    """The executor cannot train anything: every worker died as it started."""


class EndNotStored(Unavailable, RuntimeError):
    """A run whose end a full disk keeps from its record or its log: it cannot go on until the
    end is stored, or the end, stored later, would end its continuation."""

    def __init__(self, run_id: str) -> None:
        super().__init__(
            f"Run {run_id} ended when the disk was full, and its end is not stored yet: once "
            "whoever runs the server frees space (within two seconds of it), press Continue."
        )


class RunEnded(Conflict, ValueError):
    """An action that needs a queued or running run, on one that has ended."""


class RunConflict(Conflict, ValueError):
    """An action that does not fit the run's state (pause a queued run, continue a running one)."""


class UploadInUse(Conflict, ValueError):
    """An upload that runs not yet ended train on."""

    def __init__(self, runs: list[str], message: str | None = None) -> None:
        super().__init__(message or f"{len(runs)} runs train on it.")
        self.runs = runs


class CopiedRunGone(Gone, KeyError):
    """A run deleted while a copy of it was being made (Train more as a new run)."""

    def __init__(self, run_id: str) -> None:
        super().__init__(f"Run {run_id} was deleted while it was being copied: no copy was made.")

    def __str__(self) -> str:  # KeyError's would quote the message
        return str(self.args[0])


class CopiedRunChanged(Conflict, ValueError):
    """A run continued while a copy of it was being made: its files and its log may no longer
    be of one moment, so the copy is not made."""

    def __init__(self, run_id: str, status: str) -> None:
        now = f"is {status}" if status in UNFINISHED else "went on"
        super().__init__(
            f"Run {run_id} {now} while it was being copied, so no copy was made: once it has "
            "ended, train more as a new run again."
        )
