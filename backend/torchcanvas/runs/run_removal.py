"""Deleting a run: its record, events, share links and files, once it has ended."""

import shutil
import threading
from collections.abc import Callable

from torchcanvas.export.trained import MODELS
from torchcanvas.runs.control import RunControl
from torchcanvas.runs.errors import RunConflict
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.recorder import RunRecorder
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.removal import forget_run
from torchcanvas.store.runs import UNFINISHED, Run, RunStore
from torchcanvas.training.run_folder import RunFolder


class RunRemoval:
    """Deletes ended runs, in the queue's lock (`queueing`, RunService's); `find` reads a run as
    it stands (an end a full disk kept counts)."""

    def __init__(
        self,
        store: RunStore,
        executor: Executor,
        recorder: RunRecorder,
        control: RunControl,
        folder: Callable[[str], RunFolder],
        find: Callable[[str], Run | None],
        queueing: threading.Lock,
    ) -> None:
        self.store, self.executor, self.recorder, self.control = store, executor, recorder, control
        self.folder, self.find, self.queueing = folder, find, queueing

    def delete(self, run_id: str, only_if: Callable[[], bool] | None = None) -> bool:
        """Deletes an ended run with its files, events and share links; False if another
        delete came first, or `only_if`, asked in the lock, says no. In the queue's lock, as
        Continue is: a Continue at the same moment either queues the run first (and this
        refuses it) or finds it gone; neither sends a worker a deleted run, nor takes its
        checkpoint from under it. A run whose record is damaged, which Stop cannot read, is
        stopped here first."""
        with self.queueing:
            if only_if is not None and not only_if():
                return False
            try:
                run = self.find(run_id)  # an end a full disk kept counts: the run has ended
                status: str | None = None if run is None else run.status
                stop = "stop it first, then delete it"
            except DamagedRecord:  # deleting it is what its owner can do with it
                status = self._stop_damaged(run_id)
                stop = "its worker is stopping it, as its record is damaged: delete it again soon"
            if status is None:
                return False
            if status in UNFINISHED:
                raise RunConflict(f"Run {run_id} is still {status}: {stop}.")
            if not forget_run(self.store.db, run_id):
                return False
            # An end a full disk kept never reached the recorder's forget (runs/recorder.py).
            self.recorder.epoch_ends.forget(run_id)
            self.control.forget(run_id)  # its count of new rates: a deleted run gets none
        # Outside the lock: a large folder takes a while, and no Continue can find the run now.
        folder = self.folder(run_id).path
        shutil.rmtree(folder, ignore_errors=True)
        MODELS.forget(folder)  # after: a request that found the run could load it until then
        return True

    def _stop_damaged(self, run_id: str) -> str | None:
        """Stops a run whose record is damaged (it cannot be cancelled: that reads it), and
        returns its status after. Queued, or paused with no worker, it ends at once; a worker
        that holds it is told to stop, and its end marks it failed (runs/recorder.py)."""
        status = self.store.status(run_id)
        if status in UNFINISHED and not self.executor.cancel(run_id):
            self.store.mark_ended(run_id, "failed", "Its record in the database is damaged.")
        return self.store.status(run_id)
