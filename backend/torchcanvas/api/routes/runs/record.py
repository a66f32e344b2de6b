"""A run's record: create, list, read, rename and note, cancel and delete."""

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response
from pydantic import AfterValidator, StringConstraints

from torchcanvas.api.access import Owner
from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.bodies import RunCreated, RunRequest
from torchcanvas.api.deps import (
    LOGGED_IN,
    STARTS_TRAINING,
    OwnerDep,
    ReadableRun,
    ServicesDep,
    ceiling_address,
    client_address,
    missing_run,
    owned_run,
    owned_run_id,
)
from torchcanvas.api.replies import error_replies
from torchcanvas.api.request_key import ReplayFirst, RequestKey, once_per_key
from torchcanvas.api.routes.runs.router import ACTION, NOT_FOUND, router
from torchcanvas.hidden_text import HIDDEN
from torchcanvas.store.based_on import keep_based_on
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.run_labels import RunLabels, shown_as_typed
from torchcanvas.store.run_search import MAX_QUERY
from torchcanvas.store.runs import Run, RunStatus
from torchcanvas.training.check import run_warnings

# What the runs page's search box sends: bounded, and with no character that would not show.
SearchText = Annotated[
    str,
    StringConstraints(max_length=MAX_QUERY),
    AfterValidator(lambda text: shown_as_typed(text, HIDDEN)),
]


@router.post(
    "",
    status_code=201,
    response_model=RunCreated,
    responses=error_replies(401, 409, 422),
    # A request sent again is answered before what only a new run needs (after the login).
    dependencies=[LOGGED_IN, ReplayFirst, *STARTS_TRAINING, CpuSlot],
)
def create_run(
    request: RunRequest,
    http: Request,
    services: ServicesDep,
    owner: OwnerDep,
    key: RequestKey = None,
) -> RunCreated | Response:
    """Checks the design and settings, then queues the run, owned by the caller's identity;
    once per Idempotency-Key, where one is sent."""
    return once_per_key(
        services.db,
        owner,
        key,
        request,
        lambda made: _create_run(request, http, services, owner, made),
    )


def _create_run(
    request: RunRequest,
    http: Request,
    services: ServicesDep,
    owner: Owner,
    made: Callable[[RunCreated], None],
) -> RunCreated:
    # The costly check first, under a CPU slot and outside the locks that every new run waits
    # for: the check under them is then answered from the validation cache.
    services.run_service.check(request.design, request.training, owner)
    ceiling = ceiling_address(http, services, owner)  # all its owners' ceiling
    with services.run_quota(owner, client_address(http), ceiling=ceiling) as queued:
        run = services.run_service.create(
            request.design, request.training, owner, request.name, _group(request.group)
        )
        queued(run.id)
    made(RunCreated(id=run.id))  # it exists: a key sent again gets it, whatever fails below
    warnings = run_warnings(request.design, request.training, services.run_service.data_dir)
    if request.based_on is not None:  # before the reply: its page reads it as it opens
        store = services.run_service.store
        warnings += [why] if (why := keep_based_on(store, run.id, request.based_on, owner)) else []
    warnings += services.run_service.start_warnings(request.training)
    return RunCreated(id=run.id, warnings=warnings)


RunKind = Literal["training", "range-test"]  # as the runs page names them (?kind=)


def _group(group: str | None) -> str | None:
    """A blank group is none: a new run's, and a list's (?group= lists every run, as ?q=)."""
    return (group or "").strip() or None


@router.get("", responses=NOT_FOUND)  # 404: a `before` that is not the caller's run
def list_runs(
    services: ServicesDep,
    owner: OwnerDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
    group: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only the runs started in this group (a sweep's runs share it). Blank: "
            "every run, as a blank `q` or `before`.",
        ),
    ] = None,
    q: Annotated[
        SearchText | None,
        Query(
            description="Only the runs whose name (or design's name), note or dataset's title "
            "holds this text, or whose id starts with it: case does not matter, % and _ are "
            "plain letters. Blank: every run.",
        ),
    ] = None,
    before: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Only the runs listed after this one of the caller's (the last of the "
            "page before): a cursor, which runs created or deleted meanwhile do not shift, as "
            "they shift `offset` (counted from it where both are given). 404 for a run that is "
            "not the caller's, or was deleted since. Blank: from the first.",
        ),
    ] = None,
    status: Annotated[
        list[RunStatus] | None,
        Query(
            description="Only the runs in one of these states, given once or more "
            "(`?status=queued&status=running&status=paused`: those not ended yet). None: every run.",
        ),
    ] = None,
    dataset: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only the runs trained on this dataset, by its name: a built-in set's "
            "(`digits`) or an upload's id. Blank: every run.",
        ),
    ] = None,
    kind: Annotated[
        RunKind | None,
        Query(
            description="Only training runs (`training`), or only learning-rate range tests "
            "(`range-test`). None: both.",
        ),
    ] = None,
) -> list[Run]:
    """The caller's own runs, newest first, `limit` at a time from `offset`, or after the run
    `before`; only those started with `group` when given, those `q` finds, those in a `status`
    given, those on `dataset` and those of `kind`. A queued run has its place in the queue, as
    in GET /api/runs/{id}."""
    cursor = (before or "").strip() or None  # blank, as `q`: none (`?before=` of an empty form)
    states = frozenset(status or ())
    service = services.run_service
    if states:  # the ends a full disk kept from the database, stored first where they now can be
        service.recorder.store_kept_ends()
    runs = OwnerStore(services.db).runs_page(
        owner,
        limit,
        offset,
        _group(group),
        q,
        cursor,
        states,
        dataset=(dataset or "").strip() or None,
        range_tests=None if kind is None else kind == "range-test",
    )
    # One whose end is still kept reads as ended here, not as what was asked: it is left out.
    standing = [run for run in service.as_they_stand(runs) if not states or run.status in states]
    return service.with_queue_positions(standing)


@router.get("/{run_id}", responses=NOT_FOUND)
def get_run(run: ReadableRun, services: ServicesDep) -> Run:
    """One of the caller's runs: status, settings, latest metrics (404 for anyone else's)."""
    return services.run_service.with_init_match(services.run_service.with_queue_position(run))


@router.patch("/{run_id}", responses=error_replies(403, 404, 422))
def label_run(
    labels: RunLabels, run: Annotated[Run, Depends(owned_run("rename"))], services: ServicesDep
) -> Run:
    """Renames a run and/or sets its note (`name`, `note`; null or "" clears one)."""
    services.run_service.store.label(run.id, labels)
    return services.run_service.with_queue_position(services.run_service.get(run.id))


@router.post("/{run_id}/cancel", responses=ACTION)
def cancel_run(run: Annotated[Run, Depends(owned_run("cancel"))], services: ServicesDep) -> Run:
    """Stops a queued or running run; it ends as `cancelled` within a second."""
    services.run_service.cancel(run.id)
    return services.run_service.get(run.id)


@router.delete("/{run_id}", status_code=204, responses=ACTION, tags=["models"])
def delete(
    run_id: Annotated[str, Depends(owned_run_id("delete"))], services: ServicesDep, owner: OwnerDep
) -> Response:
    """Deletes an ended run with its files, events and share links (owner only), a run whose
    record is damaged too."""
    if not services.run_service.delete(run_id):
        raise missing_run(services, run_id, owner)  # deleted by a request at the same time
    return Response(status_code=204)
