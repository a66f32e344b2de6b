"""Datasets: upload one, list the uploads, and preview any dataset before training on it."""

from contextlib import AbstractContextManager
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import ConfigDict
from starlette.concurrency import run_in_threadpool

from torchcanvas.api.access import Owner
from torchcanvas.api.address_ceiling import check_new_owner, release_upload, reserve_upload
from torchcanvas.api.backpressure import CpuSlot, client_of, cpu_gate
from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.deps import (
    OwnerDep,
    ServicesDep,
    ceiling_address,
    client_address,
    require_login,
)
from torchcanvas.api.disk import INSUFFICIENT_STORAGE, require_disk_space
from torchcanvas.api.replies import error_replies
from torchcanvas.api.services import Services
from torchcanvas.api.spools import Spool, spooled
from torchcanvas.api.upload_quota import RESERVATIONS
from torchcanvas.api.upload_stream import receive_upload, upload_body_limit
from torchcanvas.api.upload_token import UploadToken, checked_token
from torchcanvas.problems import Forbidden, NotFound, shown_id
from torchcanvas.runs.errors import UploadInUse
from torchcanvas.store.address_use import AddressUse
from torchcanvas.store.folder_copy import NoRoom
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.data import UnknownDataset, dataset_names
from torchcanvas.training.data.downloads import DOWNLOADS
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.plane import DatasetOptions
from torchcanvas.training.data.preview import DatasetPreview, preview_dataset
from torchcanvas.training.data.reach import DownloadSource, await_download_source
from torchcanvas.training.data.storage import (
    DatasetRecord,
    StoredMeta,
    discard,
    list_records,
    new_upload_id,
    read_meta,
    temp_folder,
    upload_exists,
)
from torchcanvas.training.data.upload_options import UploadOptions, parse_options
from torchcanvas.training.data.uploads import build_upload
from torchcanvas.training.settings import MAX_TEST_FRACTION

router = APIRouter(prefix="/api/datasets", tags=["datasets"])
# Why an upload that does not fit takes the disk it would, and what to do besides freeing space.
_ONCE_STORED = " once stored"
_SMALLER = "upload a smaller dataset (fewer samples, or a ZIP's pictures at a smaller image_size)"
LIMITS = UploadLimits()
# The multipart body: the file, and the options with the limits parse_options checks.
_UPLOAD_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "A .csv, .npz or .zip."},
        **UploadOptions.model_json_schema()["properties"],
    },
}


@router.post(
    "",
    status_code=201,
    responses={
        **error_replies(400, 413, 415, 422),
        409: {
            "model": ErrorResponse,
            "description": "The Upload-Token already names another of your uploads, being "
            "read or kept: GET /api/uploads-sent/{token} says which.",
        },
    },
    # Uploads fill the disk: as guarded as training, and refused while it is full.
    dependencies=[Depends(require_login), Depends(require_disk_space)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": _UPLOAD_FORM}},
        }
    },
)
async def upload_dataset(
    request: Request, services: ServicesDep, owner: OwnerDep, token: UploadToken = None
) -> DatasetRecord:
    """Stores an uploaded CSV, NPZ or ZIP of image folders as a dataset that runs can name by its id."""
    token = None if token is None else checked_token(token)
    with spooled(request, upload_body_limit(LIMITS.max_file_bytes)) as share:
        return await _store_upload(request, services, owner, share, token)


async def _store_upload(
    request: Request, services: Services, owner: Owner, share: Spool, token: str | None
) -> DatasetRecord:
    cpu_gate(request).refuse_if_full(request)  # its parsing would wait for a slot after the body
    settings, uploads = services.settings, UploadStore(services.db)
    quota = settings.max_upload_bytes_per_owner
    folder, upload_id = temp_folder(settings.data_dir), new_upload_id()
    # The quota's client: the owner, or the address of one this server did not issue; and the
    # address whose owners' uploads all count together (address_ceiling.py), unless logged in.
    client, held = client_of(request), services.quota_address(owner, client_address(request))
    ceiling = ceiling_address(request, services, owner)

    def reserve(stored: int) -> None:  # in a thread: reads the database and the disk
        owned = partial(uploads.of_client, owner, held)
        by_address = held is not None
        RESERVATIONS.reserve(settings.data_dir, client, upload_id, stored, quota, owned, by_address)
        if ceiling is not None:
            from_there = partial(AddressUse(services.db).upload_ids, ceiling)
            quotas = settings.max_quotas_per_address
            reserve_upload(settings.data_dir, ceiling, upload_id, stored, quota, quotas, from_there)

    def room(size: int) -> AbstractContextManager[None]:
        # Claimed with the copies' (one ledger of the disk): an upload that passed the free space
        # kept as its body came could still take the disk from above it to nearly nothing, and
        # the disk watch then stops every running run (a review).
        claims = services.run_service.run_copies.claims
        return claims.claim(size, settings.min_free_bytes, "this upload", _ONCE_STORED, _SMALLER)

    stored, new_owner = False, None
    try:
        if ceiling is not None:  # its place among the address's new owners, recorded once stored
            limit, use = settings.max_new_owners_per_address, AddressUse(services.db)
            new_owner = await run_in_threadpool(check_new_owner, use, ceiling, owner, limit)
        await run_in_threadpool(reserve, 0)  # refused before its body when the quota is full
        # Owned before it exists, so never anyone else's.
        await run_in_threadpool(uploads.record, upload_id, owner, held, ceiling, token)
        received = await receive_upload(
            request.headers.get("content-type"),
            request.headers.get("content-length"),
            share.counted(request.stream()),
            folder / "upload",
            LIMITS.max_file_bytes,
        )
        options = parse_options(received.fields)
        # Parsing costs CPU: a bounded queue, as validate.
        async with cpu_gate(request).slot(request):
            record = await run_in_threadpool(
                build_upload,
                received.path,
                received.file_name,
                options,
                folder,
                LIMITS,
                upload_id,
                # What the upload becomes once stored counts, not the file (an NPZ of int8 grows 4×).
                # Reserved with the owner's other uploads in progress, not checked against what
                # was stored before the body came: ten sent at once passed the quota tenfold.
                reserve,
                room,
            )
        stored = True
        return record
    except NoRoom as exc:  # its own words, with the sizes: not a full disk's plain 507
        raise HTTPException(INSUFFICIENT_STORAGE, detail=exc.strerror) from None
    finally:
        try:
            discard(folder)  # a stored upload has been renamed away; a failed one leaves nothing
            if not stored:
                await run_in_threadpool(uploads.forget, upload_id)
            RESERVATIONS.release(client, upload_id)  # stored, its files count from now
            if ceiling is not None:
                release_upload(ceiling, upload_id)
            if stored and new_owner is not None:  # after the reservations: its files count now
                await run_in_threadpool(new_owner.admit, AddressUse(services.db))
        finally:
            if new_owner is not None:  # once its upload is forgotten: until then it is held
                new_owner.release()


@router.get("")
def list_datasets(services: ServicesDep, owner: OwnerDep) -> list[DatasetRecord]:
    """The datasets this browser uploaded, oldest first."""
    ids = UploadStore(services.db).ids(owner)
    return list_records(services.settings.data_dir, ids)


def not_found(dataset_id: str) -> UnknownDataset:
    return UnknownDataset(
        f"Dataset `{shown_id(dataset_id)}` not found: use a built-in name or the id an upload "
        "returned."
    )


def _check_visible(services: Services, dataset_id: str, owner: str) -> None:
    """404 unless the caller has an upload of that id (readable or damaged); someone else's
    answers as a missing one."""
    exists = upload_exists(services.settings.data_dir, dataset_id)
    if not exists or not UploadStore(services.db).visible(dataset_id, owner):
        raise not_found(dataset_id)


def owned_upload(services: Services, dataset_id: str, owner: str) -> StoredMeta:
    """The caller's upload of that id; DamagedUpload (409) when its meta.json cannot be read."""
    _check_visible(services, dataset_id, owner)
    meta = read_meta(services.settings.data_dir, dataset_id)
    if meta is None:  # deleted since
        raise not_found(dataset_id)
    return meta


@router.get("/{dataset_id}", responses=error_replies(404, 409))
def get_dataset(dataset_id: str, services: ServicesDep, owner: OwnerDep) -> DatasetRecord:
    """An uploaded dataset: its task, shapes, classes, sizes and standardisation."""
    if dataset_id in dataset_names():
        raise NotFound(
            f"`{dataset_id}` is a built-in dataset, not an upload: GET /api/catalog lists it "
            f"among its datasets, with its shapes and classes, and GET /api/datasets/{dataset_id}"
            "/preview shows samples of it."
        )
    return owned_upload(services, dataset_id, owner).record


@router.delete(
    "/{dataset_id}",
    status_code=204,
    responses=error_replies(403, 404, 409),
    dependencies=[Depends(require_login)],
)
def delete_dataset(dataset_id: str, services: ServicesDep, owner: OwnerDep) -> None:
    """Deletes an upload, damaged ones too. Runs that trained on it keep their weights,
    results and charts."""
    if dataset_id in dataset_names():
        raise Forbidden(
            f"`{dataset_id}` is a built-in dataset, which stays: only uploads can be deleted, "
            "by the id their upload returned."
        )
    _check_visible(services, dataset_id, owner)
    try:
        services.run_service.delete_upload(dataset_id)
    except FileNotFoundError:  # another request has just deleted it
        raise not_found(dataset_id) from None
    except UploadInUse as busy:
        owners = OwnerStore(services.run_service.store.db)
        store = services.run_service.store
        mine = [run for i in busy.runs if owners.owns(i, owner) and (run := store.get(i))]
        training = [run for run in mine if run.status != "queued"]
        if mine and not training:
            said = (
                f"Run {mine[0].id} is queued to train on `{dataset_id}`: cancel it, or wait for it"
            )
        else:  # another's run ids stay unknown
            which = f"Run {training[0].id} is" if training else "A run is"
            said = f"{which} still training on `{dataset_id}`: stop it, or wait for it"
        raise UploadInUse(busy.runs, f"{said} to end, then delete the dataset.") from None


class PreviewOptions(DatasetOptions):
    """A preview's dataset options, as query parameters (another parameter is refused before
    they are read: api/known_query.py)."""

    model_config = ConfigDict(extra="ignore")


# A CPU slot: a preview reads samples of arrays up to 1 GiB, makes PNGs and counts classes, and
# many previews at once took the server's memory and every request's time (a review's six took
# 23 s each and 2 GB more).
@router.get("/{dataset_id}/preview", responses=error_replies(404, 409), dependencies=[CpuSlot])
def preview(
    dataset_id: str,
    services: ServicesDep,
    owner: OwnerDep,
    options: Annotated[PreviewOptions, Query()],
    test_fraction: Annotated[
        float,
        Query(
            ge=0,
            le=MAX_TEST_FRACTION,
            description="A run's training.test_fraction: a 2-D set's points mark the test rows "
            "it holds out of the training part (part 2). 0, the default: none.",
        ),
    ] = 0.0,
) -> DatasetPreview:
    """Sample rows or images, class counts and shapes of any dataset that is available; a 2-D
    set's made with the dataset options given (as a run's training.dataset_options), its
    points marking the test rows a run with test_fraction keeps apart."""
    data_dir = services.settings.data_dir
    if dataset_id not in dataset_names():
        owned_upload(services, dataset_id, owner)
    given = options.model_fields_set
    return preview_dataset(dataset_id, data_dir, options if given else None, test_fraction)


# No CPU slot: the wait is on the network, not the CPU, and holding a slot through it let two
# askers of a slow source refuse every validation with 503. Nor does it pile up threads: the
# route waits on the event loop, the probe is one thread per source (MAX_PROBES in all), and
# once its deadline has passed every asker is answered at once.
@router.get("/{dataset_id}/source", responses=error_replies(404))
async def download_source_of(dataset_id: str, services: ServicesDep) -> DownloadSource:
    """Whether a downloadable set (MNIST, Fashion-MNIST, CIFAR-10) is in the data folder, or
    can be fetched from this server now: the editor says so before Train, not after a run fails."""
    if dataset_id not in DOWNLOADS:
        raise NotFound(
            f"`{shown_id(dataset_id)}` is not a downloadable dataset: those are "
            f"{', '.join(DOWNLOADS)}."
        )
    return await await_download_source(dataset_id, services.settings.data_dir)
