"""The earlier run a new run was made from (Run.based_on): kept only when it is the owner's own."""

from torchcanvas.design.schema import DesignIssue
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import RunStore


def keep_based_on(store: RunStore, run_id: str, based_on: str, owner: str) -> DesignIssue | None:
    """Records that run `run_id` was made from `based_on`, or, where that is not one of `owner`'s
    runs (deleted since, or another browser's), records nothing and says why: its page would
    show another's curves, or none. The run is not refused for it: it was asked to train."""
    # Its status alone: a run whose record is damaged is still its own (its page says so).
    kept = store.status(based_on) is not None and OwnerStore(store.db).owns(based_on, owner)
    if based_on != run_id and kept:
        store.set_based_on(run_id, based_on)
        return None
    return DesignIssue(
        field="based_on",
        message=f"Run {based_on}, which this design was opened from, is not one of your runs "
        "(deleted, or another browser's): this run is not compared with it. Pick a run to "
        "compare with on this run's page.",
    )
