"""Train more as a new run: an ended run copied under a new id (its record, event log and files),
and the copy continued with more epochs, while the run itself keeps its model as it was.

As DIGITS keeps a model and trains a new one from it: a Continue replaces a run's weights and
exports in place, and a comparison made with it shows the changed run. The copy's record names
the run it came from (`based_on`) and where its history was copied (`copied_at`); its charts show
the whole history, as its log holds every event of the run's up to there.

Its files are hard links where the file system allows (they cost no disk until the copy writes
its own), else copies. That is safe as every file of a run's folder is written beside its name
and renamed into place (training/run_folder.py, export/formats.py), never written in place: a
new file takes the copy's name and leaves the run's alone. Its exports are not copied: they are
made again on the first download, as they name the run they were made for (a bundle's README).
"""

import os
import secrets
import shutil
from collections.abc import Callable

from torchcanvas.runs.continuation import continued_training
from torchcanvas.runs.continued_runs import ContinuedRuns
from torchcanvas.runs.control import not_a_range_test
from torchcanvas.runs.errors import EndNotStored, NoWorker
from torchcanvas.store.disk_use import folder_bytes
from torchcanvas.store.removal import forget_run
from torchcanvas.store.run_copy import copy_run_rows, event_bytes
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.training.run_folder import EXPORTS, RunFolder

# What the copy leaves out: exports (above), and what a writer stopped part-way left.
_NOT_COPIED = shutil.ignore_patterns(EXPORTS, "*.partial", ".tmp*")
MORE = " (more)"  # the copy's name: the run's, with this after it


def _link_or_copy(source: str, target: str) -> None:
    """A hard link to `source` at `target`; a copy where the file system has none (or refuses
    one: another device, too many links)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class RunCopies:
    """Copies ended runs and continues the copies; RunService holds the queue's lock."""

    def __init__(self, store: RunStore, continued: ContinuedRuns) -> None:
        self.store, self.continued = store, continued
        self.folder: Callable[[str], RunFolder] = continued.folder

    def copy_bytes(self, run_id: str) -> int:
        """What a copy of the run counts in its owner's disk quota, as any run's files do: its
        files (a hard link counts once for each run that has it) and its events."""
        folder = self.folder(run_id)
        files = max(0, folder_bytes(folder.path) - folder_bytes(folder.exports))
        return files + event_bytes(self.store.db, run_id)

    def copy_and_continue(self, run: Run, epochs: int | None, lr: float | None) -> Run:
        """Copies the ended `run` and queues the copy to train `epochs` more (or, without, to the
        epochs it planned), with `lr` from there on when given, as Continue queues a run
        (runs/continued_runs.py). Every check Continue makes is made on `run` first, so that a
        refusal names it and leaves no copy behind."""
        not_a_range_test(run, "continued")
        if self.continued.recorder.end_pending(run.id):
            raise EndNotStored(run.id)
        c = self.continued
        continued_training(
            run, self.folder(run.id), c.data_dir, epochs, c.limits, c.work_limits, lr
        )
        if (problem := c.executor.unavailable()) is not None:
            raise NoWorker(problem)
        copy_id = secrets.token_hex(8)
        target = self.folder(copy_id).path
        try:
            shutil.copytree(
                self.folder(run.id).path, target, ignore=_NOT_COPIED, copy_function=_link_or_copy
            )
            copy_run_rows(self.store.db, run.id, copy_id, _copy_name(run))
            copy = self.store.get(copy_id)
            assert copy is not None  # written just now, in the queue's lock
            c.queue(copy, epochs, lr)
        except BaseException:
            forget_run(self.store.db, copy_id)  # no half copy: the run is the owner's still
            shutil.rmtree(target, ignore_errors=True)
            raise
        return copy


def _copy_name(run: Run) -> str:
    """`<its name> (more)`, within a name's length (store/run_labels.py)."""
    name = (run.name or run.design.name or "run").strip()
    return f"{name[: 200 - len(MORE)]}{MORE}"
