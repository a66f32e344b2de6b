"""Runs' ends that a full disk refused, kept in memory until the data folder takes them.

A run whose progress cannot be stored ends `failed` (runs/recorder.py); where the database or
the event log cannot take that end either (it is on the full disk too), the end is kept here.
The run reads as ended meanwhile, and the recorder stores its end as soon as it can.
"""

import sqlite3

from torchcanvas.runs.eventlog import EventLog
from torchcanvas.store.runs import Run, RunStatus, RunStore
from torchcanvas.training.events import EndEvent


def storage_failed_message(exc: BaseException) -> str:
    """Why a run failed, in words a share link's visitor may read too: an OSError's own words
    without its path, which names the run's folder (the server's log has it all)."""
    said = (
        f"[Errno {exc.errno}] {exc.strerror}" if isinstance(exc, OSError) and exc.strerror else exc
    )
    return (
        f"The server could not store this run's progress ({said}): the disk of its data folder "
        "is probably full. Free some space, then press Continue to go on from its last checkpoint."
    )


class KeptEnds:
    """The ends not yet stored: in the runs' records, and in their event logs."""

    def __init__(self, store: RunStore, events: EventLog) -> None:
        self.store, self.events = store, events
        # Runs that have ended, whose end the database could not take yet: run id: (status,
        # error, when it ended). Their workers are stopped, and what they still send is dropped.
        self.records: dict[str, tuple[RunStatus, str | None, float]] = {}
        # Ends the event log could not take yet: its viewers get them once it can.
        self.logs: dict[str, EndEvent] = {}

    def as_ended(self, run: Run) -> Run:
        """The run as it stands: ended, where its end is kept from a full database (it read as
        running, and Stop, Pause and Continue contradicted each other)."""
        kept = self.records.get(run.id)
        if kept is None:
            return run
        status, error, ended_at = kept
        trained = (run.training_seconds or 0.0) + max(
            0.0, ended_at - (run.training_since or ended_at)
        )
        update = {"status": status, "error": error, "finished_at": ended_at}
        return run.model_copy(
            update={**update, "training_since": None, "training_seconds": trained}
        )

    def pending(self, run_id: str) -> bool:
        """Whether the run's end waits for room on the disk, in its record or its log."""
        return run_id in self.records or run_id in self.logs

    def store_all(self) -> list[str]:
        """Stores the kept ends where it now can (the caller holds the recorder's lock); the
        runs whose end went in, a run twice where both its record and its log did."""
        stored = []
        for run_id, (status, error, ended_at) in list(self.records.items()):
            try:
                self.store.mark_ended(run_id, status, error, now=ended_at)
            except sqlite3.Error:
                continue  # the disk is still full: the next try
            del self.records[run_id]
            stored.append(run_id)
        for run_id, end in list(self.logs.items()):
            if self.log_end(run_id, end):
                stored.append(run_id)
        return stored

    def log_end(self, run_id: str, end: EndEvent) -> bool:
        """Appends a run's end to its log, or keeps it for the next try; True once it is there
        (or its run was deleted meanwhile, or its log ends already: the worker's own end went in,
        and storing the run's status after it failed)."""
        try:
            if self.store.status(run_id) is None or self._log_ends(run_id):
                self.logs.pop(run_id, None)
                return True
            self.events.append(run_id, end)
        except (OSError, sqlite3.Error):
            self.logs[run_id] = end
            return False
        self.logs.pop(run_id, None)
        return True

    def _log_ends(self, run_id: str) -> bool:
        last = self.events.last_seq(run_id)
        return last > 0 and self.events.read(run_id, last - 1, 1)[0]["type"] == "end"
