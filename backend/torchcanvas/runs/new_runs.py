"""A new run: checked for every issue that would stop it, then given its folder and queued."""

import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.export.design_file import design_text
from torchcanvas.runs.errors import NoWorker, RunRejected
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.start_from import (
    fine_tuned_name,
    init_from_issues,
    record_init_match,
    start_match,
)
from torchcanvas.store.owners import OwnerStore, digest
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.check import check_run
from torchcanvas.training.data import find_dataset, unknown_dataset
from torchcanvas.training.data.reach import fetch_problem
from torchcanvas.training.data.storage import upload_exists
from torchcanvas.training.held_out import seen_by_its_start
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_dataset import keep_dataset
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.work import WorkLimits


class NewRuns:
    """Checks and queues new runs; RunService holds the queue's lock around `create`."""

    def __init__(
        self,
        store: RunStore,
        executor: Executor,
        data_dir: Path,
        limits: DesignLimits,
        work_limits: WorkLimits,
        folder: Callable[[str], RunFolder],
    ) -> None:
        self.store, self.executor, self.data_dir = store, executor, data_dir
        self.limits, self.work_limits, self.folder = limits, work_limits, folder

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
            frozen = training.frozen
            issues = init_from_issues(self.store, parent, design, training.init_from, owner, frozen)
        if not issues and fetchable and (why := fetch_problem(training.dataset, self.data_dir)):
            issues = [DesignIssue(field="training.dataset", message=why)]
        if issues:
            raise RunRejected(issues)

    def create(
        self,
        design: Design,
        training: TrainingSettings,
        owner: str | None,
        name: str | None,
        group: str | None,
    ) -> Run:
        """Checks and queues the run, under the queue's lock (RunService.create)."""
        if (problem := self.executor.unavailable()) is not None:
            raise NoWorker(problem)
        # Under the queue's locks: the download source was asked before them (a probe may wait).
        self.check(design, training, owner, fetchable=False)
        run_id = secrets.token_hex(8)
        folder = self.folder(run_id)
        folder.write_text(folder.design.name, design_text(design))
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

    def start_warnings(self, training: TrainingSettings) -> list[DesignIssue]:
        """What a new run's start warns of beyond its design: weights to start from that were
        trained on rows of its test set (training/held_out.py)."""
        start = self.store.get(training.init_from) if training.init_from else None
        return seen_by_its_start(training, start.training if start else None)

    def start_match(self, design: Design, parent_id: str, owner: str | None) -> InitMatch:
        """Which of a valid design's tensors run `parent_id`'s weights give (runs/start_from.py)."""
        return start_match(self.store, self.folder(parent_id), design, parent_id, owner)

    def _foreign_upload_issues(self, dataset: str, owner: str | None) -> list[DesignIssue]:
        """Another browser's upload is as unknown here as it is in the catalogue."""
        if owner is None or not upload_exists(self.data_dir, dataset):
            return []  # no upload of that id: the dataset check says so
        if UploadStore(self.store.db).visible(dataset, owner):
            return []
        return [DesignIssue(field="training.dataset", message=str(unknown_dataset(dataset)))]
