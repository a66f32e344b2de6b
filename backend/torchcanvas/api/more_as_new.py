"""Train more as a new run over HTTP (POST /api/runs/{id}/continue with as_new_run): the quotas
a new run meets, and the copy's files and events in its owner's disk quota."""

from fastapi import HTTPException, Request

from torchcanvas.api.access import Owner
from torchcanvas.api.copy_quota import COPIES
from torchcanvas.api.deps import ceiling_address, client_address
from torchcanvas.api.disk import INSUFFICIENT_STORAGE
from torchcanvas.api.services import Services
from torchcanvas.sizes import size_text
from torchcanvas.store.disk_use import runs_take
from torchcanvas.store.folder_copy import NoRoom
from torchcanvas.store.owners import digest
from torchcanvas.store.runs import Run


def continue_as_new_run(
    run: Run, epochs: int | None, lr: float | None, services: Services, owner: Owner, http: Request
) -> Run:
    """Queues a copy of the ended `run` to go on (runs/run_copies.py) and gives the copy; 429
    as for a new run where its owner is at a quota, or where the copy (with their copies under
    way) would take them past their disk quota; 507 where its files, copied where the disk has
    no hard links, would take the disk below the free space the server keeps."""
    address = client_address(http)
    held = services.quota_address(owner, address)
    limit = services.settings.max_run_bytes_per_owner
    keep_free = services.settings.min_free_bytes
    run_service = services.run_service
    adding = run_service.run_copies.copy_bytes(run.id)

    def used() -> int:
        """What the client's runs take now, copies queued included."""
        return services.run_disk.of_client(digest(owner), held)

    def refusal(taken: int, under_way: int) -> str:
        copies = "a copy" if under_way == 1 else f"{under_way} copies"
        going = f", counting {copies} of runs being made," if under_way else ""
        return (
            f"{runs_take(taken, limit, held is not None)}{going}, and a copy of run {run.id} "
            f"would take {size_text(adding)} more: delete runs you no longer need from the runs "
            "page (download what you want to keep first), or train more on this run itself, "
            "which replaces its model."
        )

    client = digest(owner) if held is None else f"address {held}"
    ceiling = ceiling_address(http, services, owner)  # all its owners' ceiling
    # Refused as a new run would be before a file is copied (a copy with no hard links writes
    # up to the owner's quota), and checked again in the lock as it is queued.
    with services.run_quota(owner, address, ceiling=ceiling, locked=False):
        pass
    try:
        with (
            COPIES.reserve(client, adding, used, limit, refusal),
            run_service.staged_copy(run.id, epochs, lr, keep_free) as staged,
            services.run_quota(owner, address, ceiling=ceiling) as queued,  # as a new run
        ):
            copy = run_service.queue_copy(staged, epochs, lr, keep_free)
            queued(copy.id)
            return copy
    except NoRoom as exc:  # its own words, with the sizes: not a full disk's plain 507
        raise HTTPException(INSUFFICIENT_STORAGE, detail=exc.strerror) from None
