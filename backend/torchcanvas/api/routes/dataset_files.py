"""An uploaded dataset's file, to download: what the run's script reads, for the upload's owner."""

from fastapi import APIRouter
from fastapi.responses import FileResponse

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.api.replies import error_replies
from torchcanvas.hidden_text import without_hidden
from torchcanvas.problems import NotFound
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.data import UnknownDataset, dataset_names
from torchcanvas.training.data.storage import DatasetRecord, read_meta, upload_exists
from torchcanvas.training.upload_file import MEDIA_TYPES, upload_file

router = APIRouter(prefix="/api/datasets", tags=["datasets"])


def _missing(dataset_id: str) -> UnknownDataset:
    # Someone else's upload answers as a missing one: its id tells a stranger nothing.
    return UnknownDataset(
        f"Dataset `{dataset_id}` not found: it was deleted, or uploaded in another browser. "
        "Upload the file again to train on it."
    )


def download_name(record: DatasetRecord) -> str:
    """The file's name as uploaded, with no quotes, slashes or hidden characters, and its type's
    suffix (`shapes.zip`); the upload's id where nothing of the name is left."""
    kept = "".join(c for c in without_hidden(record.file_name) if c not in '"\\/')
    suffix = f".{record.format}"
    stem = kept[: -len(suffix)] if kept.lower().endswith(suffix) else kept
    return f"{stem.strip(' .') or record.id}{suffix}"


@router.get(
    "/{dataset_id}/file",
    response_class=FileResponse,
    responses={
        200: {"content": {media: {} for media in sorted(set(MEDIA_TYPES.values()))}},
        **error_replies(404, 409),
    },
    dependencies=[CpuSlot],  # the first download makes the file from the stored arrays
)
def download_dataset_file(dataset_id: str, services: ServicesDep, owner: OwnerDep) -> FileResponse:
    """The upload's file, as the run's script reads it: made again from the stored arrays (the
    file itself is not kept), in the order whose seeded split gives the run's parts. A CSV holds
    the feature and target columns, a ZIP the images as stored, at their trained size."""
    if dataset_id in dataset_names():
        raise NotFound(
            f"`{dataset_id}` is a built-in dataset, not an upload: its training script loads it "
            "itself, so there is no file to download."
        )
    data_dir = services.settings.data_dir
    visible = upload_exists(data_dir, dataset_id) and UploadStore(services.db).visible(
        dataset_id, owner
    )
    meta = read_meta(data_dir, dataset_id) if visible else None  # DamagedUpload: 409
    if meta is None:
        raise _missing(dataset_id)
    try:
        path = upload_file(data_dir, meta.record)
    except FileNotFoundError:  # deleted as its file was made
        raise _missing(dataset_id) from None
    media = MEDIA_TYPES[meta.record.format]
    return FileResponse(path, media_type=media, filename=download_name(meta.record))
