"""Rows of the database that no longer read (a disk fault, an edit by hand): each is logged once, a
record asked for by itself says so (DamagedRecord: a 409 that says what to do), and a list leaves
it out. One such row never stops the server, nor the lists of everything else."""

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from torchcanvas.problems import Conflict

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")
T = TypeVar("T")


class DamagedRecord(Conflict, ValueError):
    """A stored record whose columns do not read: says which record, which columns, and the fix."""

    def __init__(self, what: str, columns: list[str], fix: str, for_viewers: str | None) -> None:
        self.what, self.columns = what, columns
        self.for_viewers = for_viewers
        named = ", ".join(columns) or "row"
        super().__init__(
            f"The record of {what} in the database is damaged (its {named} cannot be read): {fix}"
        )


def record_of(
    model: type[M],
    data: dict[str, Any],
    what: str,
    fix: str,
    json_columns: tuple[str, ...] = (),
    for_viewers: str | None = None,
) -> M:
    """A row's columns (`data`, its `json_columns` as stored text) as a `model`; DamagedRecord,
    logged, naming the columns that do not read."""
    unreadable = []
    for column in json_columns:
        try:
            data[column] = json.loads(data[column])
        except (TypeError, ValueError):
            unreadable.append(column)
    if not unreadable:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            unreadable = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
    damage = DamagedRecord(what, unreadable, fix, for_viewers)
    report(damage)
    raise damage


def readable(rows: Iterable[R], read: Callable[[R], T]) -> list[T]:
    """The records of the rows that read, in order: each damaged one is left out."""
    records = []
    for row in rows:
        try:
            records.append(read(row))
        except DamagedRecord:
            continue
    return records


_reported: set[str] = set()
_REPORTED_KEPT = 1000  # messages remembered; past that, the set starts again (said again, once)


def report(damage: Exception) -> None:
    """Logs a damaged record (or event) once a server: lists and pages read it again and again."""
    said = str(damage)
    if said not in _reported:
        if len(_reported) >= _REPORTED_KEPT:  # each names its event: a damaged log has many
            _reported.clear()
        _reported.add(said)
        log.error("%s", said)
