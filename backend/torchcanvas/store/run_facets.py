"""What the runs page's filters offer: the datasets, sweeps and kinds among all of an owner's
runs, not only among those listed (the newest 200, or one dataset's: ?dataset= names no other)."""

from pydantic import BaseModel, Field

from torchcanvas.store.db import Database
from torchcanvas.store.owners import JSON_COLUMNS_READ, TRAINING_AT, digest

MAX_FACETS = 500  # of each: the datasets and sweeps most recently trained on, then no more

_OWNERS_RUNS = (
    "FROM runs JOIN run_owners ON run_owners.run_id = runs.id "
    f"WHERE owner_hash = ? AND {JSON_COLUMNS_READ} "
)


class RunDataset(BaseModel):
    """A dataset some of the runs trained on."""

    name: str = Field(description="As a run names it: a built-in name or an upload's id.")
    title: str | None = Field(
        description="The title its newest run keeps (an upload's, following its renames); none "
        "for a built-in dataset, titled by the catalogue."
    )


class RunFacets(BaseModel):
    """The datasets, sweeps and kinds among the caller's runs (damaged runs left out), each
    newest first, at most 500 of each."""

    datasets: list[RunDataset]
    groups: list[str] = Field(description="The sweeps' groups, as GET /api/runs?group= takes.")
    range_tests: bool = Field(description="Whether any run is a range test (lr finder).")


def run_facets(db: Database, owner_id: str) -> RunFacets:
    """The owner's runs' datasets, sweeps and whether a range test is among them: three reads of
    the database, none of a run's whole record."""
    owner = (digest(owner_id),)
    dataset = TRAINING_AT.format("$.dataset")
    datasets = db.execute(  # the title of each one's newest run: SQLite's bare column of MAX()
        f"SELECT {dataset} AS dataset_name, runs.dataset_title AS title, MAX(runs.created_at) AS newest "
        f"{_OWNERS_RUNS}AND {dataset} IS NOT NULL GROUP BY dataset_name ORDER BY newest DESC LIMIT ?",
        (*owner, MAX_FACETS),
    )
    groups = db.execute(
        f"SELECT run_group, MAX(runs.created_at) AS newest {_OWNERS_RUNS}"
        "AND run_group IS NOT NULL GROUP BY run_group ORDER BY newest DESC LIMIT ?",
        (*owner, MAX_FACETS),
    )
    range_test = db.execute(
        f"SELECT EXISTS (SELECT 1 {_OWNERS_RUNS}AND "
        f"{TRAINING_AT.format('$.range_test')} IS NOT NULL) AS found",
        owner,
    )
    return RunFacets(
        datasets=[
            RunDataset(name=str(row["dataset_name"]), title=row["title"]) for row in datasets
        ],
        groups=[str(row["run_group"]) for row in groups],
        range_tests=bool(range_test[0]["found"]),
    )
