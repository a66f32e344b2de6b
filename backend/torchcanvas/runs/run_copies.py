"""Train more as a new run: an ended run copied under a new id (its record, event log and files),
and the copy continued with more epochs, while the run itself keeps its model as it was.

As DIGITS keeps a model and trains a new one from it: a Continue replaces a run's weights and
exports in place, and a comparison made with it shows the changed run. The copy's record names
the run it came from (`based_on`) and where its history was copied (`copied_at`); its charts show
the whole history, as its log holds every event of the run's up to there.

Its files are hard links where the file system allows (they cost no disk until the copy writes
its own), else copies (store/folder_copy.py). That is safe as every file of a run's folder is
written beside its name and renamed into place (training/run_folder.py, export/formats.py), never
written in place: a new file takes the copy's name and leaves the run's alone. Its exports are not
copied: they are made again on the first download, as they name the run they were made for (a
bundle's README).

The files are staged first, outside the queue's lock: where the file system has no hard links a
large run's files take a while to copy, and every Train and Continue of every user waited on the
lock meanwhile. In the lock, the run is checked again (still there, not continued since) and the
copy's rows are written and it is queued; a copy refused or failed on the way leaves nothing.
"""

import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from torchcanvas.runs.continuation import continued_training
from torchcanvas.runs.continued_runs import ContinuedRuns
from torchcanvas.runs.control import not_a_range_test
from torchcanvas.runs.errors import CopiedRunChanged, CopiedRunGone, EndNotStored, NoWorker
from torchcanvas.store.disk_use import folder_bytes
from torchcanvas.store.folder_copy import STAGED, NoRoom, SpaceClaims, copy_folder
from torchcanvas.store.free_space import disk_full_message, free_bytes
from torchcanvas.store.run_copy import copy_run_rows, event_bytes, forget_copy_rows, last_seq
from torchcanvas.store.runs import ENDED, Run, RunStore
from torchcanvas.training.run_folder import EXPORTS, RunFolder

# What the copy leaves out: exports (above), and what a writer stopped part-way left.
_NOT_COPIED = (EXPORTS, "*.partial", ".tmp*")
MORE = " (more)"  # the copy's name: the run's, with this after it
# Why a copy takes the disk (a hard link takes none), and what to do instead where it cannot.
_NO_LINKS = " (its file system cannot share a run's files by hard links)"
_INSTEAD = "train more on the run itself, which replaces its model"


@dataclass
class StagedCopy:
    """A copy's files, staged outside the queue's lock, and the run as it was when they were."""

    run_id: str
    copy_id: str
    folder: Path  # runs/.staged-<copy id> until queued, then the copy's own folder
    last_seq: int  # the run's log ended here before its files were copied
    finished_at: float | None
    queued: bool = False


class RunCopies:
    """Copies ended runs and continues the copies; RunService holds the queue's lock around
    `queue`, never around `staged`."""

    def __init__(self, store: RunStore, continued: ContinuedRuns) -> None:
        self.store, self.continued = store, continued
        self.folder: Callable[[str], RunFolder] = continued.folder
        self.claims = SpaceClaims(continued.data_dir)  # the disk copies and uploads under way take

    def copy_bytes(self, run_id: str) -> int:
        """What a copy of the run counts in its owner's disk quota: its files and its events,
        as any run's do.

        Its files count whole though hard links share them with the run (they take the disk
        once): the quota counts what each run holds, on purpose. The disk watch stops training
        runs by that same measure (runs/disk_watch.py), so a copy let in on what it adds alone
        would be stopped at its first look; the sharing ends as the copy trains (its checkpoints
        and weights are its own) or when the run is deleted; and folder sizes are remembered by
        their folders' stamps (store/disk_use.py), which a link made or dropped in another
        folder does not move. So a copy counts the same on every file system, as the run its
        owner sees in the list."""
        folder = self.folder(run_id)
        files = max(0, folder_bytes(folder.path) - folder_bytes(folder.exports))
        return files + event_bytes(self.store.db, run_id)

    @contextmanager
    def staged(
        self, run: Run, epochs: int | None, lr: float | None, keep_free: int
    ) -> Iterator[StagedCopy]:
        """Checks the ended `run` as Continue would, so that a refusal names it, then stages a
        copy of its files, whose copied bytes leave `keep_free` bytes of the disk free (NoRoom
        where they would not); removes them on the way out unless `queue` queued the copy."""
        self._check(run, epochs, lr)
        copy_id = secrets.token_hex(8)
        staging = self.folder(copy_id).path.with_name(f"{STAGED}{copy_id}")
        # The log's end is read before the files: a change after it shows in `queue`'s check.
        staged = StagedCopy(
            run.id, copy_id, staging, last_seq(self.store.db, run.id), run.finished_at
        )
        what = f"a copy of run {run.id}"
        try:
            copy_folder(
                self.folder(run.id).path,
                staging,
                _NOT_COPIED,
                lambda size: self.claims.claim(size, keep_free, what, _NO_LINKS, _INSTEAD),
            )
            yield staged
        finally:
            if not staged.queued:
                shutil.rmtree(staged.folder, ignore_errors=True)

    def queue(
        self, staged: StagedCopy, epochs: int | None, lr: float | None, keep_free: int
    ) -> Run:
        """Queues the staged copy to train `epochs` more (or, without, to the epochs its run
        planned), with `lr` from there on when given, as Continue queues a run
        (runs/continued_runs.py). In the queue's lock: the run is checked to be there still,
        ended as it was staged (a Continue and a delete take the lock too), and the disk to
        keep `keep_free` bytes free, before the copy's rows are written."""
        run = self.store.get(staged.run_id)
        if run is None:
            raise CopiedRunGone(staged.run_id)
        if run.status not in ENDED or run.finished_at != staged.finished_at:
            raise CopiedRunChanged(run.id, run.status)
        free = free_bytes(self.continued.data_dir)
        if free < keep_free:
            raise NoRoom(disk_full_message(free, keep_free, f"a copy of run {run.id}"))
        folder = self.folder(staged.copy_id).path
        staged.folder = staged.folder.rename(folder)
        try:
            if not copy_run_rows(
                self.store.db, run.id, staged.copy_id, _copy_name(run), staged.last_seq
            ):
                raise CopiedRunChanged(run.id, run.status)  # its log went on after all
            copy = self.store.get(staged.copy_id)
            assert copy is not None  # written just now, in the queue's lock
            self.continued.queue(copy, epochs, lr)
        except BaseException:
            forget_copy_rows(self.store.db, staged.copy_id)  # no half copy, and no tombstone
            raise
        staged.queued = True
        return copy

    def _check(self, run: Run, epochs: int | None, lr: float | None) -> None:
        """Every check Continue makes, made on `run` before anything is copied."""
        not_a_range_test(run, "continued")
        if self.continued.recorder.end_pending(run.id):
            raise EndNotStored(run.id)
        c = self.continued
        continued_training(
            run, self.folder(run.id), c.data_dir, epochs, c.limits, c.work_limits, lr
        )
        if (problem := c.executor.unavailable()) is not None:
            raise NoWorker(problem)


def _copy_name(run: Run) -> str:
    """`<its name> (more)`, within a name's length (store/run_labels.py)."""
    name = (run.name or run.design.name or "run").strip()
    return f"{name[: 200 - len(MORE)]}{MORE}"
