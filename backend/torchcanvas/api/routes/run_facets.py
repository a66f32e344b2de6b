"""What the runs page's filters offer, from all of the caller's runs: one dataset's list
(?dataset=) names no other, and the newest 200 need not hold an old sweep or range test. A path
of its own: under /api/runs it would be taken for a run's id."""

from fastapi import APIRouter

from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.store.run_facets import RunFacets, run_facets

router = APIRouter(prefix="/api/run-facets", tags=["runs"])


@router.get("")
def list_run_facets(services: ServicesDep, owner: OwnerDep) -> RunFacets:
    """The datasets the caller's runs trained on, their sweeps, and whether a range test is
    among them: what GET /api/runs' dataset=, group= and kind= can keep."""
    return run_facets(services.db, owner)
