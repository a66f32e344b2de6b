"""What the classes' store (store/classes.py) reads out, and the problems it raises."""

from pydantic import BaseModel

from torchcanvas.problems import Conflict, Gone, NotFound, TooMany


class ClassRecord(BaseModel):
    """A class as its teacher sees it in the list."""

    code: str
    name: str
    created_at: float
    entries: int


class EntryRecord(BaseModel):
    """One run handed in: its link and who handed it in."""

    id: str
    run_id: str
    share_id: str
    token: str
    student_name: str
    handed_at: float


class HandIn(BaseModel):
    """A run's entry in a class, as the student who handed it in sees it: never the others'."""

    share_id: str
    class_name: str
    student_name: str
    handed_at: float


class ClassUnknown(NotFound, LookupError):
    """A code no class has (or, to its teacher's pages, another browser's class)."""


class ClassEnded(Gone, LookupError):
    """A class its teacher ended: it takes no more runs."""


class TooManyClasses(Conflict, ValueError):
    """A teacher with MAX_CLASSES_PER_TEACHER open classes."""


class TooManyNewClasses(TooMany, ValueError):
    """An address that made MAX_CLASSES_PER_ADDRESS_PER_DAY classes in the last day."""


class RunLeft(NotFound, LookupError):
    """A run deleted as it was handed in."""


class ClassFull(Conflict, ValueError):
    """A class holding MAX_ENTRIES_PER_CLASS runs."""
