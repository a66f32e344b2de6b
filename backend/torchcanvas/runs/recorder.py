"""The recorder: stores what a run's worker sends (events, files), updates the run, wakes viewers.

It is the executors' sink (runs/executor.py). When the data folder cannot take what a run sends
(a full disk, a damaged database), the run ends `failed` saying so and its worker is stopped, so
that no run is left `running` with nobody recording it; everything else keeps working. An end
the database cannot take either (it is on the full disk too) is kept (runs/kept_ends.py), and
stored as soon as it can be: before the next event, before its run is read, and every couple of
seconds.
"""

import logging
import sqlite3
import threading
import time
from collections.abc import Callable

from torchcanvas.runs.disk_watch import WatchStops
from torchcanvas.runs.epoch_ends import EpochEnds
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.hub import Hub
from torchcanvas.runs.kept_ends import KeptEnds, storage_failed_message
from torchcanvas.runs.parked import checkpoint_at_pause
from torchcanvas.runs.pause_watch import PausedRuns
from torchcanvas.runs.rates_waiting import RatesWaiting, untrained_rate_end
from torchcanvas.runs.steps import StepsAsked
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.going_on import GoingOn
from torchcanvas.store.runs import ENDED, UNFINISHED, Run, RunStore
from torchcanvas.training.checkpoint import keep_newest, read_position
from torchcanvas.training.events import (
    DownloadingEvent,
    EndEvent,
    EpochEvent,
    Metrics,
    PausedEvent,
    RateEvent,
    ResumedEvent,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.lr_change import LrChange
from torchcanvas.training.outcome import StoppedByUser
from torchcanvas.training.run_folder import RunFolder

# The events after which a run's status or epochs read otherwise (not its frames, 20 a second).
QUEUE_CHANGES = (StartedEvent, DownloadingEvent, ResumedEvent, PausedEvent, EpochEvent, EndEvent)

log = logging.getLogger(__name__)
KEPT_ENDS_EVERY = 2.0  # seconds between two tries to store the ends a full disk refused
STOPPED = "The server stopped before this run finished."
STOPPED_PAUSED = "The server stopped while this run was paused."
GOES_ON = "It goes on from its last checkpoint when the server starts again."  # runs/going_on.py


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
        self.going_on = GoingOn(store.db)  # runs the stop ended that go on at the next start
        self.paused = PausedRuns()  # which runs hold their worker idle, since when
        self.steps = StepsAsked()  # Steps of paused runs not yet trained
        self.rates = RatesWaiting()  # new rates sent to workers, not yet set
        self.watch_stops = WatchStops()  # runs stopped for their owner's quota or a full disk
        self.epoch_ends = EpochEnds()  # when each run last ended an epoch (runs/queue_wait.py)
        # Events recorded that change a run's status or epochs: the queue's worked-out waits
        # are worked out again after one (runs/queue_view.py).
        self.queue_changes = 0
        self._lock = threading.Lock()
        self.kept_ends = KeptEnds(store, events)  # ends a full disk refused, stored once it can

    def as_ended(self, run: Run) -> Run:
        """The run as it stands: ended, where its end is kept from a full database."""
        return self.kept_ends.as_ended(run)

    def end_pending(self, run_id: str) -> bool:
        """Whether the run's end waits for room on the disk, in its record or its log."""
        return self.kept_ends.pending(run_id)

    def store_kept_ends(self) -> None:
        """Stores the ends a full disk refused, where it now can; cheap when there are none."""
        if not self.kept_ends.records and not self.kept_ends.logs:
            return
        with self._lock:
            stored = self.kept_ends.store_all()
        for run_id in dict.fromkeys(stored):
            log.info("run %s: its end is stored now that the disk has space", run_id)
            self.hub.notify(run_id)

    def record(self, run_id: str, event: TrainingEvent) -> bool:
        """Stores an event, updates the run, then wakes its viewers; whether it was stored."""
        self.store_kept_ends()
        stored = False
        with self._lock:  # one event at a time: the check below and the append go together
            try:
                stored = self._record(run_id, event)
                failed = False
            except (OSError, sqlite3.Error) as exc:
                failed = self._storage_failed(run_id, exc)
            except DamagedRecord as damage:  # its record no longer reads: it cannot go on
                failed = self._damaged(run_id, damage)
        if failed:  # outside the lock: cancelling a queued run records its end here
            self.executor.cancel(run_id)
        self.hub.notify(run_id)
        return stored

    def _damaged(self, run_id: str, damage: DamagedRecord) -> bool:
        """Ends a run whose record no longer reads `failed` (the caller holds the lock, then
        stops its worker); True once it has, False for one ended already."""
        try:
            if self.store.status(run_id) not in UNFINISHED:
                return False
            # Once: what its stopping worker still sends finds it ended.
            self.store.mark_ended(run_id, "failed", str(damage))
        except sqlite3.Error as exc:  # and a disk that refuses it too: kept, as any such end
            return self._storage_failed(run_id, exc)
        return True

    def store_file(self, run_id: str, name: str, data: bytes) -> None:
        """Writes a file a remote worker sent into the run's folder, as the worker wrote it."""
        try:
            run = self.store.get(run_id)
        except DamagedRecord as damage:  # it cannot go on: ended here, and its worker stopped
            with self._lock:
                failed = self._damaged(run_id, damage)
            if failed:
                self.executor.cancel(run_id)
                self.hub.notify(run_id)
            return
        if run is None or run.status in ENDED or run_id in self.kept_ends.records:
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
        if RunFolder.is_checkpoint(name):  # those past the epochs stored here are kept
            keep_newest(folder, path, run.metrics.epoch)

    def _record(self, run_id: str, event: TrainingEvent) -> bool:
        run = self.store.get(run_id)
        if run is None or run.status in ENDED or run_id in self.kept_ends.records:
            return False  # a run ends once: what a stopping worker sends after that is dropped
        if isinstance(event, EndEvent):
            if self._parks(run_id, run, event):
                return False
            event = self._ending(run_id, run, event)
        self.events.append(run_id, event)
        self._apply(run_id, run, event)
        if isinstance(event, QUEUE_CHANGES):
            self.queue_changes += 1
        return True

    def _ending(self, run_id: str, run: Run, event: EndEvent) -> EndEvent:
        """The end as it is logged: why it ended, a rate it never set, and where it got to."""
        event = self._explained(run, event)
        # Its worker has written its last file, or is gone (killed, over its memory, a server
        # that died): what one stopped part-way left is no file of the run.
        for name in self.folder(run_id).remove_partials():
            log.warning("run %s: removed %s, which its worker left half-written", run_id, name)
        if (never_set := self.rates.forget(run_id)) is not None:  # asked as it ended
            event = event.model_copy(update={"rate_not_set": never_set})
        event = untrained_rate_end(self.store, self.events, run, event)
        if event.metrics.step or not run.metrics.step:
            return event
        # A worker that died, or a server that did, reports no numbers: the end says where the
        # run got to, as its page and "the N epochs left" read it there.
        event = event.model_copy(update={"metrics": run.metrics})
        if event.status == "cancelled" and event.message is None:  # stopped in the queue
            said = StoppedByUser(run.metrics.step).message  # as a worker's Stop says
            event = event.model_copy(update={"message": said})
            # A new rate it was to go on with never trained: not one of its changes.
            kept = [c for c in run.lr_changes if c.step < run.metrics.step]
            if kept != run.lr_changes:
                self.store.set_lr_changes(run_id, kept)
            # Nor the epochs it was to train to: it stands as its part before ended.
            starts = self.events.started(run_id)
            if starts and starts[-1].epochs != run.training.epochs:
                before = run.training.model_copy(update={"epochs": starts[-1].epochs})
                self.store.set_training(run_id, before)
        return event

    def _apply(self, run_id: str, run: Run, event: TrainingEvent) -> None:
        """What a logged event changes in the run's record and in the server's view of it."""
        if isinstance(event, StartedEvent):
            self.store.mark_started(run_id, event.device)
            # A watch's stop chosen as the run last ended (its worker took it, yet to say it
            # was done) made way for nobody: it must not refuse a Resume or explain a Stop now.
            self.paused.kept(run_id)
            self.watch_stops.kept(run_id)
            self.steps.forget(run_id)
            self.rates.forget(run_id)
        elif isinstance(event, DownloadingEvent | ResumedEvent):
            self.store.set_status(run_id, "running")
            self.paused.going(run_id)
            self.steps.forget(run_id)
        elif isinstance(event, PausedEvent):
            # Before its status: a Step asked once it reads `paused` is one still to train.
            self.steps.trained(run_id)
            self.store.set_status(run_id, "paused")
            self.paused.paused(run_id, time.monotonic())
        elif isinstance(event, RateEvent):
            # Where its owner set a new rate: one set at the same step (while paused) gives way.
            kept = [change for change in run.lr_changes if change.step < event.step]
            change = LrChange(epoch=event.epoch, step=event.step, lr=event.lr, live=True)
            self.store.set_lr_changes(run_id, [*kept, change])
            self.rates.set(run_id, event.lr)
        elif isinstance(event, EpochEvent):
            self.store.set_metrics(run_id, Metrics.model_validate(event.model_dump()))
            self.epoch_ends.ended(run_id)
        elif isinstance(event, EndEvent):
            if event.metrics.step:  # a worker that died reports no metrics: keep the last
                self.store.set_metrics(run_id, event.metrics)
            failure = event.message if event.status == "failed" else None
            self.store.mark_ended(run_id, event.status, failure)
            self.paused.going(run_id)
            self.steps.forget(run_id)
            self.epoch_ends.forget(run_id)

    def _parks(self, run_id: str, run: Run, end: EndEvent) -> bool:
        """Whether the end is a paused run's worker stopping with the server, with a checkpoint
        where the run paused: the run then stays paused, its record saying where it got to, and
        its log ends with its pause (runs/parked.py)."""
        if not (self.stopping and run.status == "paused"):
            return False
        if not checkpoint_at_pause(self.events, run_id, self.folder(run_id)):
            return False
        if end.metrics.step:
            self.store.set_metrics(run_id, end.metrics)
        self.paused.going(run_id)
        self.steps.forget(run_id)
        return True

    def _explained(self, run: Run, event: EndEvent) -> EndEvent:
        """An interrupted run's end says what to do next; a stopping server's says it stopped,
        and that the run goes on as the server starts again where it can (runs/going_on.py);
        a run stopped to make way for waiting runs, for its owner's disk quota or for a full
        disk says so. A run that ends on its own as the server stops (its last step trained, or
        its loss diverged) keeps that end: only the stop's own ends, a worker told to stop or one
        killed, say the server stopped."""
        run_id, paused = run.id, run.status == "paused"  # a paused run did not just stop
        event = self.watch_stops.explain(run_id, self.paused.explain(run_id, event))
        stopped = self.stopping and (event.status == "cancelled" or event.interrupted)
        if stopped:
            update = {
                "status": "failed",
                "interrupted": True,
                "message": STOPPED_PAUSED if paused else STOPPED,
            }
            event = event.model_copy(update=update)
        if not event.interrupted:
            return event
        if read_position(self.folder(run_id)) is None:
            then = "Start it again."
        elif stopped and not paused and run.training.range_test is None:
            then = GOES_ON
            self.going_on.mark(run_id)
        else:
            then = "Press Continue to go on from its last checkpoint."
        return event.model_copy(update={"message": f"{event.message} {then}"})

    def _storage_failed(self, run_id: str, exc: BaseException) -> bool:
        """Ends the run `failed` with the reason (the caller holds the lock, then stops its
        worker); True once it has. An end the database cannot take is kept, to be stored once
        it can (store_kept_ends): the run has ended all the same."""
        message = storage_failed_message(exc)
        log.error("run %s: %s", run_id, message)
        self.epoch_ends.forget(run_id)  # ended here: what its worker sends on is dropped
        self.queue_changes += 1
        ended_at = time.time()
        try:  # read for its last numbers, which its end event carries; a failing disk may refuse
            run = self.store.get(run_id)
        except (sqlite3.Error, DamagedRecord):
            run = None
        try:  # in WAL mode even an update needs new pages, which a full disk may refuse
            self.store.mark_ended(run_id, "failed", message, now=ended_at)
        except sqlite3.Error as again:
            log.warning(
                "run %s: its end cannot be stored either (%s); it is kept, and stored once the "
                "disk has space",
                run_id,
                again,
            )
            self.kept_ends.records.setdefault(run_id, ("failed", message, ended_at))
        if run is not None and run_id not in self.kept_ends.logs:  # viewers see it end
            end = EndEvent(status="failed", message=message, metrics=run.metrics, interrupted=True)
            self.kept_ends.log_end(run_id, end)
        return True  # what its worker still sends is dropped: the run has ended
