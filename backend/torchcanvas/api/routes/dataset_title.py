"""An upload's title, renamed by its owner (PATCH /api/datasets/{id})."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from torchcanvas.api.deps import OwnerDep, ServicesDep, require_login
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.datasets import not_found
from torchcanvas.hidden_text import HIDDEN
from torchcanvas.problems import Forbidden
from torchcanvas.store.dataset_titles import retitle_runs
from torchcanvas.store.run_labels import shown_as_typed
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.data import dataset_names
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.data.upload_options import MAX_TITLE

router = APIRouter(prefix="/api/datasets", tags=["datasets"])


def _not_blank(text: str) -> str:
    """The title without spaces around it; a blank one is refused."""
    if not text.strip():
        raise ValueError("is blank: give the upload a name, such as `machines, cleaned`")
    return text.strip()


class UploadTitle(BaseModel):
    """A new title for an upload: what the editor, the runs table and its filter show it as."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not a silent 200

    title: Annotated[
        str,
        Field(
            max_length=MAX_TITLE,  # as an upload's title
            # Said in the schema too: a letter that shows, and no hidden character.
            json_schema_extra={"pattern": f"^[^{HIDDEN}]*[^\\s{HIDDEN}][^{HIDDEN}]*$"},
        ),
        AfterValidator(lambda text: shown_as_typed(text, HIDDEN)),  # as a run's name
        AfterValidator(_not_blank),
    ]


@router.patch(
    "/{dataset_id}",
    responses=error_replies(403, 404, 409, 422),
    dependencies=[Depends(require_login)],
)
def rename_dataset(
    dataset_id: str, body: UploadTitle, services: ServicesDep, owner: OwnerDep
) -> DatasetRecord:
    """Renames an upload (its owner only): the editor's dataset list, and the runs that trained
    on it in the runs table and its filter, show the new title."""
    if dataset_id in dataset_names():
        raise Forbidden(
            f"`{dataset_id}` is a built-in dataset, whose name stays: only uploads can be "
            "renamed, by the id their upload returned."
        )
    uploads = UploadStore(services.db)
    if not uploads.visible(dataset_id, owner):
        raise not_found(dataset_id)  # another's answers as a missing one
    if dataset_id not in uploads.owned(owner):
        raise Forbidden(
            f"The upload `{dataset_id}` is from before uploads had owners, so no one may rename "
            "it: upload its file again, with the title you want, to have one of your own."
        )
    record = services.run_service.retitle_upload(dataset_id, body.title)  # DamagedUpload: 409
    if record is None:  # deleted by a request at the same time
        raise not_found(dataset_id)
    retitle_runs(services.db, dataset_id, record.title)
    return record
