"""Run records: what was trained, with which settings, and how it is going."""

import json
import time
from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.design.schema import Design
from torchcanvas.store.damaged import readable, record_of
from torchcanvas.store.db import Database
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.training.events import Metrics
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.lr_change import LR_CHANGE_RULE, LrChange
from torchcanvas.training.settings import TrainingSettings

RunStatus = Literal["queued", "running", "paused", "succeeded", "failed", "cancelled"]
ENDED: set[str] = {"succeeded", "failed", "cancelled"}
UNFINISHED: set[str] = {"queued", "running", "paused"}


class PausedAhead(BaseModel):
    """A paused run holding a worker that a queued run waits for."""

    id: str | None = Field(description="Its id; null for another owner's run.")
    name: str | None = Field(description="Its name, or its design's; null for another owner's.")
    ends_at: float | None = Field(
        default=None,
        description="When its pause ends at the latest (unix seconds): it is then stopped to "
        "make way, unless its owner resumes or stops it first.",
    )


class Run(BaseModel):
    """A training run and its latest state."""

    id: str
    status: RunStatus
    created_at: float
    started_at: float | None
    finished_at: float | None
    design: Design
    training: TrainingSettings
    metrics: Metrics
    error: str | None
    device: str | None
    queue_position: int | None = Field(
        default=None, description="While queued: its place in the queue, from 1."
    )
    paused_ahead: list["PausedAhead"] = Field(
        default_factory=list,
        description="While queued: the paused runs that hold a worker (a paused run keeps its "
        "worker until resumed, stopped, or its pause ends), soonest end first: its owner's with "
        "their id and name, others' without.",
    )
    queue_wait_seconds: float | None = Field(
        default=None,
        description="While queued: about how many seconds until a worker takes it, from the "
        "epochs the runs ahead of it have left and the time per epoch each has taken so far "
        "(runs/queue_wait.py); null while none of them has trained an epoch (unknown yet), "
        "and while not queued.",
    )
    pause_ends_at: float | None = Field(
        default=None,
        description="While paused and other runs wait for a worker: when its pause ends (unix "
        "seconds), the run then stopped where it stands to make way unless resumed first.",
    )
    runs_waiting: int | None = Field(
        default=None, description="While paused: how many runs wait for a worker."
    )
    worker_gone: bool = Field(
        default=False,
        description="Paused when the server stopped, and still paused: no worker holds it, so "
        "Step waits for Resume, which queues it to go on from the step it paused before.",
    )
    name: str | None = Field(
        default=None,
        description="The name its owner gave it; null shows the design's name. A run started "
        "from another's weights (init_from) with none, and its design's name unchanged, is named "
        "after that run: `digits-cnn (fine-tuned)`.",
    )
    note: str | None = Field(default=None, description="Its owner's note on it.")
    group: str | None = Field(
        default=None,
        description="A label shared by the runs started together (one run per value of a "
        "sweep); GET /api/runs?group= lists them. Null for a run started alone.",
    )
    dataset_title: str | None = Field(
        default=None,
        description="Its dataset's title when it was created (an upload's file name), kept after "
        "the dataset is deleted; null for runs from before it was kept.",
    )
    training_seconds: float | None = Field(
        default=None,
        description="Seconds it trained up to when it last paused or ended: time queued, paused "
        "or stopped is left out, and a continued run adds on; null for runs from before it was kept.",
    )
    init_match: InitMatch | None = Field(
        default=None,
        description="Started from another run's weights (init_from): which layers it copied "
        "and which started fresh. Only GET /api/runs/{id} fills it.",
    )
    lr_changes: list[LrChange] = Field(
        default_factory=list,
        description="Each new learning rate its Continues set, in order, with the epoch and step "
        f"it trained with it from: `training.lr` is the rate it started with. {LR_CHANGE_RULE}",
    )
    training_since: float | None = Field(
        default=None,
        description="While it trains, when it last started or resumed (Unix seconds): its "
        "training time is training_seconds plus the time since; null while it does not train.",
    )
    based_on: str | None = Field(
        default=None,
        description="The earlier run of its owner's it was made from (the editor opened from "
        "that run's page, then Train): its page draws that run's curves faintly beside its own "
        "and says the change in accuracy. Null for a run made from scratch.",
    )
    copied_at: int | None = Field(
        default=None,
        description="A copy of `based_on` made to train more as a new run (POST /continue with "
        "as_new_run): the seq of the last event it took from that run's log, whose events up "
        "to there are that run's history, copied; its own start follows. Null for any other run.",
    )


class RunStore:
    """Reads and writes run records."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self,
        run_id: str,
        design: Design,
        training: TrainingSettings,
        dataset_title: str | None = None,
        name: str | None = None,
        group: str | None = None,
    ) -> Run:
        """Records a queued run; a blank name or group is none."""
        self.db.execute(
            "INSERT INTO runs (id, status, created_at, design, training, metrics, dataset_title, "
            "training_seconds, name, run_group) VALUES (?, 'queued', ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                run_id,
                time.time(),
                design.model_dump_json(),
                training.model_dump_json(),
                Metrics().model_dump_json(),
                dataset_title,
                (name or "").strip() or None,
                (group or "").strip() or None,
            ),
        )
        return self.get(run_id)  # type: ignore[return-value]

    def get(self, run_id: str) -> Run | None:
        """The run, or None where there is none; DamagedRecord where its row does not read."""
        rows = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,))
        return run_from_row(rows[0]) if rows else None

    def all(self) -> list[Run]:
        """Every run that reads (a damaged one is logged and left out), newest first."""
        return readable(
            self.db.execute("SELECT * FROM runs ORDER BY created_at DESC"), run_from_row
        )

    def unended_on(self, dataset: str) -> list[str]:
        """The ids of the runs not yet ended that train on `dataset`: asked by the database, not
        by reading every run (a delete of an upload asks it in the queue's lock). A run whose
        settings no longer read as JSON trains on nothing it can name."""
        states = sorted(UNFINISHED)
        rows = self.db.execute(
            f"SELECT id FROM runs WHERE status IN ({', '.join('?' * len(states))}) "
            "AND json_valid(training) AND json_extract(training, '$.dataset') = ?",
            (*states, dataset),
        )
        return [str(row["id"]) for row in rows]

    def status(self, run_id: str) -> str | None:
        """The run's status as stored, read without its record (which may be damaged); None
        where there is no run."""
        rows = self.db.execute("SELECT status FROM runs WHERE id = ?", (run_id,))
        return str(rows[0]["status"]) if rows else None

    def queued_count(self) -> int:
        """How many runs, of all owners, wait for a worker."""
        rows = self.db.execute("SELECT COUNT(*) AS n FROM runs WHERE status = 'queued'")
        return int(rows[0]["n"])

    # A run's training time is counted here, from the changes of its status: it trains from
    # when it starts or resumes (training_since) to when it pauses or ends, which adds the span
    # to training_seconds. A run from before the column was added keeps null (NULL + x is NULL).

    def mark_started(self, run_id: str, device: str, now: float | None = None) -> None:
        """It began (or, continued, began again) training: what came before, a dataset's
        download among it, is not training."""
        now = time.time() if now is None else now
        self.db.execute(
            "UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), device = ?, "
            "training_since = ? WHERE id = ?",
            (now, device, now, run_id),
        )

    def set_metrics(self, run_id: str, metrics: Metrics) -> None:
        self.db.execute(
            "UPDATE runs SET metrics = ? WHERE id = ?", (metrics.model_dump_json(), run_id)
        )

    def mark_ended(
        self, run_id: str, status: RunStatus, error: str | None, now: float | None = None
    ) -> None:
        now = time.time() if now is None else now
        self.db.execute(
            "UPDATE runs SET status = ?, finished_at = ?, error = ?, "
            "training_seconds = training_seconds + COALESCE(? - training_since, 0), "
            "training_since = NULL WHERE id = ?",
            (status, now, error, now, run_id),
        )

    def set_status(self, run_id: str, status: RunStatus, now: float | None = None) -> None:
        """Paused and running again; only a run that has not ended changes."""
        now = time.time() if now is None else now
        if status == "paused":  # the time it trained since it started or resumed is added
            counted = (
                "training_seconds = training_seconds + COALESCE(? - training_since, 0), "
                "training_since = NULL"
            )
        else:  # from now on it trains (again)
            counted = "training_since = COALESCE(training_since, ?)"
        self.db.execute(
            f"UPDATE runs SET status = ?, {counted} "
            "WHERE id = ? AND status IN ('running', 'paused')",
            (status, now, run_id),
        )

    def stop_clock(self, run_id: str, at: float) -> None:
        """It stopped training at `at` (a server that died does not say when: its last file
        does), not when it is marked ended."""
        self.db.execute(
            "UPDATE runs SET training_seconds = training_seconds + MAX(0, ? - training_since), "
            "training_since = NULL WHERE id = ? AND training_since IS NOT NULL",
            (at, run_id),
        )

    def reopen(
        self, run_id: str, training: TrainingSettings, lr_changes: list[LrChange] | None = None
    ) -> None:
        """An ended run queued again to go on from its checkpoint, with its new settings, and
        its learning-rate changes when a new one was set."""
        self.db.execute(
            "UPDATE runs SET status = 'queued', finished_at = NULL, error = NULL, training = ? "
            "WHERE id = ?",
            (training.model_dump_json(), run_id),
        )
        if lr_changes is not None:
            self.set_lr_changes(run_id, lr_changes)

    def set_training(self, run_id: str, training: TrainingSettings) -> None:
        self.db.execute(
            "UPDATE runs SET training = ? WHERE id = ?", (training.model_dump_json(), run_id)
        )

    def set_lr_changes(self, run_id: str, lr_changes: list[LrChange]) -> None:
        """The run's learning-rate changes, in order."""
        changes = json.dumps([change.model_dump() for change in lr_changes])
        self.db.execute("UPDATE runs SET lr_changes = ? WHERE id = ?", (changes, run_id))

    def set_based_on(self, run_id: str, based_on: str) -> None:
        """The earlier run this one was made from (store/based_on.py checks it is the owner's)."""
        self.db.execute("UPDATE runs SET based_on = ? WHERE id = ?", (based_on, run_id))

    def hold_again(self, run_id: str) -> None:
        """A run queued to go on from its pause that could not be: paused, as it was."""
        self.db.execute(
            "UPDATE runs SET status = 'paused' WHERE id = ? AND status = 'queued'", (run_id,)
        )

    def label(self, run_id: str, labels: RunLabels) -> None:
        """Renames the run and/or sets its note; blank text clears either."""
        for field in sorted(labels.model_fields_set & {"name", "note"}):
            text = (getattr(labels, field) or "").strip() or None
            self.db.execute(f"UPDATE runs SET {field} = ? WHERE id = ?", (text, run_id))

    def unfinished(self) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM runs WHERE status IN ('queued', 'running', 'paused')"
        )
        return [row["id"] for row in rows]


def why_missing(run: Run, what: str) -> str:
    """Why a run has no artefact yet, in words: "it is still training", "it failed before …"."""
    if run.status == "queued":
        return "it is still queued, waiting for a worker"
    if run.status not in ENDED:
        return "it is still training"
    if run.training.range_test is not None:  # a range test trains no model to keep
        return (
            "it is a learning-rate range test, which finds a rate and keeps no model: train a "
            "run at the rate it found"
        )
    if run.status == "succeeded":  # its files were lost since, or it came from an older server
        return "it succeeded, but none are stored for it (train it again to have them)"
    ended = "it failed" if run.status == "failed" else f"it was {run.status}"
    return f"{ended} before it {what}"


def damaged_run_fix(run_id: str) -> str:
    """What a run's owner can do about its damaged record."""
    return (
        "delete it: its page has a Delete button, in the browser that started it (a script "
        f"sends DELETE /api/runs/{run_id}). Its events, files and share links go with it."
    )


DAMAGED_FOR_VIEWERS = (
    "The shared model's record on the server is damaged, so it cannot be shown: ask its owner "
    "for a new link."
)


def run_from_row(row: object) -> Run:
    """A run's row as its record; DamagedRecord (logged) where a column of it does not read."""
    data = dict(row)  # type: ignore[call-overload]
    data["group"] = data.pop("run_group", None)  # "group" is a word of SQL
    data["lr_changes"] = data.get("lr_changes") or "[]"
    json_columns = ("design", "training", "metrics", "lr_changes")
    run_id = data.get("id")
    fix = damaged_run_fix(str(run_id))
    return record_of(Run, data, f"run {run_id}", fix, json_columns, DAMAGED_FOR_VIEWERS)
