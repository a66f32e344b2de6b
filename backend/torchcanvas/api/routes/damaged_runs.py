"""The caller's runs whose records in the database no longer read: GET /api/runs leaves them out,
yet their files count to their owner's disk until deleted (each run's page deletes it). A path of
its own: under /api/runs it would be taken for a run's id."""

from fastapi import APIRouter

from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.store.owners import DamagedRun, OwnerStore

router = APIRouter(prefix="/api/damaged-runs", tags=["runs"])


@router.get("")
def list_damaged_runs(services: ServicesDep, owner: OwnerDep) -> list[DamagedRun]:
    """The caller's runs whose records no longer read, newest first (at most 100): each one's
    page answers 409 saying so, and has a Delete."""
    return OwnerStore(services.db).damaged_runs(owner)
