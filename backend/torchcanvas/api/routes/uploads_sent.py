"""Whether an upload whose reply was lost (or that was cancelled after its whole file had gone)
was kept: asked by the token its request named itself by (`Upload-Token`), as the server reads it
and after. Without it, a browser looked among its uploads for a new one of the file's name for ten
seconds, and missed one the server took longer to read (a large ZIP of pictures)."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.api.replies import error_replies
from torchcanvas.api.upload_token import checked_token
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.data.storage import DamagedUpload, DatasetRecord, read_meta

router = APIRouter(prefix="/api/uploads-sent", tags=["datasets"])


class UploadSent(BaseModel):
    """What became of the upload whose request named a token."""

    state: Literal["reading", "stored", "none"] = Field(
        description="`reading`: the server has it and is still reading or storing it; `stored`: "
        "it is kept, as `dataset`; `none`: no upload of this browser named it (it never arrived, "
        "was refused, or was deleted)."
    )
    dataset: DatasetRecord | None = None


@router.get("/{token}", responses=error_replies(422))
def upload_sent(token: str, services: ServicesDep, owner: OwnerDep) -> UploadSent:
    """What became of this browser's upload that named `token`: being read, stored, or none."""
    ids = UploadStore(services.db).by_token(owner, checked_token(token))
    reading = False
    for upload_id in ids:
        try:
            meta = read_meta(services.settings.data_dir, upload_id)
        except DamagedUpload:  # stored, and damaged since: the list says what to do with it
            continue
        if meta is not None:
            return UploadSent(state="stored", dataset=meta.record)
        reading = True
    return UploadSent(state="reading" if reading else "none")
