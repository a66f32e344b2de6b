"""What the queue's wait estimate reads of each unfinished run (runs/queue_wait.py): how far it
has trained and at what pace, read for every such run in one query, with no design parsed."""

from dataclasses import dataclass

from torchcanvas.store.db import Database
from torchcanvas.store.runs import Run, RunStatus


@dataclass(frozen=True)
class RunPace:
    """A run's epochs to train and trained, and its training clock (store/runs.py)."""

    id: str
    status: RunStatus
    epochs: int  # the epochs it trains to (training.epochs)
    epochs_done: int  # the epochs it has ended (metrics.epoch)
    training_seconds: float | None  # trained up to when it last paused or ended
    training_since: float | None  # while it trains, when it last started or resumed

    @classmethod
    def of(cls, run: Run) -> "RunPace":
        return cls(
            id=run.id,
            status=run.status,
            epochs=run.training.epochs,
            epochs_done=run.metrics.epoch,
            training_seconds=run.training_seconds,
            training_since=run.training_since,
        )


def unfinished_paces(db: Database) -> list[RunPace]:
    """The pace of every queued, running and paused run, of every owner."""
    rows = db.execute(
        "SELECT id, status, training_seconds, training_since, "
        "json_extract(training, '$.epochs') AS epochs, "
        "COALESCE(json_extract(metrics, '$.epoch'), 0) AS epochs_done "
        "FROM runs WHERE status IN ('queued', 'running', 'paused') "
        # json_extract raises on malformed JSON: a damaged run (store/damaged.py) is left out
        "AND CASE WHEN json_valid(training) AND json_valid(metrics) "
        "THEN json_type(training, '$.epochs') = 'integer' ELSE 0 END"
    )
    return [
        RunPace(
            id=row["id"],
            status=row["status"],
            epochs=int(row["epochs"]),
            epochs_done=int(row["epochs_done"]),
            training_seconds=row["training_seconds"],
            training_since=row["training_since"],
        )
        for row in rows
    ]
