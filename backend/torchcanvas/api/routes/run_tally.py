"""How many of the caller's runs are running, paused and queued: what the top bar of every page
says, asked every few seconds. It asked for GET /api/runs, the whole list (200 runs with their
designs, hundreds of KB), every second while a run trained: on a slow link that starved the run
page's own events (a review). A path of its own: under /api/runs it would be taken for a run's id."""

from fastapi import APIRouter
from pydantic import BaseModel

from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.store.owners import OwnerStore

router = APIRouter(prefix="/api/run-tally", tags=["runs"])


class RunTally(BaseModel):
    """The caller's runs that have not ended, by what each is doing."""

    running: int
    paused: int
    queued: int


@router.get("")
def run_tally(services: ServicesDep, owner: OwnerDep) -> RunTally:
    """The caller's runs running, paused and queued now, as GET /api/runs would count them."""
    runs = services.run_service.as_they_stand(OwnerStore(services.db).unfinished_runs(owner))
    statuses = [run.status for run in runs]
    return RunTally(
        running=statuses.count("running"),
        paused=statuses.count("paused"),
        queued=statuses.count("queued"),
    )
