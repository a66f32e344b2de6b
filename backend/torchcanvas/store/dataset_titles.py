"""The dataset title a run shows (runs.dataset_title), following its upload's renames."""

from torchcanvas.store.db import Database


def retitle_runs(db: Database, dataset: str, title: str) -> None:
    """The runs that trained on an upload show its new title (its owner renamed it); a run whose
    record is damaged is left as it is."""
    db.execute(
        "UPDATE runs SET dataset_title = ? WHERE json_valid(training) "
        "AND json_extract(training, '$.dataset') = ?",
        (title, dataset),
    )
