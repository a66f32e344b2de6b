"""The runs a server finds as it starts or stops: the begun ones fail, the waiting ones queue again
(and those its stop interrupted go on, runs/going_on.py)."""

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from torchcanvas.runs.executor import Executor
from torchcanvas.runs.parked import ParkedRuns
from torchcanvas.runs.recorder import STOPPED, STOPPED_PAUSED, RunRecorder
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.training.checkpoint import drop_checkpoints_past, read_position
from torchcanvas.training.events import EndEvent, Metrics
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import RunFolder

log = logging.getLogger(__name__)


def fail_unfinished(
    store: RunStore,
    recorder: RunRecorder,
    parked: ParkedRuns,
    folder: Callable[[str], RunFolder],
    died: bool = False,
) -> None:
    """Fails the runs a worker had begun; runs still queued wait for the next start. Left
    by a server that `died`, a run trained until its last file was written, not until now. A
    run whose record is damaged cannot train again, queued or not: it fails, and says why.
    No worker writes then (none has begun, or all have stopped): what a killed one left
    half-written goes, from the runs kept paused too, which record no end."""
    for run_id in store.unfinished():
        for name in folder(run_id).remove_partials():
            log.warning("run %s: removed %s, which its worker left half-written", run_id, name)
        try:
            run = store.get(run_id)
        except DamagedRecord as damage:
            with contextlib.suppress(sqlite3.Error):  # a full disk: it stays left out, unended
                store.mark_ended(run_id, "failed", str(damage))
            continue
        if run is not None and run.status == "queued":
            continue
        if run is not None and parked.keeps(run):
            continue  # paused still, for Resume
        if died and run is not None and run.training_since is not None:
            store.stop_clock(run_id, folder(run_id).last_written(run.training_since))
        if run is not None:  # its worker wrote them before this server stored their epochs
            for ahead in drop_checkpoints_past(folder(run_id), run.metrics.epoch):
                log.warning("run %s: %s was past its event log; dropped", run_id, ahead.name)
        recorder.record(
            run_id,
            EndEvent(
                status="failed",
                metrics=Metrics(),
                message=STOPPED_PAUSED if run is not None and run.status == "paused" else STOPPED,
                interrupted=True,
            ),
        )


def waiting_runs(store: RunStore) -> list[Run]:
    """The runs that were waiting when the server stopped, in their order (those that read:
    fail_unfinished has failed the damaged ones)."""
    return sorted(
        (run for run in store.all() if run.status == "queued"), key=lambda r: r.created_at
    )


def requeue(waiting: list[Run], executor: Executor, job_of: Callable[[Run], TrainingJob]) -> None:
    """Queues the `waiting` runs again, in their order."""
    for run in waiting:
        executor.submit(job_of(run))


def job_going_on(run: Run, folder: RunFolder, data_dir: Path, db: Database) -> TrainingJob:
    """The job of a run queued again: from its checkpoint if it has one, else from its
    start (a run that had not begun)."""
    resume = read_position(folder) is not None  # a continued run, not a new one
    return TrainingJob(
        run_id=run.id,
        design=run.design,
        training=run.training,
        folder=folder.path,
        data_dir=data_dir,
        resume=resume,
        lr_changes=run.lr_changes if resume else [],
        init_weights=not resume and folder.init_weights.is_file(),
        turn=OwnerStore(db).owner_hash(run.id),
    )
