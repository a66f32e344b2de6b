"""An uploaded dataset's file, to download: what the run's script reads, for the upload's owner."""

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.api.download import Download
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.datasets import not_found, owned_upload
from torchcanvas.hidden_text import without_hidden
from torchcanvas.problems import NotFound
from torchcanvas.training.data import dataset_names
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.upload_file import MEDIA_TYPES, upload_file

router = APIRouter(prefix="/api/datasets", tags=["datasets"])


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
    """The upload's file, as the run's script reads it: made again from the stored arrays for
    each download (neither the file uploaded nor this one is kept), in the order whose seeded
    split gives the run's parts. A CSV holds the feature and target columns, a ZIP the images as
    stored, at their trained size."""
    if dataset_id in dataset_names():
        raise NotFound(
            f"`{dataset_id}` is a built-in dataset, not an upload: its training script loads it "
            "itself, so there is no file to download."
        )
    meta = owned_upload(services, dataset_id, owner)  # 404 for another's; DamagedUpload: 409
    try:
        path = upload_file(services.settings.data_dir, meta.record)
    except FileNotFoundError:  # deleted as its file was made
        raise not_found(dataset_id) from None
    media = MEDIA_TYPES[meta.record.format]
    sent = BackgroundTask(path.unlink, missing_ok=True)  # one cut off is deleted by the next
    return Download(path, media_type=media, filename=download_name(meta.record), background=sent)
