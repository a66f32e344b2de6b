"""The run service: creates runs, hands them to the executor, and records what they emit."""

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.design.validate import DEFAULT_LIMITS
from torchcanvas.runs.continued_runs import ContinuedRuns
from torchcanvas.runs.control import RunControl
from torchcanvas.runs.disk_watch import DiskWatch
from torchcanvas.runs.errors import RunConflict, RunNotFound, UploadInUse
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.going_on import go_on
from torchcanvas.runs.hub import Hub
from torchcanvas.runs.last_ends import store_last_ends
from torchcanvas.runs.new_runs import NewRuns
from torchcanvas.runs.parked import ParkedRuns
from torchcanvas.runs.pause_watch import PauseWatch
from torchcanvas.runs.periodic import Periodic
from torchcanvas.runs.queue_view import QueueView
from torchcanvas.runs.recorder import KEPT_ENDS_EVERY, RunRecorder
from torchcanvas.runs.restart import fail_unfinished, job_going_on, requeue, waiting_runs
from torchcanvas.runs.run_copies import RunCopies, StagedCopy
from torchcanvas.runs.run_removal import RunRemoval
from torchcanvas.runs.start_from import with_init_match
from torchcanvas.store.disk_use import DiskUse
from torchcanvas.store.folder_copy import sweep_staged
from torchcanvas.store.owners import digest
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.store.transfers import TransferStore
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.check import check_run
from torchcanvas.training.data.storage import DatasetRecord, remove_dataset
from torchcanvas.training.data.upload_title import retitle
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.warm import WARM_DESIGN, WARM_TRAINING
from torchcanvas.training.work import DEFAULT_WORK_LIMITS, WorkLimits

log = logging.getLogger(__name__)
RECLAIM_EVERY = 10.0  # seconds between two looks for space that deleted runs freed


class RunService:
    """Everything that happens to runs, independent of HTTP."""

    def __init__(
        self,
        store: RunStore,
        events: EventLog,
        hub: Hub,
        executor: Executor,
        data_dir: Path,
        limits: DesignLimits = DEFAULT_LIMITS,
        max_pause_seconds: float = 600.0,
        max_run_bytes_per_owner: int = 20 * 2**30,
        work_limits: WorkLimits = DEFAULT_WORK_LIMITS,
        min_free_bytes: int = 0,
        pause_seconds_when_waited: float = 120.0,
    ) -> None:
        self.store, self.events, self.hub, self.executor = store, events, hub, executor
        self.data_dir = data_dir
        self._queueing = threading.Lock()  # runs queued, continued, and uploads deleted
        self.limits, self.work_limits = limits, work_limits
        self.recorder = RunRecorder(store, events, hub, executor, self.folder)
        # Runs kept paused across a restart, with no worker (runs/parked.py).
        self.parked = ParkedRuns(store, self.recorder, executor, self._queueing, self._job_going_on)
        self.new_runs = NewRuns(store, executor, data_dir, limits, work_limits, self.folder)
        self.control = RunControl(executor, self.recorder, self.parked)
        # Only runs that wait for a worker count: one handed to a worker (still `queued` in
        # the database until it starts) waits for nobody's pause.
        self.pause_watch = PauseWatch(
            self.recorder.paused,
            executor.waiting,
            executor.cancel,
            max_pause_seconds,
            pause_seconds_when_waited,
        )
        self.disk_watch = DiskWatch(
            # Unbounded: its looks hold only the watched owners' runs (of_owners' keep_only),
            # each look all of them in one order, which a bound below them would read anew each.
            DiskUse(store.db, data_dir / "runs", most=None),
            self.recorder.watch_stops,
            executor.cancel,
            max_run_bytes_per_owner,
            data_dir=data_dir,
            min_free_bytes=min_free_bytes,
        )
        self.queue_view = QueueView(
            store.db,
            executor,
            self.pause_watch,
            self.parked,
            self.recorder.epoch_ends,
            lambda: self.recorder.queue_changes,
        )
        self.continued_runs = ContinuedRuns(
            store, executor, self.recorder, data_dir, limits, work_limits, self.folder
        )
        self.run_copies = RunCopies(store, self.continued_runs)  # Train more as a new run
        self.removal = RunRemoval(
            store, executor, self.recorder, self.control, self.folder, self.find, self._queueing
        )
        self._kept_ends = Periodic("kept-ends", KEPT_ENDS_EVERY, self.recorder.store_kept_ends)
        # What deleted runs held in the database goes back to the disk, at most once a tick
        # however many are deleted (store/db.py).
        self._reclaim = Periodic("reclaim", RECLAIM_EVERY, store.db.reclaim)

    def start(self) -> None:
        """Fails the runs that a previous server left unfinished (and removes the copies of runs
        it left staged), starts the executor, queues again the runs that its stop interrupted
        and those that waited, and warms the checks of a new run (training/warm.py)."""
        fail_unfinished(self.store, self.recorder, self.parked, self.folder, died=True)
        for name in sweep_staged(self.data_dir / "runs"):
            log.warning("Removed runs/%s, a copy of a run a stopped server left unqueued.", name)
        self.executor.start(self.recorder)
        waiting = waiting_runs(self.store)  # before the runs that go on are queued too
        # First the runs that were training when the server stopped (runs/going_on.py).
        going_on = self.recorder.going_on.take()
        go_on(going_on, self.store, self.events, self.continued_runs, self._queueing)
        requeue(waiting, self.executor, self._job_going_on)
        self.pause_watch.start()
        self.disk_watch.start()
        self._kept_ends.start()
        self._reclaim.start()
        # While the workers warm up: the checks a new run goes through, paid for once here.
        check_run(WARM_DESIGN, WARM_TRAINING, self.data_dir, self.limits, self.work_limits)

    def stop(self) -> None:
        """Stops the executor (workers save a checkpoint as they stop), then fails what is left;
        the runs whose end says they go on are marked to, at the next start (runs/going_on.py)."""
        self.recorder.stopping = True
        self.pause_watch.stop()
        self.disk_watch.stop()
        self._kept_ends.stop()
        self._reclaim.stop()
        self.executor.shutdown()
        fail_unfinished(self.store, self.recorder, self.parked, self.folder)
        store_last_ends(self.recorder, self.data_dir)  # those a full disk refused

    def _job_going_on(self, run: Run) -> TrainingJob:
        """The job of a run queued again (runs/restart.py)."""
        return job_going_on(run, self.folder(run.id), self.data_dir, self.store.db)

    def worker_gone(self, run_id: str) -> bool:
        """Whether the run is kept paused across a restart, with no worker (runs/parked.py)."""
        return run_id in self.parked

    def with_queue_position(self, run: Run) -> Run:
        """The run, with where it stands in the queue or its pause (runs/queue_view.py)."""
        return self.queue_view.with_queue_position(run)

    def with_queue_positions(self, runs: list[Run]) -> list[Run]:
        """`with_queue_position` of each run, the queue worked out once for them all."""
        return self.queue_view.with_queue_positions(runs)

    def folder(self, run_id: str) -> RunFolder:
        """The folder of the run's files in the data folder."""
        return RunFolder(self.data_dir / "runs" / run_id)

    def create(
        self,
        design: Design,
        training: TrainingSettings,
        owner: str | None = None,
        name: str | None = None,
        group: str | None = None,
    ) -> Run:
        """Checks and queues a run owned by `owner`, whose runs `training.init_from` may name,
        with its `name` and its `group` (Run.group) when given."""
        with self._queueing:  # no upload goes between the check and the queue
            return self.new_runs.create(design, training, owner, name, group)

    def start_warnings(self, training: TrainingSettings) -> list[DesignIssue]:
        """What a new run's start warns of beyond its design (runs/new_runs.py)."""
        return self.new_runs.start_warnings(training)

    def check(
        self,
        design: Design,
        training: TrainingSettings,
        owner: str | None = None,
        fetchable: bool = True,
    ) -> None:
        """RunRejected with every issue that would stop this run (runs/new_runs.py)."""
        self.new_runs.check(design, training, owner, fetchable)

    def start_match(self, design: Design, parent_id: str, owner: str | None) -> InitMatch:
        """Which of a valid design's tensors run `parent_id`'s weights give (runs/start_from.py)."""
        return self.new_runs.start_match(design, parent_id, owner)

    def with_init_match(self, run: Run) -> Run:
        """The run, with what it copied from the run it started from (none for a fresh start)."""
        return with_init_match(run, self.folder(run.id))

    def get(self, run_id: str) -> Run:
        """The run of that id; RunNotFound if there is none. An end a full disk kept from the
        database is stored first where it now can be, so that the run reads as ended."""
        run = self.find(run_id)
        if run is None:
            raise RunNotFound(run_id)
        return run

    def as_they_stand(self, runs: list[Run]) -> list[Run]:
        """Runs read from the store, each as `find` gives it."""
        return [self.recorder.as_ended(run) for run in runs]

    def find(self, run_id: str) -> Run | None:
        """The run of that id as it stands, or None. An end a full disk kept from the database
        is stored first where it now can be, and otherwise shown, so that the run reads as
        ended either way."""
        self.recorder.store_kept_ends()
        run = self.store.get(run_id)
        return None if run is None else self.recorder.as_ended(run)

    def cancel(self, run_id: str) -> None:
        """Stops a run (runs/control.py)."""
        self.control.cancel(self.get(run_id))

    def cancel_for(self, run_id: str, why: str) -> None:
        """Stops a run for someone who is not its owner (the server's admin): its end says
        `why`, so that its owner does not read the Stop as their own."""
        stops = self.recorder.watch_stops
        stops.stopping(run_id, why)
        try:
            self.cancel(run_id)
        except BaseException:
            stops.kept(run_id)  # it had ended, or is no more: its end says nothing of this
            raise

    def put_first(self, run_id: str) -> None:
        """Has a queued run start next, before every owner's turn (the server's admin: a demo
        while the class's runs fill the queue); RunConflict (409) where it does not wait."""
        run = self.get(run_id)
        if self.executor.put_first(run_id):
            return
        if run.status == "queued":  # handed to a worker, which has yet to say it started
            raise RunConflict(
                f"Run {run_id} is starting on a worker already: nothing is ahead of it."
            )
        raise RunConflict(
            f"Run {run_id} is {run.status}, not waiting in the queue: only a queued run can start next."
        )

    def pause(self, run_id: str) -> None:
        """Holds a running run before its next step; its status turns `paused` when it has."""
        self.control.pause(self.get(run_id))

    def resume(self, run_id: str) -> None:
        """Lets a paused run go on."""
        self.control.resume(self.get(run_id))

    def step(self, run_id: str) -> None:
        """Trains one batch of a paused run, which then pauses again (runs/steps.py)."""
        self.control.step(self.get(run_id))

    def set_rate(self, run_id: str, lr: float) -> None:
        """Trains a running or paused run with the learning rate `lr` from its next step."""
        self.control.set_rate(self.get(run_id), lr)

    def continue_run(self, run_id: str, epochs: int | None, lr: float | None = None) -> Run:
        """Queues an ended run again, from its last checkpoint, on the same event log, with
        the settings of runs/continuation.py; with `lr`, a new learning rate from there on."""
        with self._queueing:
            self.continued_runs.queue(self.get(run_id), epochs, lr)
            return self.get(run_id)

    def staged_copy(
        self, run_id: str, epochs: int | None, lr: float | None, keep_free: int
    ) -> AbstractContextManager[StagedCopy]:
        """The files of a copy of an ended run, staged outside the queue's lock, to queue with
        `queue_copy`; removed on leaving unless queued (runs/run_copies.py)."""
        return self.run_copies.staged(self.get(run_id), epochs, lr, keep_free)

    def queue_copy(
        self, staged: StagedCopy, epochs: int | None, lr: float | None, keep_free: int
    ) -> Run:
        """Queues a staged copy to go on, the run it came from kept as it was."""
        with self._queueing:
            copy = self.run_copies.queue(staged, epochs, lr, keep_free)
            return self.get(copy.id)

    def delete(self, run_id: str, only_if: Callable[[], bool] | None = None) -> bool:
        """Deletes an ended run with its files, events and share links (runs/run_removal.py);
        False if another delete came first, or `only_if`, asked in the queue's lock, says no."""
        return self.removal.delete(run_id, only_if)

    def join_owners(self, from_owner: str, to_owner: str) -> None:
        """The runs and uploads of `from_owner` become `to_owner`'s (a transfer code was used),
        and its queued runs take their turns as `to_owner`'s."""
        with self._queueing:  # a run queued meanwhile is moved in both, or in neither
            TransferStore(self.store.db).join(from_owner, to_owner)
            self.executor.join_turns(digest(from_owner), digest(to_owner))

    def delete_upload(self, dataset_id: str, only_if: Callable[[], bool] | None = None) -> bool:
        """Deletes an uploaded dataset; UploadInUse while runs not yet ended train on it; False
        where `only_if`, asked in the queue's lock (a transfer of owners holds it), says no."""
        with self._queueing:
            if only_if is not None and not only_if():
                return False
            busy = self.store.unended_on(dataset_id)
            if busy:
                raise UploadInUse(busy)
            # Its row first: on a full disk that write may fail, and the delete is answered again
            # (api/freeing.py), which must still find the files to remove.
            UploadStore(self.store.db).forget(dataset_id)
            remove_dataset(self.data_dir, dataset_id)
            self.executor.forget_dataset(f"datasets/{dataset_id}")
            return True

    def retitle_upload(self, dataset_id: str, title: str) -> DatasetRecord | None:
        """Renames an upload (training/data/upload_title.py), in the queue's lock: a delete at
        the same moment removes it before or after, never leaves its new meta.json alone (which
        the next start took back as an upload with no data); None where it is gone."""
        with self._queueing:
            return retitle(self.data_dir, dataset_id, title)
