"""An ended run queued again (Continue): its settings checked, checkpoints past its event log
dropped, and its job handed to the executor."""

import logging
from collections.abc import Callable
from pathlib import Path

from torchcanvas.design.limits import DesignLimits
from torchcanvas.runs.continuation import continued_training
from torchcanvas.runs.control import not_a_range_test
from torchcanvas.runs.errors import EndNotStored, NoWorker
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.recorder import RunRecorder
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.training.checkpoint import drop_checkpoints_past
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.work import WorkLimits

log = logging.getLogger(__name__)


class ContinuedRuns:
    """Queues ended runs again; RunService holds the queue's lock around `queue`."""

    def __init__(
        self,
        store: RunStore,
        executor: Executor,
        recorder: RunRecorder,
        data_dir: Path,
        limits: DesignLimits,
        work_limits: WorkLimits,
        folder: Callable[[str], RunFolder],
    ) -> None:
        self.store, self.executor, self.recorder = store, executor, recorder
        self.data_dir, self.folder = data_dir, folder
        self.limits, self.work_limits = limits, work_limits

    def queue(
        self, run: Run, epochs: int | None, lr: float | None, waits_for_worker: bool = False
    ) -> None:
        """Queues the ended `run` from its last checkpoint, on the same event log, with the
        settings of runs/continuation.py; with `lr`, a new learning rate from there on. It is
        refused while nothing can train, unless it `waits_for_worker` as the runs queued before
        a restart do (runs/going_on.py)."""
        run_id = run.id
        not_a_range_test(run, "continued")
        if self.recorder.end_pending(run_id):
            raise EndNotStored(run_id)
        training, lr_changes = continued_training(
            run, self.folder(run_id), self.data_dir, epochs, self.limits, self.work_limits, lr
        )
        if not waits_for_worker and (problem := self.executor.unavailable()) is not None:
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
                lr_changes=lr_changes,
                turn=OwnerStore(self.store.db).owner_hash(run_id),
            )
        )
