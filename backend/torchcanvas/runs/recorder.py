"""The recorder: stores what a run's worker sends (events, files), updates the run, wakes viewers.

It is the executors' sink (runs/executor.py). When the data folder cannot take what a run sends
(a full disk, a damaged database), the run ends `failed` saying so and its worker is stopped, so
that no run is left `running` with nobody recording it; everything else keeps working.
"""

import logging
import sqlite3
import threading
import time
from collections.abc import Callable

from torchcanvas.runs.disk_watch import QuotaStops
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.hub import Hub
from torchcanvas.runs.pause_watch import PausedRuns
from torchcanvas.store.runs import ENDED, RunStore
from torchcanvas.training.checkpoint import keep_newest, read_position
from torchcanvas.training.events import (
    DownloadingEvent,
    EndEvent,
    EpochEvent,
    Metrics,
    PausedEvent,
    ResumedEvent,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.run_folder import RunFolder

log = logging.getLogger(__name__)
STOPPED = "The server stopped before this run finished."


def storage_failed_message(exc: BaseException) -> str:
    return (
        f"The server could not store this run's progress ({exc}): the disk of its data folder "
        "is probably full. Free some space, then press Continue to go on from its last checkpoint."
    )


class RunRecorder:
    """Records each run's events and files, in the order its executor delivers them."""

    def __init__(
        self,
        store: RunStore,
        events: EventLog,
        hub: Hub,
        executor: Executor,
        folder: Callable[[str], RunFolder],
    ) -> None:
        self.store, self.events, self.hub, self.executor = store, events, hub, executor
        self.folder = folder
        self.stopping = False  # while the server shuts down, a run's end says so
        self.paused = PausedRuns()  # which runs hold their worker idle, since when
        self.quota_stops = QuotaStops()  # which runs were stopped for their owner's disk quota
        self._lock = threading.Lock()

    def record(self, run_id: str, event: TrainingEvent) -> None:
        """Stores an event, updates the run, then wakes its viewers."""
        with self._lock:  # one event at a time: the check below and the append go together
            try:
                self._record(run_id, event)
                failed = False
            except (OSError, sqlite3.Error) as exc:
                failed = self._storage_failed(run_id, exc)
        if failed:  # outside the lock: cancelling a queued run records its end here
            self.executor.cancel(run_id)
        self.hub.notify(run_id)

    def store_file(self, run_id: str, name: str, data: bytes) -> None:
        """Writes a file a remote worker sent into the run's folder, as the worker wrote it."""
        run = self.store.get(run_id)
        if run is None or run.status in ENDED:
            return  # a late file of a deleted or ended run
        folder = self.folder(run_id)
        try:
            path = folder.write_bytes(name, data)
        except OSError as exc:
            with self._lock:
                self._storage_failed(run_id, exc)
            self.executor.cancel(run_id)
            self.hub.notify(run_id)
            return
        if RunFolder.is_checkpoint(name):
            keep_newest(folder, path)

    def _record(self, run_id: str, event: TrainingEvent) -> None:
        run = self.store.get(run_id)
        if run is None or run.status in ENDED:
            return  # a run ends once: what a stopping worker sends after that is dropped
        if isinstance(event, EndEvent):
            event = self._explained(run_id, event)
        self.events.append(run_id, event)
        if isinstance(event, StartedEvent):
            self.store.mark_started(run_id, event.device)
            # A watch's stop chosen as the run last ended (its worker took it, yet to say it
            # was done) made way for nobody: it must not refuse a Resume or explain a Stop now.
            self.paused.kept(run_id)
            self.quota_stops.kept(run_id)
        elif isinstance(event, DownloadingEvent | ResumedEvent):
            self.store.set_status(run_id, "running")
            self.paused.going(run_id)
        elif isinstance(event, PausedEvent):
            self.store.set_status(run_id, "paused")
            self.paused.paused(run_id, time.monotonic())
        elif isinstance(event, EpochEvent):
            self.store.set_metrics(run_id, Metrics.model_validate(event.model_dump()))
        elif isinstance(event, EndEvent):
            if event.metrics.step:  # a worker that died reports no metrics: keep the last
                self.store.set_metrics(run_id, event.metrics)
            failure = event.message if event.status == "failed" else None
            self.store.mark_ended(run_id, event.status, failure)
            self.paused.going(run_id)

    def _explained(self, run_id: str, event: EndEvent) -> EndEvent:
        """An interrupted run's end says what to do next; a stopping server's says it stopped;
        a run stopped to make way for waiting runs, or for its owner's disk quota, says so."""
        event = self.quota_stops.explain(run_id, self.paused.explain(run_id, event))
        if self.stopping:
            update = {"status": "failed", "interrupted": True, "message": STOPPED}
            event = event.model_copy(update=update)
        if not event.interrupted:
            return event
        has_checkpoint = read_position(self.folder(run_id)) is not None
        then = (
            "Press Continue to go on from its last checkpoint."
            if has_checkpoint
            else "Start it again."
        )
        return event.model_copy(update={"message": f"{event.message} {then}"})

    def _storage_failed(self, run_id: str, exc: BaseException) -> bool:
        """Ends the run `failed` with the reason (the caller holds the lock, then stops its
        worker); True once it has."""
        message = storage_failed_message(exc)
        log.error("run %s: %s", run_id, message)
        try:  # updating a row needs no new pages, so this usually works on a full disk
            self.store.mark_ended(run_id, "failed", message)
        except sqlite3.Error:
            log.exception("could not mark run %s as failed either", run_id)
        return True  # what its worker still sends is dropped: the run has ended
