"""A teacher's classes: create one (its code), list them, read the runs handed in, remove one,
end the class. Only the browser that created a class reads or changes it: to any other, it does
not exist (404), as a run does not. Students hand in from their run (routes/runs/hand_in.py)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from torchcanvas.api.access import address_hash
from torchcanvas.api.bodies import REQUEST
from torchcanvas.api.deps import OwnerDep, ServicesDep, client_address, require_login
from torchcanvas.api.disk import require_disk_space
from torchcanvas.api.replies import error_replies
from torchcanvas.api.services import Services
from torchcanvas.hidden_text import HIDDEN
from torchcanvas.store.class_records import ClassRecord, EntryRecord
from torchcanvas.store.classes import ClassStore
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.run_labels import shown_as_typed
from torchcanvas.store.runs import ENDED, Run, RunStatus

router = APIRouter(prefix="/api/classes", tags=["classes"])


def _shown_as_typed(text: str) -> str:
    return shown_as_typed(text, HIDDEN, "names")


# Names people type and others read: trimmed, not empty, every character visible.
ClassName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    AfterValidator(_shown_as_typed),
]
StudentName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(_shown_as_typed),
]


class ClassRequest(BaseModel):
    model_config = REQUEST

    name: ClassName = Field(description="What students see they hand in to, e.g. `Period 3`.")


class ClassSummary(ClassRecord):
    """A class in its teacher's list."""


class ClassEntry(BaseModel):
    """A run handed in to the class, as it stands now."""

    id: str
    student_name: str
    run_name: str = Field(description="The name its student gave the run, else its design's.")
    dataset: str
    status: RunStatus
    epoch: int
    epochs: int = Field(description="The epochs the run was set to train.")
    val_accuracy: float | None = Field(description="0 to 1; null for regression.")
    val_loss: float | None
    handed_at: float
    link: str = Field(description="The run's share link page (`/s/<token>`): live charts.")


class ClassView(BaseModel):
    """A class as its teacher's page shows it: its code and the runs handed in."""

    code: str
    name: str
    created_at: float
    entries: list[ClassEntry]


_ERRORS = error_replies(404)


@router.post(
    "",
    status_code=201,
    responses=error_replies(401, 409, 429, 507),
    dependencies=[Depends(require_login), Depends(require_disk_space)],
)
def create_class(
    body: ClassRequest, services: ServicesDep, owner: OwnerDep, request: Request
) -> ClassView:
    """A new class of this browser's, with a code of 6 letters and digits for students to type
    on their run's page (Hand in to a class). Where the server asks a login token, creating a
    class does too; an address creates at most 60 a day."""
    store = ClassStore(services.db)
    code = store.create(owner, body.name, address_hash(services.owner_key, client_address(request)))
    return class_view(services, store.get_owned(code, owner))


@router.get("")
def list_classes(services: ServicesDep, owner: OwnerDep) -> list[ClassSummary]:
    """This browser's open classes, newest first."""
    return [ClassSummary(**c.model_dump()) for c in ClassStore(services.db).owned(owner)]


@router.get("/{code}", responses=_ERRORS)
def get_class(code: str, services: ServicesDep, owner: OwnerDep) -> ClassView:
    """The class and the runs handed in to it, each as it stands (its teacher's page reads it
    every few seconds)."""
    return class_view(services, ClassStore(services.db).get_owned(code, owner))


@router.delete("/{code}", status_code=204, responses=_ERRORS)
def end_class(code: str, services: ServicesDep, owner: OwnerDep) -> Response:
    """Ends the class: the links of its runs are revoked, and its code takes no more."""
    store = ClassStore(services.db)
    store.end(store.get_owned(code, owner).code)
    return Response(status_code=204)


@router.delete("/{code}/entries/{entry_id}", status_code=204, responses=_ERRORS)
def remove_entry(code: str, entry_id: str, services: ServicesDep, owner: OwnerDep) -> Response:
    """Takes a run out of the class, revoking the link it was handed in with."""
    store = ClassStore(services.db)
    store.remove_entry(store.get_owned(code, owner).code, entry_id)
    return Response(status_code=204)


def class_view(services: Services, record: ClassRecord) -> ClassView:
    entries = ClassStore(services.db).entries(record.code)
    shown = [e for e in (_entry(services, entry) for entry in entries) if e is not None]
    return ClassView(
        code=record.code, name=record.name, created_at=record.created_at, entries=shown
    )


def shows_nothing(services: Services, run: Run) -> bool:
    """A run that ended with nothing to show: stopped while queued, or failed before it saved
    weights. Such runs leave the classes they were handed in to (at the next hand-in; the
    class's page shows them no more)."""
    return run.status in ENDED and not services.run_service.folder(run.id).has_weights()


def ended_without_weights(services: Services, run_id: str) -> bool:
    try:
        run = services.run_service.find(run_id)
    except DamagedRecord:  # not shown (see _entry), and left as it is for its owner
        return False
    return run is not None and shows_nothing(services, run)


def _entry(services: Services, entry: EntryRecord) -> ClassEntry | None:
    try:
        run = services.run_service.find(entry.run_id)
    except DamagedRecord:  # logged; the class's other runs are shown
        return None
    if run is None:  # deleted as the class was read
        return None
    if shows_nothing(services, run):
        return None
    return ClassEntry(
        id=entry.id,
        student_name=entry.student_name,
        run_name=run.name or run.design.name,
        dataset=run.dataset_title or run.training.dataset,
        status=run.status,
        epoch=run.metrics.epoch,
        epochs=run.training.epochs,
        val_accuracy=run.metrics.val_accuracy,
        val_loss=run.metrics.val_loss,
        handed_at=entry.handed_at,
        link=f"/s/{entry.token}",
    )
