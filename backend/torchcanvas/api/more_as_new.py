"""Train more as a new run over HTTP (POST /api/runs/{id}/continue with as_new_run): the quotas
a new run meets, and the copy's files and events in its owner's disk quota."""

from fastapi import Request

from torchcanvas.api.access import Owner
from torchcanvas.api.deps import ceiling_address, client_address
from torchcanvas.api.quotas import too_many
from torchcanvas.api.services import Services
from torchcanvas.sizes import size_text
from torchcanvas.store.disk_use import runs_take
from torchcanvas.store.owners import digest
from torchcanvas.store.runs import Run


def continue_as_new_run(
    run: Run, epochs: int | None, lr: float | None, services: Services, owner: Owner, http: Request
) -> Run:
    """Queues a copy of the ended `run` to go on (runs/run_copies.py) and gives the copy; 429
    as for a new run where its owner is at a quota, or where the copy would take them past their
    disk quota."""
    address = client_address(http)
    held = services.quota_address(owner, address)
    used = services.run_disk.of_client(digest(owner), held)
    limit = services.settings.max_run_bytes_per_owner
    adding = services.run_service.run_copies.copy_bytes(run.id)
    if used < limit <= used + adding:  # at the quota already: run_quota says so, as for any run
        raise too_many(
            f"{runs_take(used, limit, held is not None)}, and a copy of run {run.id} would take "
            f"{size_text(adding)} more: delete runs you no longer need from the runs page "
            "(download what you want to keep first), or train more on this run itself, which "
            "replaces its model.",
            None,
        )
    ceiling = ceiling_address(http, services, owner)  # all its owners' ceiling
    with services.run_quota(owner, address, ceiling=ceiling) as queued:  # as a new run
        copy = services.run_service.continue_as_new_run(run.id, epochs, lr)
        queued(copy.id)
        return copy
