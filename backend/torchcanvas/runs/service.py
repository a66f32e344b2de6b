"""The run service: creates runs, hands them to the executor, and records what they emit."""

import logging
import secrets
import shutil
import threading
from pathlib import Path

from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.design.validate import DEFAULT_LIMITS
from torchcanvas.runs.continuation import continued_training
from torchcanvas.runs.disk_watch import DiskWatch
from torchcanvas.runs.errors import (
    EndNotStored,
    NoWorker,
    RunConflict,
    RunEnded,
    RunNotFound,
    RunRejected,
    UploadInUse,
)
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.hub import Hub
from torchcanvas.runs.parked import STOPPED_PAUSED_STEP, ParkedRuns
from torchcanvas.runs.pause_watch import PauseWatch
from torchcanvas.runs.periodic import Periodic
from torchcanvas.runs.recorder import KEPT_ENDS_EVERY, STOPPED, STOPPED_PAUSED, RunRecorder
from torchcanvas.runs.start_from import (
    fine_tuned_name,
    init_from_issues,
    record_init_match,
    start_match,
    with_init_match,
)
from torchcanvas.store.disk_use import DiskUse
from torchcanvas.store.owners import OwnerStore, digest
from torchcanvas.store.removal import forget_run
from torchcanvas.store.runs import ENDED, Run, RunStore
from torchcanvas.store.transfers import TransferStore
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.check import check_run
from torchcanvas.training.checkpoint import drop_checkpoints_past, read_position
from torchcanvas.training.data import find_dataset, unknown_dataset
from torchcanvas.training.data.reach import fetch_problem
from torchcanvas.training.data.storage import (
    remove_dataset,
    upload_exists,
)
from torchcanvas.training.events import (
    EndEvent,
    Metrics,
)
from torchcanvas.training.held_out import seen_by_its_start
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_dataset import keep_dataset
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
    ) -> None:
        self.store, self.events, self.hub, self.executor = store, events, hub, executor
        self.data_dir = data_dir
        self._queueing = threading.Lock()  # runs queued, continued, and uploads deleted
        self.limits, self.work_limits = limits, work_limits
        self.recorder = RunRecorder(store, events, hub, executor, self.folder)
        # Runs kept paused across a restart, with no worker (runs/parked.py).
        self.parked = ParkedRuns(store, self.recorder, executor, self._queueing, self._job_going_on)
        # Only runs that wait for a worker count: one handed to a worker (still `queued` in
        # the database until it starts) waits for nobody's pause.
        self.pause_watch = PauseWatch(
            self.recorder.paused, executor.waiting, executor.cancel, max_pause_seconds
        )
        self.disk_watch = DiskWatch(
            DiskUse(store.db, data_dir / "runs"),
            self.recorder.watch_stops,
            executor.cancel,
            max_run_bytes_per_owner,
            data_dir=data_dir,
            min_free_bytes=min_free_bytes,
        )
        self._kept_ends = Periodic("kept-ends", KEPT_ENDS_EVERY, self.recorder.store_kept_ends)
        # What deleted runs held in the database goes back to the disk, at most once a tick
        # however many are deleted (store/db.py).
        self._reclaim = Periodic("reclaim", RECLAIM_EVERY, store.db.reclaim)

    def start(self) -> None:
        """Fails the runs that a previous server left unfinished, starts the executor, and warms
        the checks of a new run (training/warm.py)."""
        self._fail_unfinished(died=True)
        self.executor.start(self.recorder)
        self._requeue()
        self.pause_watch.start()
        self.disk_watch.start()
        self._kept_ends.start()
        self._reclaim.start()
        # While the workers warm up: the checks a new run goes through, paid for once here.
        check_run(WARM_DESIGN, WARM_TRAINING, self.data_dir, self.limits, self.work_limits)

    def stop(self) -> None:
        """Stops the executor (workers save a checkpoint as they stop), then fails what is left."""
        self.recorder.stopping = True
        self.pause_watch.stop()
        self.disk_watch.stop()
        self._kept_ends.stop()
        self._reclaim.stop()
        self.executor.shutdown()
        self._fail_unfinished()

    def _fail_unfinished(self, died: bool = False) -> None:
        """Fails the runs a worker had begun; runs still queued wait for the next start. Left
        by a server that `died`, a run trained until its last file was written, not until now."""
        for run_id in self.store.unfinished():
            run = self.store.get(run_id)
            if run is not None and run.status == "queued":
                continue
            if run is not None and self.parked.keeps(run):
                continue  # paused still, for Resume
            if died and run is not None and run.training_since is not None:
                self.store.stop_clock(run_id, self.folder(run_id).last_written(run.training_since))
            self.recorder.record(
                run_id,
                EndEvent(
                    status="failed",
                    metrics=Metrics(),
                    message=STOPPED_PAUSED
                    if run is not None and run.status == "paused"
                    else STOPPED,
                    interrupted=True,
                ),
            )

    def _requeue(self) -> None:
        """Queues again, in their order, the runs that were waiting when the server stopped."""
        waiting = sorted(
            (run for run in self.store.all() if run.status == "queued"), key=lambda r: r.created_at
        )
        for run in waiting:
            self.executor.submit(self._job_going_on(run))

    def _job_going_on(self, run: Run) -> TrainingJob:
        """The job of a run queued again: from its checkpoint if it has one, else from its
        start (a run that had not begun)."""
        folder = self.folder(run.id)
        resume = read_position(folder) is not None  # a continued run, not a new one
        return TrainingJob(
            run_id=run.id,
            design=run.design,
            training=run.training,
            folder=folder.path,
            data_dir=self.data_dir,
            resume=resume,
            lr_change=run.lr_changes[-1] if resume and run.lr_changes else None,
            init_weights=not resume and folder.init_weights.is_file(),
            turn=OwnerStore(self.store.db).owner_hash(run.id),
        )

    def worker_gone(self, run_id: str) -> bool:
        """Whether the run is kept paused across a restart, with no worker (runs/parked.py)."""
        return run_id in self.parked

    def with_queue_position(self, run: Run) -> Run:
        """The run, with its place in the executor's queue while it waits, or saying that no
        worker holds it while it is kept paused across a restart."""
        if run.id in self.parked and run.status == "paused":
            return run.model_copy(update={"worker_gone": True})
        if run.status != "queued":
            return run
        return run.model_copy(update={"queue_position": self.executor.queue_position(run.id)})

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
            return self._create(design, training, owner, name, group)

    def start_warnings(self, training: TrainingSettings) -> list[DesignIssue]:
        """What a new run's start warns of beyond its design: weights to start from that were
        trained on rows of its test set (training/held_out.py)."""
        start = self.store.get(training.init_from) if training.init_from else None
        return seen_by_its_start(training, start.training if start else None)

    def check(
        self,
        design: Design,
        training: TrainingSettings,
        owner: str | None = None,
        fetchable: bool = True,
    ) -> None:
        """RunRejected with every issue that would stop this run. `create` checks again under its
        lock, which a caller that checked first finds in the validation cache."""
        issues = self._foreign_upload_issues(training.dataset, owner)
        issues = issues or check_run(design, training, self.data_dir, self.limits, self.work_limits)
        if not issues and training.init_from is not None:
            parent = self.folder(training.init_from)
            issues = init_from_issues(self.store, parent, design, training.init_from, owner)
        if not issues and fetchable and (why := fetch_problem(training.dataset, self.data_dir)):
            issues = [DesignIssue(field="training.dataset", message=why)]
        if issues:
            raise RunRejected(issues)

    def _create(
        self,
        design: Design,
        training: TrainingSettings,
        owner: str | None,
        name: str | None,
        group: str | None,
    ) -> Run:
        if (problem := self.executor.unavailable()) is not None:
            raise NoWorker(problem)
        # Under the queue's locks: the download source was asked before them (a probe may wait).
        self.check(design, training, owner, fetchable=False)
        run_id = secrets.token_hex(8)
        folder = self.folder(run_id)
        folder.write_text(folder.design.name, design.model_dump_json(indent=2, exclude_none=True))
        # checked above; uploads wait
        dataset = find_dataset(training.dataset, self.data_dir, options=training.dataset_options)
        keep_dataset(folder, dataset)  # its classes and scaling outlive a deleted upload
        if training.init_from is not None:  # a copy: the parent may be deleted before this starts
            shutil.copyfile(self.folder(training.init_from).weights, folder.init_weights)
            record_init_match(folder, design, training.init_from)
            if not (name or "").strip():
                name = fine_tuned_name(self.store, design, training.init_from)
        run = self.store.create(run_id, design, training, dataset.title, name, group)
        if owner is not None:  # owned before it is queued, so its owner can always reach it
            OwnerStore(self.store.db).record(run_id, owner)
        self.executor.submit(
            TrainingJob(
                run_id=run_id,
                design=design,
                training=training,
                folder=folder.path,
                data_dir=self.data_dir,
                init_weights=training.init_from is not None,
                turn=digest(owner) if owner is not None else "",
            )
        )
        return run

    def start_match(self, design: Design, parent_id: str, owner: str | None) -> InitMatch:
        """Which of a valid design's tensors run `parent_id`'s weights give (runs/start_from.py)."""
        return start_match(self.store, self.folder(parent_id), design, parent_id, owner)

    def with_init_match(self, run: Run) -> Run:
        """The run, with what it copied from the run it started from (none for a fresh start)."""
        return with_init_match(run, self.folder(run.id))

    def cancel(self, run_id: str) -> None:
        run = self.get(run_id)
        if self.parked.stop(run):  # no worker held it: it ends where it paused
            return
        if run.status in ENDED or not self.executor.cancel(run_id):
            raise RunEnded(f"Run {run_id} has already ended ({run.status}).")

    def _foreign_upload_issues(self, dataset: str, owner: str | None) -> list[DesignIssue]:
        """Another browser's upload is as unknown here as it is in the catalogue."""
        if owner is None or not upload_exists(self.data_dir, dataset):
            return []  # no upload of that id: the dataset check says so
        if UploadStore(self.store.db).visible(dataset, owner):
            return []
        return [DesignIssue(field="training.dataset", message=str(unknown_dataset(dataset)))]

    def _runs_using(self, dataset: str) -> list[str]:
        """The runs not yet ended that train on this dataset."""
        return [
            run.id
            for run in self.store.all()
            if run.status not in ENDED and run.training.dataset == dataset
        ]

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

    def pause(self, run_id: str) -> None:
        """Holds a running run before its next step; its status turns `paused` when it has."""
        run = self.get(run_id)
        _not_a_range_test(run, "paused")
        if run.status in ENDED:
            raise RunEnded(f"Run {run_id} has already ended ({run.status}): continue it instead.")
        if run_id in self.parked:
            raise RunConflict(f"Run {run_id} is already paused: press Resume to go on.")
        if run.status == "queued" or not self.executor.pause(run_id):
            raise RunConflict(f"Run {run_id} is still queued: pause it once it is running.")

    def resume(self, run_id: str) -> None:
        """Lets a paused run go on."""
        run = self.get(run_id)
        if run.status in ENDED:
            raise RunEnded(f"Run {run_id} has already ended ({run.status}): continue it instead.")
        not_paused = RunConflict(
            f"Run {run_id} is queued, not paused: it starts when a worker is free."
        )
        if run.status == "queued":
            raise not_paused
        if run_id in self.parked:
            self.parked.wake(run)
            return
        with self.recorder.paused.resuming(run_id):  # the pause watch then leaves it
            if not self.executor.resume(run_id):
                raise not_paused
        self.recorder.steps.forget(run_id)  # it goes on: Steps not yet trained are part of it

    def step(self, run_id: str) -> None:
        """Trains one batch of a paused run, which then pauses again (runs/steps.py)."""
        run = self.get(run_id)
        _not_a_range_test(run, "stepped")
        if run.status in ENDED:
            raise RunEnded(
                f"Run {run_id} has already ended ({run.status}): there is no step to train. "
                "Continue it to train more."
            )
        not_paused = RunConflict(
            f"Run {run_id} is {run.status}, not paused: press Pause first, then Step trains "
            "one batch at a time."
        )
        if run.status != "paused":
            raise not_paused
        if run_id in self.parked:
            raise RunConflict(STOPPED_PAUSED_STEP)
        # As a Resume does: refused once the pause watch has chosen to stop it, and left alone
        # by the watch meanwhile; its next paused event starts its paused time again.
        with self.recorder.paused.resuming(run_id), self.recorder.steps.asking(run_id):
            if not self.executor.step(run_id):
                raise not_paused

    def continue_run(self, run_id: str, epochs: int | None, lr: float | None = None) -> Run:
        """Queues an ended run again, from its last checkpoint, on the same event log, with
        the settings of runs/continuation.py; with `lr`, a new learning rate from there on."""
        with self._queueing:
            return self._continue_run(run_id, epochs, lr)

    def delete(self, run_id: str) -> bool:
        """Deletes an ended run with its files, events and share links; False if another
        delete came first. In the queue's lock, as Continue is: a Continue at the same moment
        either queues the run first (and this refuses it) or finds it gone; neither sends a
        worker a deleted run, nor takes its checkpoint from under it."""
        with self._queueing:
            run = self.find(run_id)  # an end a full disk kept counts: the run has ended
            if run is None:
                return False
            if run.status not in ENDED:
                raise RunConflict(
                    f"Run {run_id} is still {run.status}: stop it first, then delete it."
                )
            if not forget_run(self.store.db, run_id):
                return False
        # Outside the lock: a large folder takes a while, and no Continue can find the run now.
        shutil.rmtree(self.folder(run_id).path, ignore_errors=True)
        return True

    def join_owners(self, from_owner: str, to_owner: str) -> None:
        """The runs and uploads of `from_owner` become `to_owner`'s (a transfer code was used),
        and its queued runs take their turns as `to_owner`'s."""
        with self._queueing:  # a run queued meanwhile is moved in both, or in neither
            TransferStore(self.store.db).join(from_owner, to_owner)
            self.executor.join_turns(digest(from_owner), digest(to_owner))

    def delete_upload(self, dataset_id: str) -> None:
        """Deletes an uploaded dataset; UploadInUse while runs not yet ended train on it."""
        with self._queueing:
            busy = self._runs_using(dataset_id)
            if busy:
                raise UploadInUse(busy)
            remove_dataset(self.data_dir, dataset_id)
            UploadStore(self.store.db).forget(dataset_id)
            self.executor.forget_dataset(f"datasets/{dataset_id}")

    def _continue_run(self, run_id: str, epochs: int | None, lr: float | None) -> Run:
        run = self.get(run_id)
        _not_a_range_test(run, "continued")
        if self.recorder.end_pending(run_id):
            raise EndNotStored(run_id)
        training, lr_changes = continued_training(
            run, self.folder(run_id), self.data_dir, epochs, self.limits, self.work_limits, lr
        )
        if (problem := self.executor.unavailable()) is not None:
            raise NoWorker(problem)  # as a new run is: queued now, it would only fail again
        # Only now that it may go on: a refused Continue of a running run deleted its files.
        for ahead in drop_checkpoints_past(self.folder(run_id), run.metrics.epoch):
            log.warning(
                "run %s: %s was past its event log; it goes on from the one before",
                run_id,
                ahead.name,
            )
        self.store.reopen(run_id, training, lr_changes if lr is not None else None)
        self.executor.submit(
            TrainingJob(
                run_id=run_id,
                design=run.design,
                training=training,
                folder=self.folder(run_id).path,
                data_dir=self.data_dir,
                resume=True,
                lr_change=lr_changes[-1] if lr_changes else None,
                turn=OwnerStore(self.store.db).owner_hash(run_id),
            )
        )
        return self.get(run_id)


def _not_a_range_test(run: Run, action: str) -> None:
    """A range test runs its 100 steps at once, from fresh weights: it has nothing to go on from."""
    if run.training.range_test is not None:
        raise RunConflict(
            f"Run {run.id} is a learning-rate range test: it cannot be {action}. "
            "Start a new one with Find a learning rate."
        )
